/**
 * Domain errors carry a stable `code` (for logs, metrics and tests) and a `userFacing` flag. What a user
 * may read is decided once, at the handler boundary: user-facing messages are shown verbatim by Cognito
 * as "<Trigger> failed with error <message>.", so they end without a full stop and reveal nothing about
 * whether an account exists.
 */
export abstract class DomainError extends Error {
  abstract readonly code: string;
  abstract readonly userFacing: boolean;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

export class AccountLockedError extends DomainError {
  readonly code = 'ACCOUNT_LOCKED';
  readonly userFacing = true;
  constructor() {
    super('Too many failed sign-in attempts, please try again later');
  }
}

export class PasswordResetRequiredError extends DomainError {
  readonly code = 'PASSWORD_RESET_REQUIRED';
  readonly userFacing = true;
  constructor() {
    super('Too many failed sign-in attempts, check your email for a code to reset your password');
  }
}

export class SignInUnavailableError extends DomainError {
  readonly code = 'SIGN_IN_UNAVAILABLE';
  readonly userFacing = true;
  constructor() {
    super('Sign-in is temporarily unavailable, please try again in a few minutes');
  }
}

/** The attempt ledger, account store or audit trail could not be reached in time. */
export class StoreUnavailableError extends DomainError {
  readonly code = 'STORE_UNAVAILABLE';
  readonly userFacing = false;
}

/** The user directory (Cognito administration) refused or failed an action. */
export class DirectoryUnavailableError extends DomainError {
  readonly code = 'DIRECTORY_UNAVAILABLE';
  readonly userFacing = false;
}

/** Input that does not satisfy the domain's rules (an empty username, a bad policy). */
export class InvalidInputError extends DomainError {
  readonly code = 'INVALID_INPUT';
  readonly userFacing = false;
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}
