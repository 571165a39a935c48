import { expect } from 'chai';
import { NO_ATTEMPTS, StoreUnavailableError } from '../../../domain';
import { InMemoryAttemptLedger } from './in-memory-attempt-ledger';

const T0 = Date.parse('2026-11-23T10:00:00Z');
const alice = { key: 'alice' };
const lock = { lockedUntil: T0 + 300_000, level: 1, forceReset: false };

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.fail('expected a rejection'),
    (error: unknown) => error,
  );
}

describe('InMemoryAttemptLedger (test fake)', () => {
  it('does not engage a lock on an account it holds nothing for', async () => {
    const ledger = new InMemoryAttemptLedger();
    expect(await ledger.engageLock(alice, lock, T0)).to.equal(false);
    expect(ledger.stateOf('alice')).to.equal(undefined);
  });

  it('does not engage a second lock over an active one', async () => {
    const ledger = new InMemoryAttemptLedger();
    await ledger.countAttempt(alice, T0, 900);
    expect(await ledger.engageLock(alice, lock, T0)).to.equal(true);
    expect(await ledger.engageLock(alice, { ...lock, lockedUntil: T0 + 900_000, level: 2 }, T0 + 1)).to.equal(false);
    expect(ledger.stateOf('alice')?.lockedUntil).to.equal(lock.lockedUntil);
  });

  it('fails the next call with StoreUnavailableError, then works again', async () => {
    const ledger = new InMemoryAttemptLedger();
    ledger.failNext();
    expect(await rejectionOf(ledger.countAttempt(alice, T0, 900))).to.be.instanceOf(StoreUnavailableError);
    expect(ledger.stateOf('alice')).to.equal(undefined);
    expect((await ledger.countAttempt(alice, T0, 900)).outcome).to.equal('counted');
  });

  it('can fail only one method, a number of times, until healed', async () => {
    const ledger = new InMemoryAttemptLedger();
    ledger.seed('alice', { ...NO_ATTEMPTS, attemptsInWindow: 1, windowStartedAt: T0, streak: 1 });
    ledger.failNext({ only: 'clearAfterSuccess', times: Number.POSITIVE_INFINITY, error: () => new RangeError('x') });
    await ledger.countAttempt(alice, T0, 900);
    expect(await rejectionOf(ledger.clearAfterSuccess(alice, T0))).to.be.instanceOf(RangeError);
    expect(await rejectionOf(ledger.clearAfterSuccess(alice, T0))).to.be.instanceOf(RangeError);
    ledger.heal();
    await ledger.clearAfterSuccess(alice, T0);
    expect(ledger.stateOf('alice')).to.equal(undefined);
  });
});
