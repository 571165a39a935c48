/**
 * The alerts on the owner's own activity as the sign-in use cases send them: a lock alert for the
 * attempt that engaged a lock (never another, never for an unknown username), a new-device alert after a
 * sign-in Cognito reports from a new device; neither ever changes the sign-in's outcome.
 */
import { expect } from 'chai';
import sinon from 'sinon';
import {
  AccountLockedError,
  AlertAccountOwner,
  DEFAULT_SIGN_IN_PROTECTION,
  DirectoryUnavailableError,
  MailUnavailableError,
  NO_ATTEMPTS,
  PasswordResetRequiredError,
  RecordSignInAttempt,
  RecordSuccessfulSignIn,
  StoreUnavailableError,
  type AlertMessages,
  type AttemptLedger,
  type MailMessage,
  type SignInProtectionPolicy,
} from '../../../domain';
import { nextEventId } from '../../support/event-ids';
import { FixedClock } from '../../support/fakes/fixed-clock';
import { InMemoryAccountStore } from '../../support/fakes/in-memory-account-store';
import { InMemoryAttemptLedger } from '../../support/fakes/in-memory-attempt-ledger';
import { InMemoryAuditTrail } from '../../support/fakes/in-memory-audit-trail';
import { InMemoryOnceOnly } from '../../support/fakes/in-memory-once-only';
import { PlainAccountKeys } from '../../support/fakes/plain-account-keys';

const T0 = Date.parse('2026-11-23T10:00:30Z');
const POOL = 'eu-west-1_G4tehouse';
const OWNER = { email: 'alice@example.com', emailVerified: true, locale: 'de', name: 'Alice' };

const echoAlerts: AlertMessages = {
  renderAlert: (name, locale, values) => ({ subject: name, html: '', text: JSON.stringify(values), sms: name, locale: locale ?? 'en' }),
};

function alerting(send = sinon.stub<[MailMessage], Promise<void>>().resolves()) {
  const once = new InMemoryOnceOnly();
  return { send, once, alerts: new AlertAccountOwner({ send }, echoAlerts, once, { appName: 'Example' }) };
}

function signInAttempts(policy: SignInProtectionPolicy = DEFAULT_SIGN_IN_PROTECTION, ledger: AttemptLedger = new InMemoryAttemptLedger()) {
  const mail = alerting();
  const directory = { requirePasswordReset: sinon.stub<[{ poolId: string; username: string }], Promise<void>>().resolves() };
  const clock = new FixedClock(T0);
  const useCase = new RecordSignInAttempt(new PlainAccountKeys(), ledger, new InMemoryAuditTrail(), directory, clock, policy, mail.alerts);
  const attempt = (username = 'alice', accountExists = true) =>
    useCase.execute({ eventId: nextEventId(), poolId: POOL, username, accountExists, ...(accountExists ? { owner: OWNER } : {}) });
  const attempts = async (count: number, username = 'alice', accountExists = true) => {
    const results = [];
    for (let index = 0; index < count; index += 1) results.push(await attempt(username, accountExists));
    return results;
  };
  return { ...mail, directory, clock, useCase, attempt, attempts };
}

