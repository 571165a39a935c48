import { expect } from 'chai';
import sinon from 'sinon';
import {
  InvalidInputError,
  NO_ATTEMPTS,
  RecordSuccessfulSignIn,
  StoreUnavailableError,
  type AccountStore,
  type AttemptLedger,
  type AuditTrail,
} from '../../../domain';
import { nextEventId, withoutId } from '../../support/event-ids';
import { FixedClock } from '../../support/fakes/fixed-clock';
import { PlainAccountKeys } from '../../support/fakes/plain-account-keys';
import { InMemoryAccountStore } from '../../support/fakes/in-memory-account-store';
import { InMemoryAttemptLedger } from '../../support/fakes/in-memory-attempt-ledger';
import { InMemoryAuditTrail } from '../../support/fakes/in-memory-audit-trail';
import { deferred, flushPromises } from './deferred';

const T0 = Date.parse('2026-11-23T10:00:00Z');
const keys = new PlainAccountKeys();
const SUB = '7f3c2a10-5b7e-4c1d-9a55-2f0e6b1d8c44';

function setup() {
  const ledger = new InMemoryAttemptLedger();
  const accounts = new InMemoryAccountStore();
  const audit = new InMemoryAuditTrail();
  const clock = new FixedClock(T0);
  const useCase = new RecordSuccessfulSignIn(keys, ledger, accounts, audit, clock);
  return { ledger, accounts, audit, clock, useCase };
}

