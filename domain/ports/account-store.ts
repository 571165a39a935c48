import type { SignIn } from '../model/account';

/** The user records Gatehouse keeps next to the pool. */
export interface AccountStore {
  /** Record the last sign-in time and add one to the sign-in count, creating the record if needed. */
  recordSignIn(signIn: SignIn): Promise<void>;
}
