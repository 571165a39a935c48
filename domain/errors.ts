/**
 * Domain errors carry a stable `code` (for logs, metrics and tests) and a `userFacing` flag. What a user
 * may read is decided once, at the handler boundary: user-facing messages are shown verbatim by Cognito
 * as "<Trigger> failed with error <message>.", so they end without a full stop and reveal nothing about
 * whether an account exists.
 */
export abstract class DomainError extends Error {
  /** Spelled out in each class: bundles are minified, and class names with them. */
  abstract override readonly name: string;
  abstract readonly code: string;
  abstract readonly userFacing: boolean;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

export class AccountLockedError extends DomainError {
  override readonly name = 'AccountLockedError';
  readonly code = 'ACCOUNT_LOCKED';
  readonly userFacing = true;
  constructor() {
    super('Too many failed sign-in attempts, please try again later');
  }
}

export class PasswordResetRequiredError extends DomainError {
  override readonly name = 'PasswordResetRequiredError';
  readonly code = 'PASSWORD_RESET_REQUIRED';
  readonly userFacing = true;
  constructor() {
    super('Too many failed sign-in attempts, check your email for a code to reset your password');
  }
}

export class SignInUnavailableError extends DomainError {
  override readonly name = 'SignInUnavailableError';
  readonly code = 'SIGN_IN_UNAVAILABLE';
  readonly userFacing = true;
  constructor() {
    super('Sign-in is temporarily unavailable, please try again in a few minutes');
  }
}

/** A sign-up whose email address has no valid domain (or no address at all). */
export class InvalidEmailAddressError extends DomainError {
  override readonly name = 'InvalidEmailAddressError';
  readonly code = 'SIGN_UP_EMAIL_INVALID';
  readonly userFacing = true;
  constructor() {
    super('Enter a valid email address');
  }
}

/** A sign-up at a domain the stack's allow list does not name. */
export class EmailDomainNotAllowedError extends DomainError {
  override readonly name = 'EmailDomainNotAllowedError';
  readonly code = 'SIGN_UP_DOMAIN_NOT_ALLOWED';
  readonly userFacing = true;
  constructor() {
    super('Sign-up is open only to addresses of approved email domains');
  }
}

/** A sign-up at a domain the stack blocks. */
export class EmailDomainBlockedError extends DomainError {
  override readonly name = 'EmailDomainBlockedError';
  readonly code = 'SIGN_UP_DOMAIN_BLOCKED';
  readonly userFacing = true;
  constructor() {
    super('Addresses of this email domain cannot be used to sign up');
  }
}

/** A sign-up with a throw-away address. */
export class DisposableEmailAddressError extends DomainError {
  override readonly name = 'DisposableEmailAddressError';
  readonly code = 'SIGN_UP_EMAIL_DISPOSABLE';
  readonly userFacing = true;
  constructor() {
    super('Disposable email addresses cannot be used to sign up, please use a permanent address');
  }
}

/** A self sign-up without the captcha token the stack requires. */
export class HumanVerificationMissingError extends DomainError {
  override readonly name = 'HumanVerificationMissingError';
  readonly code = 'SIGN_UP_CAPTCHA_MISSING';
  readonly userFacing = true;
  constructor() {
    super('Complete the verification challenge to sign up');
  }
}

/** The captcha provider refused the sign-up's token (invalid, expired, already used, too low a score). */
export class HumanVerificationFailedError extends DomainError {
  override readonly name = 'HumanVerificationFailedError';
  readonly code = 'SIGN_UP_CAPTCHA_FAILED';
  readonly userFacing = true;
  constructor() {
    super('The verification challenge could not be confirmed, please try it again');
  }
}

/** A check sign-up depends on could not run (the captcha provider is unreachable and the stack refuses then). */
export class SignUpUnavailableError extends DomainError {
  override readonly name = 'SignUpUnavailableError';
  readonly code = 'SIGN_UP_UNAVAILABLE';
  readonly userFacing = true;
  constructor() {
    super('Sign-up is temporarily unavailable, please try again in a few minutes');
  }
}

/**
 * The attempt ledger, account store or audit trail could not answer in time: a timeout, throttling, a
 * server error or a network failure. Transient by nature, so the stack's failure mode applies.
 */
export class StoreUnavailableError extends DomainError {
  override readonly name = 'StoreUnavailableError';
  readonly code = 'STORE_UNAVAILABLE';
  readonly userFacing = false;
}

/**
 * The store answered and refused the request: a missing table, a missing permission, a request it
 * cannot accept. A defect or a misconfiguration, never an outage: no failure mode lets an attempt
 * through on it.
 */
export class StoreRejectedError extends DomainError {
  override readonly name = 'StoreRejectedError';
  readonly code = 'STORE_REJECTED';
  readonly userFacing = false;
}

/** The user directory (Cognito administration) could not answer in time (transient). */
export class DirectoryUnavailableError extends DomainError {
  override readonly name = 'DirectoryUnavailableError';
  readonly code = 'DIRECTORY_UNAVAILABLE';
  readonly userFacing = false;
}

/** The user directory refused an action (no such user, no verified contact, missing permission, …). */
export class DirectoryRejectedError extends DomainError {
  override readonly name = 'DirectoryRejectedError';
  readonly code = 'DIRECTORY_REJECTED';
  readonly userFacing = false;
}

/** The mail provider could not be reached or did not answer in time (transient). */
export class MailUnavailableError extends DomainError {
  override readonly name = 'MailUnavailableError';
  readonly code = 'MAIL_UNAVAILABLE';
  readonly userFacing = false;
}

/** The mail provider refused the message (a bad recipient, an unverified sender, missing permission, …). */
export class MailRejectedError extends DomainError {
  override readonly name = 'MailRejectedError';
  readonly code = 'MAIL_REJECTED';
  readonly userFacing = false;
}

/** The SMS provider could not be reached or did not answer in time (transient). */
export class TextUnavailableError extends DomainError {
  override readonly name = 'TextUnavailableError';
  readonly code = 'TEXT_UNAVAILABLE';
  readonly userFacing = false;
}

/** The SMS provider refused the message (a bad number, an unverified sender, missing permission, a limit). */
export class TextRejectedError extends DomainError {
  override readonly name = 'TextRejectedError';
  readonly code = 'TEXT_REJECTED';
  readonly userFacing = false;
}

/** The reminder workflow of a sign-up could not be started. */
export class ReminderUnavailableError extends DomainError {
  override readonly name = 'ReminderUnavailableError';
  readonly code = 'REMINDER_UNAVAILABLE';
  readonly userFacing = false;
}

/** Step Functions refused to start the reminder workflow (a missing permission or state machine). */
export class ReminderRejectedError extends DomainError {
  override readonly name = 'ReminderRejectedError';
  readonly code = 'REMINDER_REJECTED';
  readonly userFacing = false;
}

/** The key service could not be reached or did not answer in time: the code may decrypt on a retry. */
export class CodeUnavailableError extends DomainError {
  override readonly name = 'CodeUnavailableError';
  readonly code = 'CODE_UNAVAILABLE';
  readonly userFacing = false;
}

/**
 * An encrypted code that will never decrypt here: not base64, not an encrypted message, truncated, for
 * another pool, under another key, or refused by the key service (a missing permission).
 */
export class CodeRejectedError extends DomainError {
  override readonly name = 'CodeRejectedError';
  readonly code = 'CODE_REJECTED';
  readonly userFacing = false;
}

/** The legacy directory a pool migrates from could not answer in time (timeout, 5xx, network). */
export class LegacyDirectoryUnavailableError extends DomainError {
  override readonly name = 'LegacyDirectoryUnavailableError';
  readonly code = 'LEGACY_DIRECTORY_UNAVAILABLE';
  readonly userFacing = false;
}

/** The legacy directory refused Gatehouse itself (a missing permission, a bad signature, a request it cannot read). */
export class LegacyDirectoryRejectedError extends DomainError {
  override readonly name = 'LegacyDirectoryRejectedError';
  readonly code = 'LEGACY_DIRECTORY_REJECTED';
  readonly userFacing = false;
}

/**
 * A migration that could not be decided (the legacy directory or the store failed). Its words are the
 * boundary's generic failure on purpose: a user must not learn from them that the legacy side was asked.
 */
export class MigrationUnavailableError extends DomainError {
  override readonly name = 'MigrationUnavailableError';
  readonly code = 'MIGRATION_UNAVAILABLE';
  readonly userFacing = true;
  constructor() {
    super('Something went wrong, please try again later');
  }
}

/** Input that does not satisfy the domain's rules (an empty username, a bad policy). */
export class InvalidInputError extends DomainError {
  override readonly name = 'InvalidInputError';
  readonly code = 'INVALID_INPUT';
  readonly userFacing = false;
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}

/**
 * Tokens for an account whose tenant the stack cannot tell (no attribute, no record): refused, because a
 * token without its tenant could be read by an API as belonging to none, or to any.
 */
export class TenantUnknownError extends DomainError {
  override readonly name = 'TenantUnknownError';
  readonly code = 'TENANT_UNKNOWN';
  readonly userFacing = true;
  constructor() {
    super('This account is not assigned to an organisation yet, please contact your administrator');
  }
}

/**
 * An operator named an account nobody has: the pool knows no such user, or (without the pool to ask)
 * nothing is kept under that name. Nothing is written on it.
 */
export class UnknownAccountError extends DomainError {
  override readonly name = 'UnknownAccountError';
  readonly code = 'UNKNOWN_ACCOUNT';
  readonly userFacing = false;
}

/**
 * An unlock took effect but its audit entry could not be written: the one outcome of an operator's
 * action that must be reported as done, with the gap in the trail named.
 */
export class UnauditedUnlockError extends DomainError {
  override readonly name = 'UnauditedUnlockError';
  readonly code = 'UNLOCK_NOT_AUDITED';
  readonly userFacing = false;
}

/** More sign-in links were asked for an account than the stack allows per window (whether it exists or not). */
export class MagicLinkRateLimitedError extends DomainError {
  override readonly name = 'MagicLinkRateLimitedError';
  readonly code = 'MAGIC_LINK_RATE_LIMITED';
  readonly userFacing = true;
  constructor() {
    super('Too many sign-in links were requested, please wait a few minutes and try again');
  }
}

/** A link request for a redirect URL the stack does not allow (or none). */
export class RedirectNotAllowedError extends DomainError {
  override readonly name = 'RedirectNotAllowedError';
  readonly code = 'MAGIC_LINK_REDIRECT_NOT_ALLOWED';
  readonly userFacing = true;
  constructor() {
    super('Sign-in links cannot lead to this address');
  }
}
