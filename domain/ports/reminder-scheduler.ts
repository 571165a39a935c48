/** A self sign-up whose confirmation Gatehouse follows up. */
export interface PendingSignUp {
  readonly poolId: string;
  /** The app client the user signed up through: reminders resend the confirmation code through it. */
  readonly clientId: string;
  readonly username: string;
  /** The account's key (see `AccountKeys`): the audit entry of a deletion is kept under it. */
  readonly accountKey: string;
  /** Epoch milliseconds. */
  readonly at: number;
}

/**
 * Starts the reminder workflow of a sign-up: remind the user while unconfirmed, then delete the user.
 * Idempotent for one sign-up (Cognito retries PreSignUp). Throws `ReminderUnavailableError` when the
 * workflow could not be started.
 */
export interface ReminderScheduler {
  /** `already-started` when a workflow for this user is running (a retried or repeated sign-up). */
  schedule(signUp: PendingSignUp): Promise<'started' | 'already-started'>;
}