describe('sign-in alerts: the account-locked alert (RecordSignInAttempt)', () => {
  it('tells the owner once, from the attempt that engaged the lock, when it unlocks (rounded up to the minute)', async () => {
    const { attempts, send, once } = signInAttempts();
    const results = await attempts(8);
    expect(results.map((result) => `${result.outcome}/${result.alert ?? '-'}`)).to.deep.equal([
      ...Array(5).fill('attempt/-'),
      'lockout/sent',
      'rejected/-',
      'rejected/-',
    ]);
    expect(send.callCount).to.equal(1);
    const mail = send.firstCall.args[0];
    expect(mail.to).to.equal('alice@example.com');
    // T0 + 5 minutes is 10:05:30: the mail says 10:06, never a time before the lock ends.
    expect(JSON.parse(mail.text)).to.deep.equal({ unlocksAt: '2026-11-23 10:06 UTC', name: 'Alice', appName: 'Example' });
    expect(once.runs).to.deep.equal([`account-locked#alice#${T0 + 5 * 60_000}`]);
  });

  it('does not alert the second locking attempt of the same lock (it lost the race to engage it)', async () => {
    const { attempts, useCase, send } = signInAttempts();
    await attempts(5);
    const racing = await Promise.all(
      [1, 2, 3].map(() => useCase.execute({ eventId: nextEventId(), poolId: POOL, username: 'alice', accountExists: true, owner: OWNER })),
    );
    expect(racing.map((result) => `${result.outcome}/${result.alert ?? '-'}`).sort()).to.deep.equal(['lockout/sent', 'rejected/-', 'rejected/-']);
    expect(send.callCount).to.equal(1);
  });

  it('sends one mail per lock even when the same lock is reported engaged again (a replayed delivery)', async () => {
    // A ledger that answers every attempt as the one engaging the same lock: the once-only record holds.
    const state = { ...NO_ATTEMPTS, attemptsInWindow: 6, windowStartedAt: T0, streak: 6 };
    const ledger = {
      countAttempt: sinon.stub().resolves({ outcome: 'counted', state }),
      engageLock: sinon.stub().resolves(true),
      withdrawResetRequirement: sinon.stub().resolves(),
      clearAfterSuccess: sinon.stub().resolves(),
      clearAfterRecovery: sinon.stub().resolves(),
    } satisfies AttemptLedger;
    const { attempts, send } = signInAttempts(DEFAULT_SIGN_IN_PROTECTION, ledger);
    const results = await attempts(3);
    expect(results.map((result) => `${result.outcome}/${result.alert}`)).to.deep.equal(['lockout/sent', 'lockout/already-sent', 'lockout/already-sent']);
    expect(send.callCount).to.equal(1);
  });

  it('never alerts for an unknown username, though it is locked exactly like a real account', async () => {
    const { attempts, send, once } = signInAttempts();
    const results = await attempts(7, 'nobody@example.com', false);
    expect(results.map((result) => result.outcome)).to.deep.equal([...Array(5).fill('attempt'), 'lockout', 'rejected']);
    expect(results.every((result) => result.alert === undefined)).to.equal(true);
    expect(send.called).to.equal(false);
    expect(once.runs).to.deep.equal([]);
  });

  it('keeps the refusal when the mailer fails: the same verdict and denial, an incident, and the next lock alerts again', async () => {
    const { attempts, send, clock } = signInAttempts();
    send.rejects(new MailUnavailableError('SES timed out'));
    const results = await attempts(6);
    const locked = results[5];
    expect(locked?.verdict).to.equal('deny');
    expect(locked?.outcome).to.equal('lockout');
    expect(locked?.verdict === 'deny' && locked.denial).to.be.instanceOf(AccountLockedError);
    expect(locked?.alert).to.equal('failed');
    expect(locked?.incidents.map(({ code, severity }) => `${code}/${severity}`)).to.deep.equal(['ACCOUNT_LOCKED_ALERT_FAILED/error']);
    send.resolves();
    clock.advance(5 * 60_000);
    const next = await attempts(6);
    expect(next[5]?.alert).to.equal('sent');
  });

  it('keeps the refusal when the alert\'s record cannot be kept, and sends nothing', async () => {
    const ledger = new InMemoryAttemptLedger();
    const mail = alerting();
    const once = { run: sinon.stub().rejects(new StoreUnavailableError('throttled')) };
    const useCase = new RecordSignInAttempt(
      new PlainAccountKeys(),
      ledger,
      new InMemoryAuditTrail(),
      { requirePasswordReset: sinon.stub().resolves() },
      new FixedClock(T0),
      DEFAULT_SIGN_IN_PROTECTION,
      new AlertAccountOwner({ send: mail.send }, echoAlerts, once, { appName: 'Example' }),
    );
    const results = [];
    for (let index = 0; index < 6; index += 1) results.push(await useCase.execute({ eventId: nextEventId(), poolId: POOL, username: 'alice', accountExists: true, owner: OWNER }));
    expect(results[5]).to.deep.include({ verdict: 'deny', outcome: 'lockout', alert: 'failed' });
    expect(mail.send.called).to.equal(false);
  });

  it('writes to nobody when the owner has no verified address, and the lock stands', async () => {
    const { useCase, send } = signInAttempts();
    const results = [];
    for (let index = 0; index < 6; index += 1) {
      results.push(await useCase.execute({ eventId: nextEventId(), poolId: POOL, username: 'alice', accountExists: true, owner: { ...OWNER, emailVerified: false } }));
    }
    expect(results[5]).to.deep.include({ outcome: 'lockout', alert: 'unverified' });
    expect(send.called).to.equal(false);
  });

  describe('with a forced reset', () => {
    const FORCED = { ...DEFAULT_SIGN_IN_PROTECTION, forcedReset: { enabled: true, afterLockouts: 1, afterFailures: 0 } };

    it('sends no lock alert: Cognito\'s reset code is the owner\'s notice, and "it unlocks at" would mislead', async () => {
      const { attempts, send } = signInAttempts(FORCED);
      const results = await attempts(6);
      expect(results[5]).to.deep.include({ outcome: 'forced-reset' });
      expect(results[5]?.alert).to.equal(undefined);
      expect(send.called).to.equal(false);
    });

    it('alerts when the reset could not be requested and the lock stands as a plain lockout', async () => {
      const { attempts, send, directory } = signInAttempts(FORCED);
      directory.requirePasswordReset.rejects(new DirectoryUnavailableError('throttled'));
      const results = await attempts(6);
      expect(results[5]).to.deep.include({ outcome: 'lockout', alert: 'sent' });
      expect(results[5]?.verdict === 'deny' && results[5].denial).to.be.instanceOf(AccountLockedError);
      expect(results[5]?.verdict === 'deny' && results[5].denial).to.not.be.instanceOf(PasswordResetRequiredError);
      expect(send.callCount).to.equal(1);
    });
  });

  it('alerts nobody when the stack has lock alerts off', async () => {
    const useCase = new RecordSignInAttempt(
      new PlainAccountKeys(),
      new InMemoryAttemptLedger(),
      new InMemoryAuditTrail(),
      { requirePasswordReset: sinon.stub().resolves() },
      new FixedClock(T0),
      DEFAULT_SIGN_IN_PROTECTION,
    );
    const results = [];
    for (let index = 0; index < 6; index += 1) results.push(await useCase.execute({ eventId: nextEventId(), poolId: POOL, username: 'alice', accountExists: true, owner: OWNER }));
    expect(results[5]?.outcome).to.equal('lockout');
    expect(results[5]).to.not.have.property('alert');
  });
});

