import type { AuditTrail, SignInEvent, SignInOutcome } from '../../../domain';
import { FailureSwitch, type FailureOptions } from './failure-switch';

/** Keeps every recorded event, in order. */
export class InMemoryAuditTrail implements AuditTrail {
  readonly events: SignInEvent[] = [];
  private readonly failures = new FailureSwitch<'record'>();

  async record(event: SignInEvent): Promise<void> {
    this.failures.check('record');
    this.events.push(event);
  }

  outcomes(): SignInOutcome[] {
    return this.events.map((event) => event.outcome);
  }

  failNext(options?: FailureOptions<'record'>): void {
    this.failures.failNext(options);
  }

  heal(): void {
    this.failures.heal();
  }
}
