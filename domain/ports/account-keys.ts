import type { AccountRef } from '../model/account';

/**
 * Derives the key every store uses for an account from its normalised username, with a secret the
 * stores do not hold (a keyed hash), so that the table never keeps typed identifiers in clear. The
 * same username always gives the same key within a stack. Throws `StoreUnavailableError` when the key
 * material cannot be had in time, `StoreRejectedError` when it is missing or unusable.
 */
export interface AccountKeys {
  refFor(normalisedUsername: string): Promise<AccountRef>;
}
