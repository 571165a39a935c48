import type { AccountRef } from '../model/account';
import type { LockEngagement } from '../model/login-attempts';
import type { CountedAttempt } from '../policy/lockout-transitions';

/**
 * Keeps the sign-in protection state of each account. Every method is a single atomic step (no
 * read-modify-write), because Cognito runs many sign-ins for one account at once and retries.
 * Implementations throw `StoreUnavailableError` when the store cannot answer in time.
 */
export interface AttemptLedger {
  /** Count one attempt, as `countAttempt` in lockout-transitions specifies. */
  countAttempt(account: AccountRef, now: number, windowSeconds: number): Promise<CountedAttempt>;
  /**
   * Engage a lock unless one is already active or the state was cleared meanwhile.
   * Returns false when another attempt engaged one first (or a success or recovery cleared the state).
   */
  engageLock(account: AccountRef, lock: LockEngagement, now: number): Promise<boolean>;
  /** Keep the current lock but drop its reset requirement (the reset could not be requested). */
  withdrawResetRequirement(account: AccountRef): Promise<void>;
  /** Clear the state after a successful sign-in, unless a lock is active (see `clearAfterSuccess`). */
  clearAfterSuccess(account: AccountRef, now: number): Promise<void>;
  /** Clear the state, an active lock included, after the password was reset. */
  clearAfterRecovery(account: AccountRef): Promise<void>;
}
