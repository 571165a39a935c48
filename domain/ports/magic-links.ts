import type { AccountRef } from '../model/account';
import type { IssuedLink, Redemption } from '../model/magic-link';

/**
 * Keeps each account's sign-in link (one at a time: a new link replaces the one before) and counts the
 * links requested for it. Every method is one atomic request. Throws `StoreUnavailableError` when the
 * store cannot answer in time, `StoreRejectedError` when it refuses.
 */
export interface MagicLinkStore {
  /**
   * Count one link request in the account's current window of `windowSeconds` (fixed windows, aligned
   * on the epoch): the number of requests in it, this one included.
   */
  countRequest(account: AccountRef, now: number, windowSeconds: number): Promise<number>;
  /** Keep this link as the account's only one, until `validUntil` (and the table's TTL after it). */
  issue(account: AccountRef, link: IssuedLink): Promise<void>;
  /**
   * Use the account's link if its hash is `secretHash` and it is still valid: it is removed in the same
   * step, so a link signs in once. `wrong` when the account has no link or another one (used,
   * superseded, never sent), `expired` when the hash matches a link past its time.
   */
  redeem(account: AccountRef, secretHash: string, now: number): Promise<Redemption>;
}
