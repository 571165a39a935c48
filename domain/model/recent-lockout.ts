import type { Account, AccountRef } from './account';

/** A lock an account's attempts engaged, as the index of recent lockouts lists it. */
export interface RecentLockout {
  readonly account: AccountRef;
  /** When the lock engaged (epoch milliseconds). */
  readonly lockedAt: number;
  /** When it ends; absent when it was cleared in place (its item stays until the next success). */
  readonly lockedUntil?: number;
  /** The backoff level the lock reached (1 for a first lockout). */
  readonly level: number;
  readonly resetRequired: boolean;
  /**
   * The account's record when one is kept (a confirmed sign-up or a successful sign-in wrote it): what
   * names the account. Unknown usernames never have one: their key is all there is.
   */
  readonly record?: Partial<Account>;
}
