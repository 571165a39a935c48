/**
 * The SSM parameter holding a stack's account key secret (a SecureString under the stack's KMS key).
 * The functions are told its name; only they may read and decrypt it.
 */
export function accountKeyParameterName(prefix: string): string {
  return `/${prefix}/account-key`;
}
