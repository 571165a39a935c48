import type { AuditOptions, AuditTrail, SignInEvent, SignInOutcome } from '../../../domain';
import { FailureSwitch, type FailureOptions } from './failure-switch';

/** Keeps one entry per event id, in the order they were first recorded, as the table does. */
export class InMemoryAuditTrail implements AuditTrail {
  readonly events: SignInEvent[] = [];
  /** Every write, provisional ones included, in order. */
  readonly writes: { readonly event: SignInEvent; readonly provisional: boolean }[] = [];
  private readonly failures = new FailureSwitch<'record'>();

  async record(event: SignInEvent, options: AuditOptions = {}): Promise<void> {
    this.failures.check('record');
    const provisional = options.provisional === true;
    this.writes.push({ event, provisional });
    const index = this.events.findIndex((existing) => existing.id === event.id);
    if (index === -1) this.events.push(event);
    else if (!provisional) this.events[index] = event;
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