describe('RecordSuccessfulSignIn', () => {
  it('clears the attempts, records the sign-in and audits the success', async () => {
    const { ledger, accounts, audit, useCase } = setup();
    ledger.seed('alice', { ...NO_ATTEMPTS, attemptsInWindow: 4, windowStartedAt: T0 - 60_000, streak: 9, lockouts: 1, lastLockedAt: T0 - 600_000 });
    const recordSignIn = sinon.spy(accounts, 'recordSignIn');
    const result = await useCase.execute({ eventId: nextEventId(), username: 'alice', sub: SUB, email: 'alice@example.com' });
    expect(result.incidents).to.deep.equal([]);
    expect(ledger.stateOf('alice')).to.equal(undefined);
    expect(recordSignIn.calledOnceWithExactly({ account: { key: 'alice' }, username: 'alice', sub: SUB, email: 'alice@example.com', at: T0 })).to.equal(true);
    expect(accounts.accountOf('alice')).to.include({ sub: SUB, email: 'alice@example.com', lastSignInAt: T0, signInCount: 1 });
    expect(audit.events.map(withoutId)).to.deep.equal([{ account: { key: 'alice' }, outcome: 'success', at: T0, accountExists: true }]);
  });

  it('leaves a lock engaged while the sign-in was under way', async () => {
    const { ledger, useCase } = setup();
    const locked = { ...NO_ATTEMPTS, streak: 6, lockedUntil: T0 + 300_000, lockouts: 1, lastLockedAt: T0 - 1 };
    ledger.seed('alice', locked);
    const result = await useCase.execute({ eventId: nextEventId(), username: 'alice' });
    expect(result.incidents).to.deep.equal([]);
    expect(ledger.stateOf('alice')).to.deep.equal(locked);
  });

  it('normalises the username for every port', async () => {
    const { ledger, accounts, audit, useCase } = setup();
    ledger.seed('alice', { ...NO_ATTEMPTS, attemptsInWindow: 2, windowStartedAt: T0, streak: 2 });
    await useCase.execute({ eventId: nextEventId(), username: '  ALICE ' });
    expect(ledger.stateOf('alice')).to.equal(undefined);
    expect(accounts.accountOf('alice')).to.include({ username: 'alice', signInCount: 1 });
    expect(audit.events[0]?.account).to.deep.equal({ key: 'alice' });
  });

  it('records a sign-in without optional attributes', async () => {
    const { accounts, useCase } = setup();
    const recordSignIn = sinon.spy(accounts, 'recordSignIn');
    await useCase.execute({ eventId: nextEventId(), username: 'alice' });
    expect(recordSignIn.firstCall.args[0]).to.deep.equal({ account: { key: 'alice' }, username: 'alice', sub: undefined, email: undefined, at: T0 });
  });

  it('rejects an empty username as invalid input', async () => {
    const { audit, useCase } = setup();
    const error = await useCase.execute({ eventId: nextEventId(), username: ' ' }).then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(error).to.be.instanceOf(InvalidInputError);
    expect(audit.events).to.deep.equal([]);
  });

  const failures: [string, (ports: ReturnType<typeof setup>) => void, { code: string; severity: string }][] = [
    ['the ledger', ({ ledger }) => ledger.failNext(), { code: 'CLEAR_ATTEMPTS_FAILED', severity: 'error' }],
    ['the account store', ({ accounts }) => accounts.failNext(), { code: 'RECORD_SIGN_IN_FAILED', severity: 'warn' }],
    ['the audit trail', ({ audit }) => audit.failNext(), { code: 'AUDIT_FAILED', severity: 'warn' }],
  ];

  for (const [port, fail, incident] of failures) {
    it(`reports a failure of ${port} as ${incident.code} and still does the rest`, async () => {
      const ports = setup();
      ports.ledger.seed('alice', { ...NO_ATTEMPTS, attemptsInWindow: 3, windowStartedAt: T0, streak: 3 });
      fail(ports);
      const result = await ports.useCase.execute({ eventId: nextEventId(), username: 'alice', sub: SUB });
      expect(result.incidents).to.have.length(1);
      expect(result.incidents[0]).to.include(incident);
      expect(result.incidents[0]?.cause).to.be.instanceOf(StoreUnavailableError);
      const done = {
        cleared: ports.ledger.stateOf('alice') === undefined,
        recorded: ports.accounts.accountOf('alice') !== undefined,
        audited: ports.audit.events.length === 1,
      };
      const failed = { CLEAR_ATTEMPTS_FAILED: 'cleared', RECORD_SIGN_IN_FAILED: 'recorded', AUDIT_FAILED: 'audited' }[incident.code];
      expect(done).to.deep.equal({ cleared: true, recorded: true, audited: true, [failed as string]: false });
    });
  }

  it('reports all three failures, even errors that are not domain errors, and never throws', async () => {
    const bug = new TypeError('boom');
    const ledger = { clearAfterSuccess: sinon.stub().rejects(bug) } as unknown as AttemptLedger;
    const accounts: AccountStore = { recordSignIn: sinon.stub().rejects(new StoreUnavailableError('down')), recordConfirmation: sinon.stub() };
    const audit: AuditTrail = { record: sinon.stub().rejects(new RangeError('bad')) };
    const useCase = new RecordSuccessfulSignIn(keys, ledger, accounts, audit, new FixedClock(T0));
    const result = await useCase.execute({ eventId: nextEventId(), username: 'alice' });
    expect(result.incidents.map(({ code, severity }) => ({ code, severity }))).to.deep.equal([
      { code: 'CLEAR_ATTEMPTS_FAILED', severity: 'error' },
      { code: 'RECORD_SIGN_IN_FAILED', severity: 'warn' },
      { code: 'AUDIT_FAILED', severity: 'warn' },
    ]);
    expect(result.incidents[0]?.cause).to.equal(bug);
  });

  it('issues the three writes together and waits for all of them', async () => {
    const cleared = deferred();
    const recorded = deferred();
    const audited = deferred();
    const ledger = { clearAfterSuccess: sinon.stub().returns(cleared.promise) } as unknown as AttemptLedger;
    const accounts: AccountStore = { recordSignIn: sinon.stub().returns(recorded.promise), recordConfirmation: sinon.stub() };
    const audit: AuditTrail = { record: sinon.stub().returns(audited.promise) };
    const useCase = new RecordSuccessfulSignIn(keys, ledger, accounts, audit, new FixedClock(T0));

    let finished = false;
    const execution = useCase.execute({ eventId: nextEventId(), username: 'alice' }).then((result) => {
      finished = true;
      return result;
    });
    await flushPromises();
    expect(ledger.clearAfterSuccess).to.have.property('calledOnce', true);
    expect(accounts.recordSignIn).to.have.property('calledOnce', true);
    expect(audit.record).to.have.property('calledOnce', true);
    expect([cleared, recorded, audited].some((call) => call.settled())).to.equal(false);

    audited.resolve();
    cleared.reject(new StoreUnavailableError('late'));
    await flushPromises();
    expect(finished).to.equal(false);
    recorded.resolve();
    const result = await execution;
    expect(result.incidents.map((incident) => incident.code)).to.deep.equal(['CLEAR_ATTEMPTS_FAILED']);
  });
});
