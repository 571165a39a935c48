import { expect } from 'chai';
import sinon from 'sinon';
import {
  CodeRejectedError,
  CodeUnavailableError,
  DeliverAccountNotice,
  DeliverCodeMessage,
  MailRejectedError,
  MailUnavailableError,
  StoreUnavailableError,
  TextUnavailableError,
  unescapeHtml,
  type AlertMessages,
  type CodeDecryptor,
  type CodeMessageTemplates,
  type MailMessage,
  type MessageChannel,
  type TextMessage,
} from '../../../domain';
import { InMemoryOnceOnly } from '../../support/fakes/in-memory-once-only';

const POOL = 'eu-west-1_abc';
const REQUEST = {
  message: 'sign-up' as const,
  encryptedCode: 'AYADeJ...ciphertext',
  poolId: POOL,
  recipient: 'jane@example.com',
  username: 'jane',
  locale: 'fr-CA',
  name: 'Jane',
  deliveryKey: 'key-1',
};

/** Renders what it was given, so that tests see the values a template received. */
const templates: CodeMessageTemplates = {
  renderCodeMessage: (name, locale, values) => ({
    subject: `${name}:${values['appName']}`,
    html: `<p>${values['name']} ${values['code']} ${values['username']}</p>`,
    text: `${values['name']} ${values['code']}`,
    sms: `sms ${values['code']}`,
    locale: locale?.slice(0, 2) ?? 'en',
  }),
};

function decryptorOf(result: string | Error): CodeDecryptor & { decrypt: sinon.SinonStub } {
  const decrypt = sinon.stub<Parameters<CodeDecryptor['decrypt']>, Promise<string>>();
  if (typeof result === 'string') decrypt.resolves(result);
  else decrypt.rejects(result);
  return { decrypt };
}

function emailChannel(send = sinon.stub<[MailMessage], Promise<void>>().resolves()) {
  return { channel: { kind: 'email', mailer: { send } } as MessageChannel, send };
}

function smsChannel(send = sinon.stub<[TextMessage], Promise<void>>().resolves()) {
  return { channel: { kind: 'sms', texts: { send } } as MessageChannel, send };
}

describe('DeliverCodeMessage', () => {
  it('decrypts the code for the event pool, renders it in the user language and mails it', async () => {
    const decryptor = decryptorOf('123456');
    const { channel, send } = emailChannel();
    const useCase = new DeliverCodeMessage(decryptor, templates, new InMemoryOnceOnly(), channel, { appName: 'Example' });
    const result = await useCase.execute(REQUEST);
    expect(result).to.deep.equal({ outcome: 'delivered', locale: 'fr', incidents: [] });
    expect(decryptor.decrypt.calledOnceWithExactly(REQUEST.encryptedCode, { poolId: POOL })).to.equal(true);
    expect(send.firstCall.args[0]).to.deep.equal({
      to: 'jane@example.com',
      subject: 'sign-up:Example',
      html: '<p>Jane 123456 jane</p>',
      text: 'Jane 123456',
    });
  });

  it('texts the SMS version on the SMS channel', async () => {
    const { channel, send } = smsChannel();
    const useCase = new DeliverCodeMessage(decryptorOf('654321'), templates, new InMemoryOnceOnly(), channel, { appName: 'Example' });
    const result = await useCase.execute({ ...REQUEST, recipient: '+447700900123' });
    expect(result.outcome).to.equal('delivered');
    expect(send.firstCall.args[0]).to.deep.equal({ to: '+447700900123', body: 'sms 654321' });
  });

  it('sends one message however often the same event is delivered', async () => {
    const { channel, send } = emailChannel();
    const useCase = new DeliverCodeMessage(decryptorOf('123456'), templates, new InMemoryOnceOnly(), channel, { appName: 'Example' });
    expect((await useCase.execute(REQUEST)).outcome).to.equal('delivered');
    expect((await useCase.execute(REQUEST)).outcome).to.equal('already-delivered');
    expect(send.callCount).to.equal(1);
    // A new code is a new message.
    expect((await useCase.execute({ ...REQUEST, deliveryKey: 'key-2' })).outcome).to.equal('delivered');
    expect(send.callCount).to.equal(2);
  });

  it('keeps the channels apart: the same key on email and SMS is two messages', async () => {
    const once = new InMemoryOnceOnly();
    await new DeliverCodeMessage(decryptorOf('1'), templates, once, emailChannel().channel, { appName: 'A' }).execute(REQUEST);
    await new DeliverCodeMessage(decryptorOf('1'), templates, once, smsChannel().channel, { appName: 'A' }).execute(REQUEST);
    expect(once.runs).to.deep.equal(['email#key-1', 'sms#key-1']);
  });

  it('drops a code that will never decrypt here, reporting it, and sends nothing', async () => {
    const { channel, send } = emailChannel();
    const useCase = new DeliverCodeMessage(
      decryptorOf(new CodeRejectedError('the code was encrypted for pool other, not for the event pool')),
      templates,
      new InMemoryOnceOnly(),
      channel,
      { appName: 'Example' },
    );
    const result = await useCase.execute(REQUEST);
    expect(result.outcome).to.equal('undeliverable');
    expect(result.incidents.map((incident) => [incident.code, incident.severity])).to.deep.equal([['CODE_UNDELIVERABLE', 'error']]);
    expect(send.called).to.equal(false);
  });

  it('drops a message for a user without an address, and says which', async () => {
    const { channel, send } = smsChannel();
    const decryptor = decryptorOf('1');
    const useCase = new DeliverCodeMessage(decryptor, templates, new InMemoryOnceOnly(), channel, { appName: 'Example' });
    const { recipient: _recipient, ...withoutRecipient } = REQUEST;
    const result = await useCase.execute(withoutRecipient);
    expect(result.outcome).to.equal('undeliverable');
    expect(String((result.incidents[0]?.cause as Error).message)).to.contain('phone number');
    expect(decryptor.decrypt.called).to.equal(false);
    expect(send.called).to.equal(false);
  });

  for (const failure of [
    new CodeUnavailableError('KMS Decrypt failed (TimeoutError)'),
    new MailUnavailableError('SES SendEmail failed (Throttling)'),
    new MailRejectedError('SES SendEmail failed (MessageRejected)'),
    new StoreUnavailableError('once-only record'),
  ]) {
    it(`fails loudly on ${failure.name}, so that Lambda retries, and a retry can deliver`, async () => {
      const once = new InMemoryOnceOnly();
      const send = sinon.stub<[MailMessage], Promise<void>>();
      const decryptor = decryptorOf('123456');
      if (failure instanceof CodeUnavailableError) decryptor.decrypt.onFirstCall().rejects(failure);
      else if (failure instanceof StoreUnavailableError) sinon.stub(once, 'run').onFirstCall().rejects(failure).callThrough();
      else send.onFirstCall().rejects(failure);
      send.resolves();
      const useCase = new DeliverCodeMessage(decryptor, templates, once, emailChannel(send).channel, { appName: 'Example' });
      let thrown: unknown;
      await useCase.execute(REQUEST).catch((error: unknown) => (thrown = error));
      expect(thrown).to.equal(failure);
      expect((await useCase.execute(REQUEST)).outcome).to.equal('delivered');
    });
  }

  it('fails loudly when the SMS provider does not answer', async () => {
    const failure = new TextUnavailableError('SNS Publish failed (TimeoutError)');
    const { channel } = smsChannel(sinon.stub<[TextMessage], Promise<void>>().rejects(failure));
    const useCase = new DeliverCodeMessage(decryptorOf('1'), templates, new InMemoryOnceOnly(), channel, { appName: 'Example' });
    let thrown: unknown;
    await useCase.execute({ ...REQUEST, recipient: '+447700900123' }).catch((error: unknown) => (thrown = error));
    expect(thrown).to.equal(failure);
  });

  it('unescapes the temporary password Cognito HTML-escapes, for admin-created users only', async () => {
    const { channel, send } = emailChannel();
    const useCase = new DeliverCodeMessage(decryptorOf('a&amp;b&lt;c&#39;d'), templates, new InMemoryOnceOnly(), channel, { appName: 'Example' });
    await useCase.execute({ ...REQUEST, message: 'admin-create-user' });
    expect(send.firstCall.args[0].text).to.equal("Jane a&b<c'd");
    await useCase.execute({ ...REQUEST, deliveryKey: 'key-2' });
    expect(send.secondCall.args[0].text).to.equal('Jane a&amp;b&lt;c&#39;d');
  });
});

