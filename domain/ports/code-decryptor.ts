/**
 * Turns the code Cognito hands a custom sender (encrypted under the stack's key, for one pool) back into
 * the code or temporary password to deliver. Throws `CodeRejectedError` for a code that will never
 * decrypt here (malformed, for another pool, under another key) and `CodeUnavailableError` when the key
 * service did not answer in time.
 */
export interface CodeDecryptor {
  decrypt(encrypted: string, expected: { readonly poolId: string }): Promise<string>;
}
