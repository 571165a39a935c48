import type { AccountRef } from '../model/account';
import type { AccountSnapshot, Unlock } from '../model/account-snapshot';
import type { LoginAttempts } from '../model/login-attempts';
import type { RecentLockout } from '../model/recent-lockout';

export interface ReadOptions {
  /** Audit entries at or after this time (epoch milliseconds). */
  readonly auditSince?: number;
  /** At most this many audit entries, the newest. */
  readonly auditLimit?: number;
}

/**
 * What operators do to an account outside of any sign-in: read everything kept for it, and lift its
 * sign-in protection. Throws `StoreUnavailableError` / `StoreRejectedError` like the other stores.
 */
/** Which lockouts to list: those engaged in `[since, until]`, the newest first, at most `limit`. */
export interface LockoutQuery {
  readonly since: number;
  readonly until: number;
  readonly limit: number;
}

export interface AccountAdministration {
  read(account: AccountRef, options?: ReadOptions): Promise<AccountSnapshot>;
  /**
   * Clear the account's protection state (an active lock, the counters, the backoff level and a reset
   * requirement) and record the unlock in its audit trail. Returns the state it cleared, or undefined
   * when there was none: then nothing is written. Throws `UnauditedUnlockError` when the state was
   * cleared but the audit entry could not be written.
   */
  unlock(account: AccountRef, unlock: Unlock): Promise<LoginAttempts | undefined>;
  /**
   * Accounts whose last lockout engaged in the period, across accounts, newest first, each named by its
   * record where one is kept. An account appears once, at its latest lock, for as long as its
   * protection state is kept (a success, a recovery or an unlock removes it).
   */
  recentLockouts(query: LockoutQuery): Promise<RecentLockout[]>;
}
