import { expect } from 'chai';
import sinon from 'sinon';
import {
  ClearLockoutAfterRecovery,
  DEFAULT_SIGN_IN_PROTECTION,
  InvalidInputError,
  NO_ATTEMPTS,
  RecordSignInAttempt,
  StoreUnavailableError,
  type AttemptLedger,
  type AuditTrail,
} from '../../../domain';
import { nextEventId, withoutId } from '../../support/event-ids';
import { FixedClock } from '../../support/fakes/fixed-clock';
import { PlainAccountKeys } from '../../support/fakes/plain-account-keys';
import { InMemoryAttemptLedger } from '../../support/fakes/in-memory-attempt-ledger';
import { InMemoryAuditTrail } from '../../support/fakes/in-memory-audit-trail';
import { deferred, flushPromises } from './deferred';

const T0 = Date.parse('2026-11-23T10:00:00Z');
const keys = new PlainAccountKeys();
const LOCKED = { ...NO_ATTEMPTS, streak: 12, lockedUntil: T0 + 3_600_000, lockouts: 4, lastLockedAt: T0 - 1, resetRequired: true };

function setup() {
  const ledger = new InMemoryAttemptLedger();
  const audit = new InMemoryAuditTrail();
  const clock = new FixedClock(T0);
  const useCase = new ClearLockoutAfterRecovery(keys, ledger, audit, clock);
  return { ledger, audit, clock, useCase };
}

describe('ClearLockoutAfterRecovery', () => {
  it('clears an active lock, so the next attempt is allowed, and audits the recovery', async () => {
    const { ledger, audit, clock, useCase } = setup();
    ledger.seed('alice', LOCKED);
    const result = await useCase.execute({ eventId: nextEventId(), username: 'alice' });
    expect(result.incidents).to.deep.equal([]);
    expect(ledger.stateOf('alice')).to.equal(undefined);
    expect(audit.events.map(withoutId)).to.deep.equal([{ account: { key: 'alice' }, outcome: 'recovery', at: T0, accountExists: true }]);

    const directory = { requirePasswordReset: sinon.stub().resolves() };
    const attempt = new RecordSignInAttempt(keys, ledger, audit, directory, clock, DEFAULT_SIGN_IN_PROTECTION);
    const next = await attempt.execute({ eventId: nextEventId(), poolId: 'eu-west-1_G4tehouse', username: 'alice', accountExists: true });
    expect(next.verdict).to.equal('allow');
  });

  it('normalises the username', async () => {
    const { ledger, audit, useCase } = setup();
    ledger.seed('alice', LOCKED);
    await useCase.execute({ eventId: nextEventId(), username: ' Alice\t' });
    expect(ledger.stateOf('alice')).to.equal(undefined);
    expect(audit.events[0]?.account).to.deep.equal({ key: 'alice' });
  });

  it('rejects an empty username as invalid input', async () => {
    const { useCase } = setup();
    const error = await useCase.execute({ eventId: nextEventId(), username: '' }).then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(error).to.be.instanceOf(InvalidInputError);
  });

  it('reports a ledger failure as an error incident, still audits, and does not throw', async () => {
    const { ledger, audit, useCase } = setup();
    ledger.seed('alice', LOCKED);
    ledger.failNext();
    const result = await useCase.execute({ eventId: nextEventId(), username: 'alice' });
    expect(result.incidents).to.have.length(1);
    expect(result.incidents[0]).to.include({ code: 'CLEAR_LOCKOUT_FAILED', severity: 'error' });
    expect(result.incidents[0]?.cause).to.be.instanceOf(StoreUnavailableError);
    expect(ledger.stateOf('alice')).to.deep.equal(LOCKED);
    expect(audit.outcomes()).to.deep.equal(['recovery']);
  });

  it('reports an audit failure as a warning and still clears', async () => {
    const { ledger, audit, useCase } = setup();
    ledger.seed('alice', LOCKED);
    audit.failNext();
    const result = await useCase.execute({ eventId: nextEventId(), username: 'alice' });
    expect(result.incidents.map(({ code, severity }) => ({ code, severity }))).to.deep.equal([{ code: 'AUDIT_FAILED', severity: 'warn' }]);
    expect(ledger.stateOf('alice')).to.equal(undefined);
  });

  it('reports both failures, whatever was thrown', async () => {
    const bug = new TypeError('boom');
    const ledger = { clearAfterRecovery: sinon.stub().rejects(bug) } as unknown as AttemptLedger;
    const audit: AuditTrail = { record: sinon.stub().rejects(new StoreUnavailableError('down')) };
    const result = await new ClearLockoutAfterRecovery(keys, ledger, audit, new FixedClock(T0)).execute({ eventId: nextEventId(), username: 'alice' });
    expect(result.incidents.map((incident) => incident.code)).to.deep.equal(['CLEAR_LOCKOUT_FAILED', 'AUDIT_FAILED']);
    expect(result.incidents[0]?.cause).to.equal(bug);
  });

  it('issues both writes together', async () => {
    const cleared = deferred();
    const audited = deferred();
    const ledger = { clearAfterRecovery: sinon.stub().returns(cleared.promise) } as unknown as AttemptLedger;
    const audit: AuditTrail = { record: sinon.stub().returns(audited.promise) };
    const execution = new ClearLockoutAfterRecovery(keys, ledger, audit, new FixedClock(T0)).execute({ eventId: nextEventId(), username: 'alice' });
    await flushPromises();
    expect(ledger.clearAfterRecovery).to.have.property('calledOnce', true);
    expect(audit.record).to.have.property('calledOnce', true);
    expect(cleared.settled() || audited.settled()).to.equal(false);
    cleared.resolve();
    audited.resolve();
    expect((await execution).incidents).to.deep.equal([]);
  });
});
