import type { Confirmation, SignIn } from '../model/account';

/** The user records Gatehouse keeps next to the pool. */
export interface AccountStore {
  /** Record the last sign-in time and add one to the sign-in count, creating the record if needed. */
  recordSignIn(signIn: SignIn): Promise<void>;
  /**
   * Record a confirmed sign-up, merged into whatever the record already holds: what it already has is
   * kept (a retried event changes nothing). `created` when this call recorded the confirmation.
   */
  recordConfirmation(confirmation: Confirmation): Promise<'created' | 'existing'>;
}
