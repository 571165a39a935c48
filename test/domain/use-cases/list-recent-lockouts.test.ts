import { expect } from 'chai';
import { DEFAULT_LOCKOUT_PERIOD_MS, InvalidInputError, ListRecentLockouts, MAX_LOCKOUT_PERIOD_MS } from '../../../domain';
import { FixedClock } from '../../support/fakes/fixed-clock';
import { administrationStubs as administration } from '../../support/fakes/administration-stubs';

const T0 = Date.parse('2026-11-23T10:00:00Z');

describe('ListRecentLockouts', () => {
  it('asks for the last day by default and says which locks are still in force', async () => {
    const store = administration();
    store.recentLockouts.resolves([
      { account: { key: 'a' }, lockedAt: T0 - 10, lockedUntil: T0 + 1, level: 1, resetRequired: false },
      { account: { key: 'b' }, lockedAt: T0 - 500_000, lockedUntil: T0, level: 2, resetRequired: true },
    ]);
    const listed = await new ListRecentLockouts(store, new FixedClock(T0)).execute();
    expect(store.recentLockouts.firstCall.args).to.deep.equal([{ since: T0 - DEFAULT_LOCKOUT_PERIOD_MS, until: T0, limit: 100 }]);
    expect(listed.map((lockout) => [lockout.account.key, lockout.locked])).to.deep.equal([
      ['a', true],
      ['b', false],
    ]);
  });

  it('refuses a period in the future, one too long, and a bad limit, before reading anything', async () => {
    const store = administration();
    const useCase = new ListRecentLockouts(store, new FixedClock(T0));
    for (const input of [{ since: T0 + 1 }, { since: T0 - MAX_LOCKOUT_PERIOD_MS - 1 }, { since: Number.NaN }, { limit: 0 }, { limit: 1.5 }, { limit: 1001 }]) {
      expect(await useCase.execute(input).catch((e: unknown) => e), JSON.stringify(input)).to.be.instanceOf(InvalidInputError);
    }
    expect(store.recentLockouts.called).to.equal(false);
  });
});
