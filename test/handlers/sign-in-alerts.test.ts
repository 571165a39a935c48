/**
 * The sign-in handlers with alerts on, composed as deployed with the ports faked: what they hand the
 * alert (the owner from the event's attributes, Cognito's newDeviceUsed), the flow line's `alert`, and
 * that nothing of the owner reaches the logs.
 */
import { expect } from 'chai';
import sinon from 'sinon';
import { AlertAccountOwner, MailUnavailableError, NO_ATTEMPTS, type AlertMessages, type MailMessage } from '../../domain';
import { TOKENS } from '../../handlers/composition/tokens';
import { createPostAuthenticationHandler } from '../../handlers/post-authentication';
import { createPreAuthenticationHandler } from '../../handlers/pre-authentication';
import { jane, postAuthenticationEvent, preAuthenticationEvent, unknownUserPreAuthenticationEvent } from '../support/cognito-events';
import { InMemoryOnceOnly } from '../support/fakes/in-memory-once-only';
import { composeWithFakes, fakePorts, NOW, testConfig, type FakePorts } from '../support/handler-harness';

const LOCKED = 'Too many failed sign-in attempts, please try again later';
const echo: AlertMessages = {
  renderAlert: (name, locale, values) => ({ subject: `${name}:${locale ?? '-'}`, html: '', text: JSON.stringify(values), sms: name, locale: locale ?? 'en' }),
};

describe('handlers: the alerts on the owner\'s own activity', () => {
  let ports: FakePorts;
  let send: sinon.SinonStub<[MailMessage], Promise<void>>;
  beforeEach(() => {
    ports = fakePorts();
    send = sinon.stub<[MailMessage], Promise<void>>().resolves();
  });

  const compose = (alerts: { accountLocked?: boolean; newDevice?: boolean }) => {
    const config = { ...testConfig(), alerts: { accountLocked: false, newDevice: false, ...alerts }, mail: { ...testConfig().mail, from: 'no-reply@example.com' } };
    const { composition, log } = composeWithFakes(ports, config);
    composition.container().bind(TOKENS.AlertAccountOwner).toConstantValue(new AlertAccountOwner({ send }, echo, new InMemoryOnceOnly(), { appName: 'Example' }));
    return { composition, log };
  };

  /** The ledger's answer for an attempt over the limit: this one engages the lock. */
  const overTheLimit = () =>
    ports.ledger.countAttempt.resolves({ outcome: 'counted', state: { ...NO_ATTEMPTS, attemptsInWindow: 6, windowStartedAt: NOW, streak: 6 } });

  describe('pre-authentication', () => {
    it('mails the owner from the event\'s attributes when the attempt locks the account, and still refuses it', async () => {
      overTheLimit();
      const { composition, log } = compose({ accountLocked: true });
      const event = preAuthenticationEvent(jane);
      const attributes = { ...event.request.userAttributes, locale: 'de', given_name: 'Jane' };
      const refused = await createPreAuthenticationHandler(composition)({ ...event, request: { ...event.request, userAttributes: attributes } }).then(
        () => undefined,
        (error: Error) => error.message,
      );
      expect(refused).to.equal(LOCKED);
      expect(send.calledOnce).to.equal(true);
      expect(send.firstCall.args[0]).to.deep.include({ to: jane.email, subject: 'account-locked:de' });
      expect(JSON.parse(send.firstCall.args[0].text)).to.include({ name: 'Jane' });
      expect(log.info.calledWithMatch('flow', { result: 'refused', outcome: 'lockout' })).to.equal(true);
      expect(log.everything()).to.not.contain(jane.email).and.not.contain('Jane');
    });

    it('answers exactly the same when the mailer is down, with an error incident', async () => {
      overTheLimit();
      send.rejects(new MailUnavailableError('SES timed out'));
      const { composition, log } = compose({ accountLocked: true });
      const refused = await createPreAuthenticationHandler(composition)(preAuthenticationEvent(jane)).then(
        () => undefined,
        (error: Error) => error.message,
      );
      expect(refused).to.equal(LOCKED);
      expect(log.error.calledWithMatch('incident', { incident: 'ACCOUNT_LOCKED_ALERT_FAILED' })).to.equal(true);
    });

    it('mails nobody for an unknown username, nor with the alert off', async () => {
      overTheLimit();
      const { composition } = compose({ accountLocked: true });
      await createPreAuthenticationHandler(composition)(unknownUserPreAuthenticationEvent('someone@example.com')).catch(() => undefined);
      const off = compose({});
      await createPreAuthenticationHandler(off.composition)(preAuthenticationEvent(jane)).catch(() => undefined);
      expect(send.called).to.equal(false);
    });
  });

  describe('post-authentication', () => {
    it('mails the owner after a sign-in from a new device, once however often Cognito delivers it, and says so in the flow line', async () => {
      const { composition, log } = compose({ newDevice: true });
      const handler = createPostAuthenticationHandler(composition);
      const event = postAuthenticationEvent(jane, true);
      for (let delivery = 0; delivery < 3; delivery += 1) expect(await handler(event)).to.deep.equal(event);
      expect(send.calledOnce).to.equal(true);
      expect(send.firstCall.args[0]).to.deep.include({ to: jane.email, subject: 'new-device:-' });
      const alerts = log.info.getCalls().filter((call) => call.args[0] === 'flow').map((call) => (call.args[1] as Record<string, unknown>)['alert']);
      expect(alerts).to.deep.equal(['sent', 'already-sent', 'already-sent']);
      expect(log.everything()).to.not.contain(jane.email);
    });

    it('mails nobody for a known device, or when newDeviceUsed is not the boolean true, and never fails the sign-in', async () => {
      const { composition } = compose({ newDevice: true });
      const handler = createPostAuthenticationHandler(composition);
      for (const newDeviceUsed of [false, 'true', undefined]) {
        const event = postAuthenticationEvent(jane);
        const sent = { ...event, request: { ...event.request, newDeviceUsed } };
        expect(await handler(sent)).to.deep.equal(sent);
      }
      expect(send.called).to.equal(false);
      send.rejects(new MailUnavailableError('down'));
      const event = postAuthenticationEvent(jane, true);
      expect(await handler(event)).to.deep.equal(event);
    });
  });
});
