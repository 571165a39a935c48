import { expect } from 'chai';
import sinon from 'sinon';
import {
  ALERT_FAILED,
  AlertAccountOwner,
  alertTime,
  MailRejectedError,
  MailUnavailableError,
  StoreUnavailableError,
  type AlertMessages,
  type MailMessage,
  type OnceOnly,
  type OwnerAlert,
} from '../../../domain';
import { InMemoryOnceOnly } from '../../support/fakes/in-memory-once-only';

/** Renders what it was given, so that tests can see the values a template received. */
const echoAlerts: AlertMessages = {
  renderAlert: (name, locale, values) => ({
    subject: `${name}:${locale ?? '-'}:${values['appName']}`,
    html: `<p>${JSON.stringify(values)}</p>`,
    text: JSON.stringify(values),
    sms: name,
    locale: locale ?? 'en',
  }),
};

const JANE = { email: 'jane@example.com', emailVerified: true, locale: 'fr', name: 'Jeanne' };
const LOCKED: OwnerAlert = {
  alert: 'account-locked',
  account: { key: 'k-jane' },
  occasion: '1795428300000',
  recipient: JANE,
  values: { unlocksAt: '2026-11-23 10:05 UTC' },
};

function setUp(options: { send?: sinon.SinonStub; once?: OnceOnly } = {}) {
  const mailer = { send: options.send ?? sinon.stub<[MailMessage], Promise<void>>().resolves() };
  const once = options.once ?? new InMemoryOnceOnly();
  return { mailer, once, useCase: new AlertAccountOwner(mailer, echoAlerts, once, { appName: 'Example' }) };
}

describe('AlertAccountOwner', () => {
  it('mails the owner the alert in their language, greeting them, with its values and the product\'s name', async () => {
    const { mailer, useCase } = setUp();
    expect(await useCase.execute(LOCKED)).to.deep.equal({ outcome: 'sent', incidents: [] });
    expect(mailer.send.calledOnce).to.equal(true);
    const mail = mailer.send.firstCall.args[0] as MailMessage;
    expect(mail.to).to.equal('jane@example.com');
    expect(mail.subject).to.equal('account-locked:fr:Example');
    expect(JSON.parse(mail.text)).to.deep.equal({ unlocksAt: '2026-11-23 10:05 UTC', name: 'Jeanne', appName: 'Example' });
  });

  it('sends once per account and occasion, however often it is asked: the key names the alert, the account key and the occasion', async () => {
    const { mailer, once, useCase } = setUp();
    const outcomes = [];
    for (let delivery = 0; delivery < 3; delivery += 1) outcomes.push((await useCase.execute(LOCKED)).outcome);
    expect(outcomes).to.deep.equal(['sent', 'already-sent', 'already-sent']);
    expect(mailer.send.callCount).to.equal(1);
    // A new lock of the same account is a new alert.
    expect((await useCase.execute({ ...LOCKED, occasion: '1795429000000' })).outcome).to.equal('sent');
    expect((once as InMemoryOnceOnly).runs).to.deep.equal(['account-locked#k-jane#1795428300000', 'account-locked#k-jane#1795429000000']);
    for (const key of (once as InMemoryOnceOnly).runs) expect(key).to.not.contain('jane@').and.not.contain('Jeanne');
  });

  it('says in-progress while another delivery of the same event is sending it', async () => {
    const once: OnceOnly = { run: sinon.stub().resolves('in-progress') };
    const { mailer, useCase } = setUp({ once });
    expect((await useCase.execute(LOCKED)).outcome).to.equal('in-progress');
    expect(mailer.send.called).to.equal(false);
  });

  it('writes to no address but a verified one, and to none when the owner has none', async () => {
    const { mailer, useCase } = setUp();
    expect(await useCase.execute({ ...LOCKED, recipient: { ...JANE, emailVerified: false } })).to.deep.equal({ outcome: 'unverified', incidents: [] });
    expect(await useCase.execute({ ...LOCKED, recipient: { emailVerified: true } })).to.deep.equal({ outcome: 'no-address', incidents: [] });
    expect(await useCase.execute({ ...LOCKED, recipient: { email: '  ', emailVerified: true } })).to.deep.equal({ outcome: 'no-address', incidents: [] });
    expect(mailer.send.called).to.equal(false);
  });

  it('never throws: a mailer down or refusing is an error incident with the alert\'s own code, and a later delivery may send it', async () => {
    for (const error of [new MailUnavailableError('timeout'), new MailRejectedError('MessageRejected'), new TypeError('a template bug')]) {
      const send = sinon.stub<[MailMessage], Promise<void>>().rejects(error);
      const { useCase } = setUp({ send });
      const result = await useCase.execute(LOCKED);
      expect(result.outcome).to.equal('failed');
      expect(result.incidents.map(({ code, severity, cause }) => ({ code, severity, cause }))).to.deep.equal([
        { code: 'ACCOUNT_LOCKED_ALERT_FAILED', severity: 'error', cause: error },
      ]);
      send.resolves();
      expect((await useCase.execute(LOCKED)).outcome).to.equal('sent');
    }
    expect(ALERT_FAILED).to.deep.equal({ 'account-locked': 'ACCOUNT_LOCKED_ALERT_FAILED', 'new-device': 'NEW_DEVICE_ALERT_FAILED' });
  });

  it('sends nothing when its once-only record cannot be kept (a lost alert is better than one multiplied)', async () => {
    const once: OnceOnly = { run: sinon.stub().rejects(new StoreUnavailableError('throttled')) };
    const { mailer, useCase } = setUp({ once });
    const result = await useCase.execute({ ...LOCKED, alert: 'new-device', occasion: '', values: { device: '', signedInAt: 'x' } });
    expect(result.outcome).to.equal('failed');
    expect(result.incidents.map(({ code }) => code)).to.deep.equal(['NEW_DEVICE_ALERT_FAILED']);
    expect(mailer.send.called).to.equal(false);
  });
});

describe('alertTime', () => {
  it('writes a moment as ISO 8601 in UTC, to the minute: an unlock rounded up, a moment past rounded down', () => {
    const at = Date.parse('2026-11-23T10:04:01.500Z');
    expect(alertTime(at, 'up')).to.equal('2026-11-23 10:05 UTC');
    expect(alertTime(at, 'down')).to.equal('2026-11-23 10:04 UTC');
    const exact = Date.parse('2026-12-31T23:59:00Z');
    expect(alertTime(exact, 'up')).to.equal('2026-12-31 23:59 UTC');
    expect(alertTime(exact + 1, 'up')).to.equal('2027-01-01 00:00 UTC');
  });
});