describe('sign-in alerts: the new-device alert (RecordSuccessfulSignIn)', () => {
  function successes(send = sinon.stub<[MailMessage], Promise<void>>().resolves()) {
    const mail = alerting(send);
    const ledger = new InMemoryAttemptLedger();
    const accounts = new InMemoryAccountStore();
    const clock = new FixedClock(T0);
    const useCase = new RecordSuccessfulSignIn(new PlainAccountKeys(), ledger, accounts, new InMemoryAuditTrail(), clock, mail.alerts);
    const signIn = (newDevice: boolean, owner = OWNER) => useCase.execute({ eventId: nextEventId(), username: 'alice', sub: 'sub-1', email: OWNER.email, newDevice, owner });
    return { ...mail, accounts, signIn };
  }

  it('tells the owner of a sign-in from a new device, once however often Cognito delivers it, and nothing for a known device', async () => {
    const { signIn, send, once } = successes();
    expect((await signIn(false)).alert).to.equal(undefined);
    const results = [];
    for (let delivery = 0; delivery < 3; delivery += 1) results.push(await signIn(true));
    expect(results.map((result) => result.alert)).to.deep.equal(['sent', 'already-sent', 'already-sent']);
    expect(send.callCount).to.equal(1);
    expect(JSON.parse(send.firstCall.args[0].text)).to.deep.equal({ device: '', signedInAt: '2026-11-23 10:00 UTC', name: 'Alice', appName: 'Example' });
    expect(once.runs).to.deep.equal(['new-device#alice#']);
  });

  it('never fails the sign-in: a mailer down is an incident, the sign-in is still recorded', async () => {
    const { signIn, accounts } = successes(sinon.stub<[MailMessage], Promise<void>>().rejects(new MailUnavailableError('down')));
    const result = await signIn(true);
    expect(result.alert).to.equal('failed');
    expect(result.incidents.map(({ code }) => code)).to.deep.equal(['NEW_DEVICE_ALERT_FAILED']);
    expect(accounts.accountOf('alice')).to.deep.include({ lastSignInAt: T0 });
  });

  it('writes to nobody without an address', async () => {
    const { signIn, send } = successes();
    expect((await signIn(true, { emailVerified: false } as typeof OWNER)).alert).to.equal('no-address');
    expect(send.called).to.equal(false);
  });
});
