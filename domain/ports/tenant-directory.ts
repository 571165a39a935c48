import type { AccountRef } from '../model/account';

/**
 * Which tenant an account belongs to, as its record says. Read on every token issue when a stack takes
 * the tenant from the record: one read, nothing written. Throws `StoreUnavailableError` /
 * `StoreRejectedError` like the other stores.
 */
export interface TenantDirectory {
  /** The account's tenant, or undefined when its record names none (or there is no record). */
  tenantOf(account: AccountRef): Promise<string | undefined>;
}
