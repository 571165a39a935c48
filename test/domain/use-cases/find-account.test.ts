import { expect } from 'chai';
import sinon from 'sinon';
import {
  DirectoryUnavailableError,
  FindAccount,
  InvalidInputError,
  NO_ATTEMPTS,
  UnknownAccountError,
  UnlockNamedAccount,
  type PoolUser,
  type PoolUsers,
} from '../../../domain';
import { FixedClock } from '../../support/fakes/fixed-clock';
import { PlainAccountKeys } from '../../support/fakes/plain-account-keys';
import { administrationStubs as administration } from '../../support/fakes/administration-stubs';

const T0 = Date.parse('2026-11-23T10:00:00Z');
const ADA: PoolUser = { username: '0f6c-ada-sub', sub: '0f6c-ada-sub', email: 'ada@example.com', status: 'CONFIRMED', enabled: true };
const LOCKED = { ...NO_ATTEMPTS, streak: 6, lockedUntil: T0 + 60_000, lockouts: 1, lastLockedAt: T0 - 1 };

/** A pool that knows Ada by her username and her email, as a Gatehouse pool does (email is an alias). */
function pool(...users: PoolUser[]): PoolUsers & { find: sinon.SinonSpy } {
  return {
    find: sinon.spy(async (identifier: string) =>
      users.find((user) => user.username === identifier || user.email?.toLowerCase() === identifier.toLowerCase()),
    ),
  };
}

describe('FindAccount', () => {
  it('finds a pool user by email and reads what is kept under the pool’s username, as the triggers key it', async () => {
    const store = administration();
    store.read.withArgs({ key: ADA.username }).resolves({ protection: LOCKED, audit: [] });
    const found = await new FindAccount(new PlainAccountKeys(), store, new FixedClock(T0), pool(ADA)).execute({ identifier: ' Ada@Example.com ' });
    expect(found.kind).to.equal('pool-user');
    expect(found.inspection).to.deep.include({ account: { key: ADA.username }, locked: true });
    expect(found).to.not.have.property('typedName');
    // The typed address was read too (a name the pool did not know is counted as typed), without its trail.
    expect(store.read.secondCall.args).to.deep.equal([{ key: 'ada@example.com' }, { auditLimit: 0 }]);
  });

  it('shows attempts kept under the address as typed beside the account, when there are some', async () => {
    const store = administration();
    store.read.withArgs({ key: 'ada@example.com' }).resolves({ protection: { ...NO_ATTEMPTS, attemptsInWindow: 2, streak: 2 }, audit: [] });
    const found = await new FindAccount(new PlainAccountKeys(), store, new FixedClock(T0), pool(ADA)).execute({ identifier: 'ada@example.com' });
    expect(found.kind === 'pool-user' && found.typedName?.protection.attemptsInWindow).to.equal(2);
  });

  it('reads a username the pool knows once, under its own key', async () => {
    const store = administration();
    await new FindAccount(new PlainAccountKeys(), store, new FixedClock(T0), pool(ADA)).execute({ identifier: ADA.username, auditSince: T0 - 5 });
    expect(store.read.args).to.deep.equal([[{ key: ADA.username }, { auditSince: T0 - 5 }]]);
  });

  it('reads an unknown name as typed: attempts on it are counted, and shown as a name nobody has', async () => {
    const store = administration();
    store.read.resolves({ protection: { ...NO_ATTEMPTS, attemptsInWindow: 3, streak: 3 }, audit: [] });
    const found = await new FindAccount(new PlainAccountKeys(), store, new FixedClock(T0), pool(ADA)).execute({ identifier: 'Mallory@Example.com' });
    expect(found.kind).to.equal('unknown-name');
    expect(found.inspection.account).to.deep.equal({ key: 'mallory@example.com' });
  });

  it('refuses an unknown name nothing is kept under', async () => {
    const error = await new FindAccount(new PlainAccountKeys(), administration(), new FixedClock(T0), pool(ADA)).execute({ identifier: 'nobody@example.com' }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(UnknownAccountError);
    expect((error as Error).message).to.contain('the pool has no user nobody@example.com');
  });

  it('without a pool, takes the identifier as the username and refuses one nothing is kept under', async () => {
    const store = administration();
    store.read.withArgs({ key: 'kept' }).resolves({ audit: [{ id: 'e', outcome: 'success', at: T0, accountExists: true }] });
    const found = await new FindAccount(new PlainAccountKeys(), store, new FixedClock(T0)).execute({ identifier: 'Kept' });
    expect(found.kind).to.equal('keyed-name');
    const error = await new FindAccount(new PlainAccountKeys(), store, new FixedClock(T0)).execute({ identifier: 'other' }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(UnknownAccountError);
    expect((error as Error).message).to.contain('give the pool to look up an email address');
  });

  it('refuses an empty identifier before asking anyone', async () => {
    const users = pool(ADA);
    const store = administration();
    expect(await new FindAccount(new PlainAccountKeys(), store, new FixedClock(T0), users).execute({ identifier: ' ' }).catch((e: unknown) => e)).to.be.instanceOf(InvalidInputError);
    expect(users.find.called || store.read.called).to.equal(false);
  });
});

describe('UnlockNamedAccount', () => {
  it('unlocks the pool user an email signs in as, under the pool’s username, naming the operator', async () => {
    const store = administration();
    store.unlock.resolves(LOCKED);
    const result = await new UnlockNamedAccount(new PlainAccountKeys(), store, new FixedClock(T0), pool(ADA)).execute({ eventId: 'u-1', identifier: 'ada@example.com', operator: 'arn:aws:iam::1:user/support' });
    expect(result).to.deep.include({ outcome: 'unlocked', cleared: LOCKED });
    expect(store.unlock.firstCall.args).to.deep.equal([{ key: ADA.username }, { id: 'u-1', at: T0, operator: 'arn:aws:iam::1:user/support' }]);
  });

  it('writes nothing for a name the pool does not know, even with attempts kept under it', async () => {
    const store = administration();
    store.read.resolves({ protection: LOCKED, audit: [] });
    const error = await new UnlockNamedAccount(new PlainAccountKeys(), store, new FixedClock(T0), pool(ADA)).execute({ eventId: 'u', identifier: 'mallory', operator: 'o' }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(UnknownAccountError);
    expect(store.unlock.called).to.equal(false);
  });

  it('writes nothing when the pool cannot be asked', async () => {
    const store = administration();
    const users: PoolUsers = { find: sinon.stub().rejects(new DirectoryUnavailableError('Cognito AdminGetUser failed (TimeoutError)')) };
    const error = await new UnlockNamedAccount(new PlainAccountKeys(), store, new FixedClock(T0), users).execute({ eventId: 'u', identifier: 'ada@example.com', operator: 'o' }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(DirectoryUnavailableError);
    expect(store.read.called || store.unlock.called).to.equal(false);
  });

  it('writes nothing when the account cannot be read first', async () => {
    const store = administration();
    store.read.rejects(new Error('DynamoDB Query (account) failed'));
    await new UnlockNamedAccount(new PlainAccountKeys(), store, new FixedClock(T0), pool(ADA)).execute({ eventId: 'u', identifier: 'ada@example.com', operator: 'o' }).catch(() => undefined);
    expect(store.unlock.called).to.equal(false);
  });
});