describe('unescapeHtml', () => {
  it('turns the escaping set and numeric references back into text, leaving the rest', () => {
    expect(unescapeHtml('&amp;&lt;&gt;&quot;&apos;&#39;&#x2F;&#X3D;&#96;')).to.equal('&<>"\'\'/=`');
    expect(unescapeHtml('&nbsp; &unknown; & &#xZZ; plain')).to.equal('&nbsp; &unknown; & &#xZZ; plain');
    expect(unescapeHtml('&#1114112;')).to.equal('&#1114112;');
  });
});

describe('DeliverAccountNotice', () => {
  const alerts: AlertMessages = {
    renderAlert: (name, locale, values) => ({
      subject: `${name}:${values['appName']}`,
      html: `<p>${values['name']}</p>`,
      text: values['name'] ?? '',
      sms: `sms ${name}`,
      locale: locale ?? 'en',
    }),
  };

  it('tells the owner once per event, on the channel of the sender', async () => {
    const { channel, send } = smsChannel();
    const useCase = new DeliverAccountNotice(alerts, new InMemoryOnceOnly(), channel, { appName: 'Example' });
    const request = { recipient: '+447700900123', name: 'Jane', deliveryKey: 'notice-1' };
    expect(await useCase.execute(request)).to.deep.equal({ outcome: 'delivered', locale: 'en', incidents: [] });
    expect((await useCase.execute(request)).outcome).to.equal('already-delivered');
    expect(send.callCount).to.equal(1);
    expect(send.firstCall.args[0]).to.deep.equal({ to: '+447700900123', body: 'sms account-takeover' });
  });

  it('drops a notice for a user without an address', async () => {
    const { channel, send } = emailChannel();
    const result = await new DeliverAccountNotice(alerts, new InMemoryOnceOnly(), channel, { appName: 'Example' }).execute({ deliveryKey: 'k' });
    expect(result.outcome).to.equal('undeliverable');
    expect(send.called).to.equal(false);
  });

  it('fails loudly when the mail provider does not answer', async () => {
    const failure = new MailUnavailableError('SMTP timeout');
    const { channel } = emailChannel(sinon.stub<[MailMessage], Promise<void>>().rejects(failure));
    let thrown: unknown;
    await new DeliverAccountNotice(alerts, new InMemoryOnceOnly(), channel, { appName: 'Example' })
      .execute({ recipient: 'jane@example.com', deliveryKey: 'k' })
      .catch((error: unknown) => (thrown = error));
    expect(thrown).to.equal(failure);
  });
});
