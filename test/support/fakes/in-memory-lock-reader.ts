import { isLocked, type AccountRef, type LockReader } from '../../../domain';
import { FailureSwitch, type FailureOptions } from './failure-switch';
import type { InMemoryAttemptLedger } from './in-memory-attempt-ledger';

/** Reads the locks of an in-memory ledger, as the DynamoDB lock reader reads the ledger's items. */
export class InMemoryLockReader implements LockReader {
  readonly reads: string[] = [];
  private readonly failures = new FailureSwitch<'isLocked'>();

  constructor(private readonly ledger: InMemoryAttemptLedger) {}

  async isLocked(account: AccountRef, now: number): Promise<boolean> {
    this.failures.check('isLocked');
    this.reads.push(account.key);
    const state = this.ledger.stateOf(account.key);
    return state !== undefined && isLocked(state, now);
  }

  failNext(options?: FailureOptions<'isLocked'>): void {
    this.failures.failNext(options);
  }
}
