import type { AccountRef } from '../model/account';

/**
 * Reads, without counting anything, whether an account is locked now. For triggers that must respect a
 * lock PreAuthentication engaged but must not count the attempt a second time (UserMigration).
 * Throws `StoreUnavailableError` when the store cannot answer in time.
 */
export interface LockReader {
  isLocked(account: AccountRef, now: number): Promise<boolean>;
}
