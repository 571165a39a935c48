import { InvalidInputError } from '../errors';

/**
 * How the domain names an account. Usernames are case-insensitive in a Gatehouse pool, so the key is
 * normalised here, once, for every port. Unknown usernames (sign-in attempts for accounts that do not
 * exist) are keyed exactly like real ones so that they behave identically.
 */
export interface AccountRef {
  readonly username: string;
}

export function accountRef(username: string): AccountRef {
  const normalised = username.trim().toLowerCase();
  if (normalised.length === 0) {
    throw new InvalidInputError('username must not be empty');
  }
  return { username: normalised };
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

/** What a successful sign-in tells us about the account. */
export interface SignIn {
  readonly account: AccountRef;
  readonly sub?: string;
  readonly email?: string;
  readonly at: number;
}
