import type { Account } from './account';
import type { LoginAttempts } from './login-attempts';

/**
 * One entry of an account's audit trail as an operator reads it back. Outcomes are the sign-in
 * outcomes, an operator's `unlocked`, and what other writers record (the reminder workflow's
 * `deleted-unconfirmed`), so they stay open strings here.
 */
export interface AuditEntry {
  readonly id: string;
  readonly outcome: string;
  readonly at: number;
  readonly accountExists: boolean;
  /** Who did it, for operators' actions. */
  readonly operator?: string;
}

/** Everything kept for one account, as an operator sees it. */
export interface AccountSnapshot {
  /** The account's record: absent for accounts never confirmed or signed in to (and for unknown usernames). */
  readonly record?: Partial<Account>;
  /** The sign-in protection state: absent when nothing is counted. */
  readonly protection?: LoginAttempts;
  /** Newest first. */
  readonly audit: readonly AuditEntry[];
}

/** What an operator's unlock records. */
export interface Unlock {
  /** Unique per action: the audit entry's id. */
  readonly id: string;
  readonly at: number;
  /** Who unlocked: the operator's identity as the tool knows it (an IAM ARN, "sandbox console"). */
  readonly operator: string;
}
