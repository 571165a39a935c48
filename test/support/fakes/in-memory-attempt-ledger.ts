import {
  clearAfterSuccess,
  countAttempt,
  engageLock,
  isLocked,
  NO_ATTEMPTS,
  type AccountRef,
  type AttemptLedger,
  type CountedAttempt,
  type LockEngagement,
  type LoginAttempts,
  withdrawResetRequirement,
} from '../../../domain';
import { FailureSwitch, type FailureOptions } from './failure-switch';

export type AttemptLedgerMethod = keyof AttemptLedger;

/**
 * The attempt ledger as the pure transitions of domain/policy/lockout-transitions.ts specify it, one
 * entry per account key. A cleared account has no entry, as in the DynamoDB ledger.
 */
export class InMemoryAttemptLedger implements AttemptLedger {
  private readonly states = new Map<string, LoginAttempts>();
  private readonly failures = new FailureSwitch<AttemptLedgerMethod>();

  async countAttempt(account: AccountRef, now: number, windowSeconds: number): Promise<CountedAttempt> {
    this.failures.check('countAttempt');
    const counted = countAttempt(this.states.get(account.key) ?? NO_ATTEMPTS, now, windowSeconds);
    if (counted.outcome === 'counted') this.states.set(account.key, counted.state);
    return counted;
  }

  async engageLock(account: AccountRef, lock: LockEngagement, now: number): Promise<boolean> {
    this.failures.check('engageLock');
    const state = this.states.get(account.key);
    if (state === undefined || isLocked(state, now)) return false;
    this.states.set(account.key, engageLock(state, lock, now));
    return true;
  }

  async withdrawResetRequirement(account: AccountRef): Promise<void> {
    this.failures.check('withdrawResetRequirement');
    const state = this.states.get(account.key);
    if (state !== undefined) this.states.set(account.key, withdrawResetRequirement(state));
  }

  async clearAfterSuccess(account: AccountRef, now: number): Promise<void> {
    this.failures.check('clearAfterSuccess');
    const state = this.states.get(account.key);
    if (state === undefined) return;
    // A lock that stands keeps its entry; anything cleared goes, as DeleteItem does in the real ledger.
    if (clearAfterSuccess(state, now) !== state) this.states.delete(account.key);
  }

  async clearAfterRecovery(account: AccountRef): Promise<void> {
    this.failures.check('clearAfterRecovery');
    this.states.delete(account.key);
  }

  /** The state kept for a normalised username; undefined when there is none (never counted, or cleared). */
  stateOf(username: string): LoginAttempts | undefined {
    return this.states.get(username);
  }

  /** Start a test from a given state. */
  seed(username: string, state: LoginAttempts): void {
    this.states.set(username, state);
  }

  /** Make the next call(s) fail; with no options, the next call of any method throws `StoreUnavailableError`. */
  failNext(options?: FailureOptions<AttemptLedgerMethod>): void {
    this.failures.failNext(options);
  }

  heal(): void {
    this.failures.heal();
  }
}
