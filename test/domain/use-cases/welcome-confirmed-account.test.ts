import { expect } from 'chai';
import sinon from 'sinon';
import {
  MailRejectedError,
  MailUnavailableError,
  StoreUnavailableError,
  WelcomeConfirmedAccount,
  type MailMessage,
  type MessageTemplates,
  type OnceOnly,
} from '../../../domain';
import { InMemoryAccountStore } from '../../support/fakes/in-memory-account-store';
import { InMemoryOnceOnly } from '../../support/fakes/in-memory-once-only';
import { FixedClock } from '../../support/fakes/fixed-clock';
import { PlainAccountKeys } from '../../support/fakes/plain-account-keys';
import { deferred } from './deferred';

const T0 = Date.parse('2026-11-23T10:00:00Z');
const CONFIRMED = { poolId: 'eu-west-1_abc', username: 'Jane', sub: 'sub-1', email: 'jane@example.com', locale: 'fr-CA', name: 'Jane' };

/** Renders what it was given, so that tests can see the values a template received. */
const templates: MessageTemplates = {
  renderMail: (name, locale, values) => ({
    subject: `${name}:${locale ?? '-'}:${values['appName']}`,
    html: `<p>${values['name']} ${values['email']}</p>`,
    text: `${values['name']} ${values['email']}`,
    locale: locale ?? 'en',
  }),
};

function setUp(options: { mailer?: { send: sinon.SinonStub }; once?: OnceOnly; welcome?: boolean } = {}) {
  const accounts = new InMemoryAccountStore();
  const mailer = options.mailer ?? { send: sinon.stub<[MailMessage], Promise<void>>().resolves() };
  const once = options.once ?? new InMemoryOnceOnly();
  const mail = options.welcome === false ? undefined : { mailer, templates, once, appName: 'Example' };
  const useCase = new WelcomeConfirmedAccount(new PlainAccountKeys(), accounts, new FixedClock(T0), mail);
  return { accounts, mailer, once, useCase };
}

describe('WelcomeConfirmedAccount', () => {
  it('creates the account record and sends one welcome mail in the user\'s language', async () => {
    const { accounts, mailer, useCase } = setUp();
    const result = await useCase.execute(CONFIRMED);
    expect(result).to.deep.equal({ record: 'created', welcome: 'sent', incidents: [] });
    expect(accounts.accountOf('jane')).to.deep.include({
      username: 'Jane',
      sub: 'sub-1',
      email: 'jane@example.com',
      status: 'CONFIRMED',
      createdAt: T0,
      confirmedAt: T0,
    });
    expect(mailer.send.calledOnce).to.equal(true);
    expect(mailer.send.firstCall.args[0]).to.deep.equal({
      to: 'jane@example.com',
      subject: 'welcome:fr-CA:Example',
      html: '<p>Jane jane@example.com</p>',
      text: 'Jane jane@example.com',
    });
  });

  it('does it all once when Cognito delivers the event three times: the record stays, one mail', async () => {
    const { accounts, mailer, useCase } = setUp();
    const results = [];
    for (let delivery = 0; delivery < 3; delivery += 1) results.push(await useCase.execute(CONFIRMED));
    expect(results.map(({ record, welcome }) => `${record}/${welcome}`)).to.deep.equal([
      'created/sent',
      'existing/already-sent',
      'existing/already-sent',
    ]);
    expect(mailer.send.callCount).to.equal(1);
    expect(accounts.accountOf('jane')?.confirmedAt).to.equal(T0);
  });

  it('keys the mail on the pool and the sub: a username reused by a new user is welcomed again', async () => {
    const { once, useCase } = setUp();
    await useCase.execute(CONFIRMED);
    await useCase.execute({ ...CONFIRMED, sub: 'sub-2' });
    expect((once as InMemoryOnceOnly).runs).to.deep.equal(['welcome#eu-west-1_abc#sub-1', 'welcome#eu-west-1_abc#sub-2']);
  });

  it('merges into a record sign-in protection already keeps, without overwriting what it holds', async () => {
    const { accounts, useCase } = setUp();
    accounts.seed('jane', { username: 'jane', lastSignInAt: 1, signInCount: 4, email: 'old@example.com' });
    expect((await useCase.execute(CONFIRMED)).record).to.equal('created');
    expect(accounts.accountOf('jane')).to.deep.include({ username: 'jane', signInCount: 4, email: 'old@example.com', confirmedAt: T0 });
  });

  it('reports a mail failure and never throws: the confirmation stands, and a later delivery may send it', async () => {
    for (const error of [new MailUnavailableError('timeout'), new MailRejectedError('MessageRejected')]) {
      const mailer = { send: sinon.stub<[MailMessage], Promise<void>>().rejects(error) };
      const { useCase } = setUp({ mailer });
      const result = await useCase.execute(CONFIRMED);
      expect(result).to.deep.include({ record: 'created', welcome: 'failed' });
      expect(result.incidents.map(({ code, severity, cause }) => ({ code, severity, cause }))).to.deep.equal([
        { code: 'WELCOME_MAIL_FAILED', severity: 'error', cause: error },
      ]);
      mailer.send.resolves();
      expect((await useCase.execute(CONFIRMED)).welcome).to.equal('sent');
    }
  });

  it('sends no mail when its once-only record cannot be kept (a duplicate is worse than a retry)', async () => {
    const mailer = { send: sinon.stub<[MailMessage], Promise<void>>().resolves() };
    const failing: OnceOnly = { run: sinon.stub().rejects(new StoreUnavailableError('throttled')) };
    const { useCase } = setUp({ mailer, once: failing });
    const result = await useCase.execute(CONFIRMED);
    expect(result.welcome).to.equal('failed');
    expect(result.incidents[0]?.code).to.equal('WELCOME_MAIL_FAILED');
    expect(mailer.send.called).to.equal(false);
  });

  it('reports a record that cannot be written, and still welcomes the user', async () => {
    const { accounts, mailer, useCase } = setUp();
    accounts.failNext({ only: 'recordConfirmation', error: () => new StoreUnavailableError('down') });
    const result = await useCase.execute(CONFIRMED);
    expect(result).to.deep.include({ record: 'failed', welcome: 'sent' });
    expect(result.incidents.map(({ code }) => code)).to.deep.equal(['ACCOUNT_RECORD_FAILED']);
    expect(mailer.send.calledOnce).to.equal(true);
  });

  it('reports that another delivery is sending the mail right now', async () => {
    const sending = deferred();
    const mailer = { send: sinon.stub<[MailMessage], Promise<void>>().returns(sending.promise) };
    const { useCase } = setUp({ mailer });
    const first = useCase.execute(CONFIRMED);
    await new Promise((resolve) => setImmediate(resolve));
    expect((await useCase.execute(CONFIRMED)).welcome).to.equal('in-progress');
    sending.resolve();
    expect((await first).welcome).to.equal('sent');
    expect(mailer.send.callCount).to.equal(1);
  });

  it('sends nothing when the stack has no welcome mail, or the user no address', async () => {
    expect((await setUp({ welcome: false }).useCase.execute(CONFIRMED)).welcome).to.equal('off');
    const { mailer, useCase } = setUp();
    const { email: _email, ...withoutEmail } = CONFIRMED;
    expect((await useCase.execute(withoutEmail)).welcome).to.equal('no-address');
    expect(mailer.send.called).to.equal(false);
  });
});
