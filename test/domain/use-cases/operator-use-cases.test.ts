import { expect } from 'chai';
import {
  InspectAccount,
  InvalidInputError,
  NO_ATTEMPTS,
  StoreUnavailableError,
  UnlockAccount,
} from '../../../domain';
import { administrationStubs } from '../../support/fakes/administration-stubs';
import { FixedClock } from '../../support/fakes/fixed-clock';
import { PlainAccountKeys } from '../../support/fakes/plain-account-keys';

const T0 = Date.parse('2026-11-23T10:00:00Z');
const LOCKED = { ...NO_ATTEMPTS, streak: 7, lockedUntil: T0 + 60_000, lockouts: 2, lastLockedAt: T0 - 1 };

const administration = administrationStubs;

describe('InspectAccount', () => {
  it('reads the account under the key of the normalised username and says whether it is locked now', async () => {
    const store = administration();
    store.read.resolves({ protection: LOCKED, audit: [{ id: 'e', outcome: 'lockout', at: T0 - 1, accountExists: true }] });
    const inspection = await new InspectAccount(new PlainAccountKeys(), store, new FixedClock(T0)).execute({ username: ' Ada ', auditLimit: 5 });
    expect(store.read.firstCall.args).to.deep.equal([{ key: 'ada' }, { auditLimit: 5 }]);
    expect(inspection).to.deep.include({ account: { key: 'ada' }, protection: LOCKED, locked: true });
    const later = await new InspectAccount(new PlainAccountKeys(), store, new FixedClock(T0 + 60_000)).execute({ username: 'ada' });
    expect(later.locked).to.equal(false);
  });

  it('reports no attempts when nothing is counted', async () => {
    const inspection = await new InspectAccount(new PlainAccountKeys(), administration(), new FixedClock(T0)).execute({ username: 'calm' });
    expect(inspection).to.deep.equal({ account: { key: 'calm' }, protection: NO_ATTEMPTS, locked: false, audit: [] });
  });

  it('refuses an empty username before reading anything', async () => {
    const store = administration();
    const error = await new InspectAccount(new PlainAccountKeys(), store, new FixedClock(T0)).execute({ username: '  ' }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(InvalidInputError);
    expect(store.read.called).to.equal(false);
  });
});

describe('UnlockAccount', () => {
  it('unlocks with an audit entry naming the operator and returns what it cleared', async () => {
    const store = administration();
    store.unlock.resolves(LOCKED);
    const result = await new UnlockAccount(new PlainAccountKeys(), store, new FixedClock(T0)).execute({ eventId: 'u-1', username: 'Ada', operator: ' support ' });
    expect(result).to.deep.equal({ outcome: 'unlocked', cleared: LOCKED });
    expect(store.unlock.firstCall.args).to.deep.equal([{ key: 'ada' }, { id: 'u-1', at: T0, operator: 'support' }]);
  });

  it('says so when there was nothing to unlock', async () => {
    const result = await new UnlockAccount(new PlainAccountKeys(), administration(), new FixedClock(T0)).execute({ eventId: 'u', username: 'calm', operator: 'support' });
    expect(result).to.deep.equal({ outcome: 'nothing-to-unlock' });
  });

  it('refuses an unnamed or absurdly named operator before touching the store', async () => {
    const store = administration();
    const useCase = new UnlockAccount(new PlainAccountKeys(), store, new FixedClock(T0));
    for (const operator of [' ', 'x'.repeat(257)]) {
      expect(await useCase.execute({ eventId: 'u', username: 'ada', operator }).catch((e: unknown) => e)).to.be.instanceOf(InvalidInputError);
    }
    expect(store.unlock.called).to.equal(false);
  });

  it('lets a store failure through for the operator to read', async () => {
    const store = administration();
    store.unlock.rejects(new StoreUnavailableError('DynamoDB DeleteItem (unlock) timed out'));
    const error = await new UnlockAccount(new PlainAccountKeys(), store, new FixedClock(T0)).execute({ eventId: 'u', username: 'ada', operator: 'o' }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(StoreUnavailableError);
  });
});
