/**
 * The built pre- and post-authentication bundles with the stack's alerts on, invoked as Lambda invokes
 * them against dynalite and the SES stand-in the sandbox uses: the owner's lock mail arrives once per
 * lock, from the attempt that engaged it, whatever Cognito retries; never for an unknown username; a
 * mail that cannot go out leaves the refusal as it was, within Cognito's five seconds; a sign-in from a
 * new device mails its owner once.
 */
import { expect } from 'chai';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { startSesSink, type SesSink } from '../../sandbox/mail/mail-sinks';
import { ANSWERS, people, settle } from '../support/answers';
import { postAuthenticationEvent, preAuthenticationEvent, unknownUserPreAuthenticationEvent, type Person } from '../support/cognito-events';
import { useBundleStandIns } from '../support/bundle-stand-ins';
import { loadBundle, withEnvironment } from '../support/lambda-bundle';

const person = people(30_000_000, 'alerted');
const MAX_FAILURES = 5;

describe('the sign-in bundles with alerts on', function () {
  const standIns = useBundleStandIns({
    ALERT_ACCOUNT_LOCKED: 'true',
    ALERT_NEW_DEVICE: 'true',
    MAIL_FROM: 'Example <no-reply@example.com>',
    MAIL_APP_NAME: 'Example',
  });
  const { logs } = standIns;
  let ses: SesSink;
  let restore: () => void;
  before(async () => {
    ses = await startSesSink();
    restore = withEnvironment({ AWS_ENDPOINT_URL_SES: ses.endpoint });
  });
  after(async () => {
    restore();
    await ses.stop();
  });
  beforeEach(() => ses.clear());

  const mailsTo = async (p: Person) => (await ses.messages()).filter((mail) => mail.to.includes(p.email));
  const flows = () => logs.entries().filter((entry) => entry.message === 'flow');
  /** maxFailures attempts, each allowed: the next one locks. */
  const failuresOf = async (preAuthentication: (event: unknown) => Promise<unknown>, event: unknown) => {
    for (let attempt = 0; attempt < MAX_FAILURES; attempt += 1) expect(await settle(preAuthentication(event))).to.deep.equal({ ok: true });
  };

  it('mails the owner once when an attempt locks the account, in their language, however often the lock is met or the attempt retried', async () => {
    const jane = person(1);
    const preAuthentication = loadBundle('pre-authentication');
    const base = preAuthenticationEvent(jane);
    const event = { ...base, request: { ...base.request, userAttributes: { ...base.request.userAttributes, locale: 'fr-CA', given_name: 'Jeanne' } } };
    await failuresOf(preAuthentication, event);
    // The locking attempt, then Cognito's retry of it, then further attempts during the lock.
    for (let attempt = 0; attempt < 3; attempt += 1) expect(await settle(preAuthentication(event))).to.deep.equal({ ok: false, message: ANSWERS.locked });
    const mails = await mailsTo(jane);
    expect(mails).to.have.length(1);
    const [mail] = mails;
    expect(mail?.from).to.equal('Example <no-reply@example.com>');
    expect(mail?.subject).to.contain('Example');
    expect(mail?.html).to.contain('lang="fr"');
    expect(mail?.text).to.contain('Jeanne').and.match(/\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/).and.not.match(/https?:|www\./);
    expect(flows().map((flow) => `${String(flow['outcome'])}/${String(flow['alert'] ?? '-')}`)).to.deep.equal([
      ...Array(MAX_FAILURES).fill('attempt/-'),
      'lockout/sent',
      'rejected/-',
      'rejected/-',
    ]);
    expect(logs.text).to.not.contain(jane.email).and.not.contain('Jeanne');
  });

  it('alerts again for the next lock of the same account, and never for an unknown username', async () => {
    const nobody = 'nobody@example.com';
    const preAuthentication = loadBundle('pre-authentication');
    const unknown = unknownUserPreAuthenticationEvent(nobody);
    await failuresOf(preAuthentication, unknown);
    for (let attempt = 0; attempt < 2; attempt += 1) expect(await settle(preAuthentication(unknown))).to.deep.equal({ ok: false, message: ANSWERS.locked });
    expect(flows().map((flow) => flow['outcome'])).to.include('lockout');
    expect(flows().some((flow) => 'alert' in flow)).to.equal(false);
    expect((await ses.messages()).filter((mail) => mail.to.includes(nobody))).to.deep.equal([]);
  });

  it('keeps the refusal, within Cognito\'s five seconds, when the mail cannot go out: an error incident, no mail', async () => {
    // A mail service that takes connections and never answers: the send lasts what the deadline leaves.
    const sockets: Socket[] = [];
    const silent: Server = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const undo = withEnvironment({ AWS_ENDPOINT_URL_SES: `http://127.0.0.1:${(silent.address() as AddressInfo).port}` });
    try {
      const sam = person(2);
      const preAuthentication = loadBundle('pre-authentication');
      await failuresOf(preAuthentication, preAuthenticationEvent(sam));
      const started = Date.now();
      expect(await settle(preAuthentication(preAuthenticationEvent(sam)))).to.deep.equal({ ok: false, message: ANSWERS.locked });
      expect(Date.now() - started).to.be.below(5000);
      const incidents = logs.entries().filter((entry) => entry.message === 'incident');
      expect(incidents.map((entry) => [entry['incident'], entry['level']])).to.deep.equal([['ACCOUNT_LOCKED_ALERT_FAILED', 'ERROR']]);
      expect(flows().at(-1)).to.include({ result: 'refused', outcome: 'lockout' });
    } finally {
      undo();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it('mails the owner of a sign-in from a new device once, however often Cognito delivers it; a known device mails nobody', async () => {
    const ada = person(3);
    const postAuthentication = loadBundle('post-authentication');
    expect(await settle(postAuthentication(postAuthenticationEvent(ada, false)))).to.deep.equal({ ok: true });
    expect(await mailsTo(ada)).to.deep.equal([]);
    const event = postAuthenticationEvent(ada, true);
    for (let delivery = 0; delivery < 3; delivery += 1) expect(await postAuthentication(event)).to.deep.equal(event);
    const mails = await mailsTo(ada);
    expect(mails).to.have.length(1);
    expect(mails[0]?.subject).to.contain('Example');
    expect(flows().map((flow) => flow['alert'] ?? '-')).to.deep.equal(['-', 'sent', 'already-sent', 'already-sent']);
    expect(logs.text).to.not.contain(ada.email);
  });
});
