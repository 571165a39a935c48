import { expect } from 'chai';
import fc from 'fast-check';
import { NO_ATTEMPTS, type SignInOutcome } from '../../../domain';
import { InMemoryAttemptLedger } from '../../support/fakes/in-memory-attempt-ledger';
import { replayHistory } from '../../support/replay-history';
import { history, PROPERTY_OPTIONS, validPolicy } from '../policy/lockout-arbitraries';

/**
 * The three use cases over the in-memory ledger must decide every attempt, and leave the account in
 * the state, that the pure transitions give for the same history.
 */
describe('the use cases follow the lockout transitions', () => {
  it('for any policy and any history of attempts, successes and recoveries', async () => {
    await fc.assert(
      fc.asyncProperty(validPolicy, history, fc.boolean(), async (policy, events, accountExists) => {
        const ledger = new InMemoryAttemptLedger();
        const { model, directory } = await replayHistory({
          ledger,
          policy,
          events,
          // Attempts arrive as typed; the ledger is keyed by the normalised name.
          username: 'Alice',
          accountExists,
          check: ({ result, decision, model: current }) => {
            if (result && decision) {
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
            }
            expect(ledger.stateOf('alice') ?? NO_ATTEMPTS).to.deep.equal(current.state);
          },
        });
        const forcedResets = model.steps.filter((step) => step.kind === 'attempt' && step.decision.kind === 'lock' && step.decision.lock.forceReset);
        expect(directory.requirePasswordReset.callCount).to.equal(accountExists ? forcedResets.length : 0);
      }),
      { ...PROPERTY_OPTIONS, numRuns: 150 },
    );
  });
});
