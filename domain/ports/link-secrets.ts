/**
 * Makes the secrets sign-in links carry and hashes them for storage. A token names the account's
 * username too (for a browser that opens the link without the session that asked for it) and at least
 * 128 bits of randomness; only its hash is ever stored.
 */
export interface LinkSecrets {
  create(username: string): { readonly token: string; readonly secretHash: string };
  hashOf(token: string): string;
}
