import sinon from 'sinon';
import {
  ClearLockoutAfterRecovery,
  RecordSignInAttempt,
  RecordSuccessfulSignIn,
  type AttemptDecision,
  type AttemptLedger,
  type SignInAttemptResult,
  type SignInProtectionPolicy,
} from '../../domain';
import type { TimedEvent } from '../domain/policy/lockout-arbitraries';
import { LockoutSimulation } from '../domain/policy/lockout-simulation';
import { FixedClock } from './fakes/fixed-clock';
import { InMemoryAccountStore } from './fakes/in-memory-account-store';
import { PlainAccountKeys } from './fakes/plain-account-keys';
import { InMemoryAuditTrail } from './fakes/in-memory-audit-trail';

export const REPLAY_START = Date.parse('2026-11-23T10:00:00Z');

export interface ReplayStep {
  readonly event: TimedEvent;
  /** The use case's answer, for attempts. */
  readonly result?: SignInAttemptResult;
  /** What the pure transitions decided for the same attempt. */
  readonly decision?: AttemptDecision;
  readonly model: LockoutSimulation;
}

/**
 * Plays a history of attempts, successes and recoveries through the three use cases over a ledger and,
 * side by side, through the pure transitions (the model); `check` sees every step.
 */
export async function replayHistory(options: {
  readonly ledger: AttemptLedger;
  readonly policy: SignInProtectionPolicy;
  readonly events: readonly TimedEvent[];
  readonly username: string;
  readonly accountExists: boolean;
  readonly check: (step: ReplayStep) => Promise<void> | void;
}): Promise<{ model: LockoutSimulation; directory: { requirePasswordReset: sinon.SinonStub } }> {
  const { ledger, policy, username, accountExists } = options;
  const clock = new FixedClock(REPLAY_START);
  const audit = new InMemoryAuditTrail();
  const directory = { requirePasswordReset: sinon.stub().resolves() };
  const keys = new PlainAccountKeys();
  const attempt = new RecordSignInAttempt(keys, ledger, audit, directory, clock, policy);
  const success = new RecordSuccessfulSignIn(keys, ledger, new InMemoryAccountStore(), audit, clock);
  const recovery = new ClearLockoutAfterRecovery(keys, ledger, audit, clock);
  let events = 0;
  const eventId = () => `event-${(events += 1)}`;
  const model = new LockoutSimulation(policy);

  for (const event of options.events) {
    const at = clock.advance(event.gapMs);
    if (event.kind === 'attempt') {
      const result = await attempt.execute({ eventId: eventId(), poolId: 'eu-west-1_G4tehouse', username, accountExists });
      const { decision } = model.attempt(at);
      await options.check({ event, result, decision, model });
    } else if (event.kind === 'success') {
      await success.execute({ eventId: eventId(), username });
      model.success(at);
      await options.check({ event, model });
    } else {
      await recovery.execute({ eventId: eventId(), username });
      model.recovery(at);
      await options.check({ event, model });
    }
  }
  return { model, directory };
}
