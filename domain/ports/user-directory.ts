/** Administrative actions on the identity provider's user directory (the Cognito user pool). */
export interface UserDirectory {
  /**
   * Require the user to reset their password: their current password stops working and a reset code
   * is sent to their verified contact. Throws `DirectoryUnavailableError` on failure.
   */
  requirePasswordReset(user: { readonly poolId: string; readonly username: string }): Promise<void>;
}
