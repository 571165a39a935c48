import { expect } from 'chai';
import fc from 'fast-check';
import sinon from 'sinon';
import {
  ClearLockoutAfterRecovery,
  NO_ATTEMPTS,
  RecordSignInAttempt,
  RecordSuccessfulSignIn,
  type SignInOutcome,
} from '../../../domain';
import { FixedClock } from '../../support/fakes/fixed-clock';
import { InMemoryAccountStore } from '../../support/fakes/in-memory-account-store';
import { InMemoryAttemptLedger } from '../../support/fakes/in-memory-attempt-ledger';
import { InMemoryAuditTrail } from '../../support/fakes/in-memory-audit-trail';
import { history, PROPERTY_OPTIONS, validPolicy } from '../policy/lockout-arbitraries';
import { LockoutSimulation } from '../policy/lockout-simulation';

const T0 = Date.parse('2026-11-23T10:00:00Z');

/**
 * The three use cases over the in-memory ledger must decide every attempt, and leave the account in
 * the state, that the pure transitions give for the same history.
 */
describe('the use cases follow the lockout transitions', () => {
  it('for any policy and any history of attempts, successes and recoveries', async () => {
    await fc.assert(
      fc.asyncProperty(validPolicy, history, fc.boolean(), async (policy, events, accountExists) => {
        const ledger = new InMemoryAttemptLedger();
        const audit = new InMemoryAuditTrail();
        const clock = new FixedClock(T0);
        const directory = { requirePasswordReset: sinon.stub().resolves() };
        const attempt = new RecordSignInAttempt(ledger, audit, directory, clock, policy);
        const success = new RecordSuccessfulSignIn(ledger, new InMemoryAccountStore(), audit, clock);
        const recovery = new ClearLockoutAfterRecovery(ledger, audit, clock);
        const model = new LockoutSimulation(policy);

        for (const event of events) {
          const at = clock.advance(event.gapMs);
          if (event.kind === 'attempt') {
            const result = await attempt.execute({ poolId: 'eu-west-1_G4tehouse', username: 'Alice', accountExists });
            const { decision } = model.attempt(at);
            const expected: SignInOutcome =
              decision.kind === 'allow'
                ? 'attempt'
                : decision.kind === 'refuse'
                  ? 'rejected'
                  : decision.lock.forceReset
                    ? 'forced-reset'
                    : 'lockout';
            expect(result.outcome).to.equal(expected);
            expect(result.verdict).to.equal(decision.kind === 'allow' ? 'allow' : 'deny');
            expect(result.incidents).to.deep.equal([]);
          } else if (event.kind === 'success') {
            await success.execute({ username: 'alice' });
            model.success(at);
          } else {
            await recovery.execute({ username: 'alice' });
            model.recovery(at);
          }
          expect(ledger.stateOf('alice') ?? NO_ATTEMPTS).to.deep.equal(model.state);
        }
        const forcedResets = model.steps.filter((step) => step.kind === 'attempt' && step.decision.kind === 'lock' && step.decision.lock.forceReset);
        expect(directory.requirePasswordReset.callCount).to.equal(accountExists ? forcedResets.length : 0);
      }),
      { ...PROPERTY_OPTIONS, numRuns: 150 },
    );
  });
});
