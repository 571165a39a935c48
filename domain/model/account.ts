import { InvalidInputError } from '../errors';

/** Cognito refuses longer usernames; anything longer is not a username, whatever was typed. */
export const MAX_USERNAME_LENGTH = 128;

/**
 * Usernames are case-insensitive in a Gatehouse pool: normalised here, once, before anything is keyed
 * on them. Unknown usernames (attempts for accounts that do not exist) are normalised and keyed
 * exactly like real ones, so that they behave identically.
 */
export function normaliseUsername(username: string): string {
  if (username.length > MAX_USERNAME_LENGTH) {
    throw new InvalidInputError(`username is longer than ${MAX_USERNAME_LENGTH} characters`);
  }
  const normalised = username.trim().toLowerCase();
  if (normalised.length === 0) {
    throw new InvalidInputError('username must not be empty');
  }
  return normalised;
}

/**
 * How every store names an account: an opaque key derived from the normalised username by
 * `AccountKeys` (a keyed hash), never the username itself. What was typed at a sign-in — often an
 * email address, sometimes a password typed into the wrong field — is never kept in clear.
 */
export interface AccountRef {
  readonly key: string;
}

export type AccountStatus =
  | 'UNCONFIRMED'
  | 'CONFIRMED'
  | 'RESET_REQUIRED'
  | 'FORCE_CHANGE_PASSWORD'
  | 'EXTERNAL_PROVIDER'
  | 'ARCHIVED'
  | 'UNKNOWN';

/** A user's record as Gatehouse keeps it next to the pool. Times are epoch milliseconds. */
export interface Account {
  readonly username: string;
  readonly sub?: string;
  readonly email?: string;
  readonly status?: AccountStatus;
  readonly createdAt?: number;
  readonly confirmedAt?: number;
  readonly lastSignInAt?: number;
  readonly signInCount?: number;
  readonly tenant?: string;
  readonly roles?: readonly string[];
}

/**
 * What a successful sign-in tells us about the account. The password was right, so `username` is a
 * real account's username (the pool's own), kept in the account's record.
 */
export interface SignIn {
  readonly account: AccountRef;
  readonly username: string;
  readonly sub?: string;
  readonly email?: string;
  readonly at: number;
}

/** What a confirmed sign-up tells us about the new account. */
export interface Confirmation {
  readonly account: AccountRef;
  readonly username: string;
  readonly sub?: string;
  readonly email?: string;
  /** Epoch milliseconds. */
  readonly at: number;
}
