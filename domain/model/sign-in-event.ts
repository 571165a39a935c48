import type { AccountRef } from './account';

/** Outcomes kept in the audit trail of an account. */
export type SignInOutcome =
  | 'attempt' // counted and allowed to reach the password check
  | 'rejected' // refused because the account is locked
  | 'lockout' // this attempt engaged a lock
  | 'forced-reset' // this attempt engaged a lock and required a password reset
  | 'unprotected' // the ledger was unavailable and the attempt was let through (fail open)
  | 'refused-unavailable' // the ledger was unavailable and the attempt was refused (fail closed)
  | 'refused-error' // a defect or misconfiguration stopped the decision; refused with the generic message
  | 'success' // the password was right
  | 'recovery'; // the password was reset, the lockout cleared

export interface SignInEvent {
  /**
   * Unique per invocation (the handler passes Lambda's request id, so an entry and its log line share
   * it). An entry recorded again under the same id replaces the first.
   */
  readonly id: string;
  readonly account: AccountRef;
  readonly outcome: SignInOutcome;
  readonly at: number;
  /** False for attempts on usernames that do not exist (counted like any other). */
  readonly accountExists: boolean;
}
