import { expect } from 'chai';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DeadlineExceededError, withDeadline } from '../../../adapters/invocation-deadline';
import { SendGridMailer, type SendGridMailerOptions } from '../../../adapters/sendgrid/sendgrid-mailer';
import { MailRejectedError, MailUnavailableError, StoreRejectedError, StoreUnavailableError, type MailMessage } from '../../../domain';
import { MAIL_SEND_PATH, SendGridEndpoint, type SendGridMessage } from '../../../sandbox/sendgrid/sendgrid-endpoint';

const message: MailMessage = {
  to: 'jane@example.com',
  subject: 'Welcome to Gatehouse',
  html: '<p>Hello Jane, your code is <strong>482913</strong>: <a href="https://signin.example.com/magic?t=abc">sign in</a></p>',
  text: 'Hello Jane, your code is 482913: https://signin.example.com/magic?t=abc\n',
};

/** What no error may carry: the key, the recipient, the subject, either part. */
function privateParts(key: string): string[] {
  return [key, key.slice(3, 20), 'jane@example.com', 'Welcome to Gatehouse', 'Hello Jane', '482913', 'magic?t=abc'];
}

async function failureOf(work: Promise<unknown>): Promise<Error> {
  const outcome = await work.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!(outcome instanceof Error)) throw new Error('expected the send to fail');
  return outcome;
}

function expectNothingPrivateIn(error: Error, key: string): void {
  const cause = error.cause as (Error & Record<string, unknown>) | undefined;
  const visible = [
    String(error),
    error.stack ?? '',
    String(cause),
    JSON.stringify({ message: error.message, cause: cause?.message, fields: { ...cause } }),
  ].join('\n');
  for (const secret of privateParts(key)) expect(visible, secret).not.to.include(secret);
}

/** A loopback origin on which nothing listens: connections are refused at once. */
async function refusingOrigin(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

describe('adapters/sendgrid/SendGridMailer against a local SendGrid endpoint', () => {
  let endpoint: SendGridEndpoint;

  before(async () => {
    endpoint = new SendGridEndpoint();
    await endpoint.start();
  });
  after(() => endpoint.stop());
  beforeEach(() => {
    endpoint.clear();
    endpoint.behave({ kind: 'accept' });
  });

  const mailer = (options: Partial<SendGridMailerOptions> = {}) =>
    new SendGridMailer({
      apiKey: async () => endpoint.apiKey,
      from: 'Gatehouse <no-reply@example.com>',
      timeoutMs: 2_000,
      endpoint: endpoint.url,
      ...options,
    });

  describe('sending', () => {
    it('delivers both parts from the sender, with the reply-to address and the subject, to the recipient only', async () => {
      await mailer({ replyTo: 'Support <support@example.com>' }).send(message);
      const [received, ...others] = endpoint.messages();
      expect(others).to.deep.equal([]);
      expect(received).to.deep.include({
        to: ['jane@example.com'],
        from: 'Gatehouse <no-reply@example.com>',
        replyTo: 'Support <support@example.com>',
        subject: 'Welcome to Gatehouse',
        text: message.text,
        html: message.html,
      });
      expect(received?.messageId).to.match(/^[A-Za-z0-9_-]{22}$/);
    });

    it('posts JSON to /v3/mail/send with the key as a bearer token, text/plain first', async () => {
      await mailer().send(message);
      const [call] = endpoint.calls;
      expect(call).to.deep.include({ method: 'POST', path: MAIL_SEND_PATH, authorization: `Bearer ${endpoint.apiKey}` });
      expect(call?.contentType).to.match(/^application\/json\b/);
      const body = call?.body as Record<string, unknown>;
      expect(body.personalizations).to.deep.equal([{ to: [{ email: 'jane@example.com' }] }]);
      expect(body.from).to.deep.equal({ email: 'no-reply@example.com', name: 'Gatehouse' });
      expect(body).not.to.have.property('reply_to');
      expect(body.content).to.deep.equal([
        { type: 'text/plain', value: message.text },
        { type: 'text/html', value: message.html },
      ]);
    });

    it('turns every kind of tracking off, so links and codes arrive as written', async () => {
      await mailer().send(message);
      expect(endpoint.messages()[0]?.trackingSettings).to.deep.equal({
        click_tracking: { enable: false, enable_text: false },
        open_tracking: { enable: false },
        subscription_tracking: { enable: false },
        ganalytics: { enable: false },
      });
    });

    it('sends a sender without a display name as an address only', async () => {
      await mailer({ from: 'no-reply@example.com' }).send(message);
      expect((endpoint.calls[0]?.body as { from: unknown }).from).to.deep.equal({ email: 'no-reply@example.com' });
      expect(endpoint.messages()[0]?.from).to.equal('no-reply@example.com');
    });

    it('keeps text outside ASCII intact: a display name, the subject and both parts', async () => {
      await mailer({ from: '"Zoë Müller — Konto-Service" <no-reply@example.com>' }).send({
        ...message,
        subject: 'Willkommen – Grüße',
        html: '<p>Grüße, Zoë ✓</p>',
        text: 'Grüße, Zoë ✓\n',
      });
      expect(endpoint.messages()[0]).to.deep.include({
        from: 'Zoë Müller — Konto-Service <no-reply@example.com>',
        subject: 'Willkommen – Grüße',
        html: '<p>Grüße, Zoë ✓</p>',
        text: 'Grüße, Zoë ✓\n',
      });
    });

    it('sends the subject as one line', async () => {
      await mailer().send({ ...message, subject: 'Hello\r\nBcc: someone@example.net\n' });
      expect(endpoint.messages()[0]?.subject).to.equal('Hello Bcc: someone@example.net');
    });

    it('sends an internationalised domain in its ASCII form', async () => {
      await mailer().send({ ...message, to: 'jane@Bücher.example' });
      expect(endpoint.messages()[0]?.to).to.deep.equal(['jane@xn--bcher-kva.example']);
    });

    it('reads the key on every send (its owner keeps it for the cold start; the mailer keeps no copy)', async () => {
      let reads = 0;
      const sender = mailer({
        apiKey: async () => {
          reads += 1;
          return endpoint.apiKey;
        },
      });
      await sender.send(message);
      await sender.send(message);
      expect(reads).to.equal(2);
      expect(endpoint.messages()).to.have.length(2);
    });

    it('counts any 2xx answer as sent', async () => {
      endpoint.behave({ kind: 'reply', status: 200, body: '' });
      await mailer().send(message);
      expect(endpoint.requests).to.equal(1);
    });

    it('refuses a recipient that is not one valid address without asking SendGrid, or reading the key', async () => {
      let reads = 0;
      const sender = mailer({
        apiKey: async () => {
          reads += 1;
          return endpoint.apiKey;
        },
      });
      for (const to of ['', 'jane', 'jane@example.com, eve@example.net', 'Jane <jane@example.com>', 'jane@example.com\r\nx@y.z']) {
        const error = await failureOf(sender.send({ ...message, to }));
        expect(error, JSON.stringify(to)).to.be.instanceOf(MailRejectedError);
        expect(error.message).to.equal('SendGrid mail send not started: the recipient is not a valid address');
      }
      expect(endpoint.requests).to.equal(0);
      expect(reads).to.equal(0);
    });
  });

  describe('refusals', () => {
    it('turns a wrong key into MailRejectedError (401), repeating neither the key nor SendGrid\'s answer', async () => {
      const wrong = `SG.${'w'.repeat(22)}.${'x'.repeat(43)}`;
      const error = await failureOf(mailer({ apiKey: async () => wrong }).send(message));
      expect(error).to.be.instanceOf(MailRejectedError);
      expect(error.message).to.equal('SendGrid mail send refused (HTTP 401)');
      expect(error.cause).to.include({ name: 'SendGridAnswer', status: 401 });
      expect(String(error.cause)).not.to.include('authorization grant');
      expectNothingPrivateIn(error, wrong);
      expect(endpoint.messages()).to.deep.equal([]);
    });

    it('turns a request SendGrid finds invalid into MailRejectedError (400)', async () => {
      const error = await failureOf(mailer().send({ ...message, text: '' }));
      expect(error).to.be.instanceOf(MailRejectedError);
      expect(error.message).to.equal('SendGrid mail send refused (HTTP 400)');
      expect(endpoint.messages()).to.deep.equal([]);
    });

    for (const status of [400, 403, 404, 413]) {
      it(`turns HTTP ${status} into MailRejectedError, withholding a body that quotes the recipient`, async () => {
        endpoint.behave({
          kind: 'reply',
          status,
          body: { errors: [{ message: 'The to array must have a valid email: jane@example.com', field: 'personalizations.0.to', help: null }] },
        });
        const error = await failureOf(mailer().send(message));
        expect(error).to.be.instanceOf(MailRejectedError);
        expect(error.message).to.equal(`SendGrid mail send refused (HTTP ${status})`);
        expectNothingPrivateIn(error, endpoint.apiKey);
      });
    }

    for (const status of [429, 500, 502, 503]) {
      it(`turns HTTP ${status} into MailUnavailableError`, async () => {
        endpoint.behave({ kind: 'reply', status, body: { errors: [{ message: 'try later: jane@example.com', field: null, help: null }] } });
        const error = await failureOf(mailer().send(message));
        expect(error).to.be.instanceOf(MailUnavailableError);
        expect(error.message).to.equal(`SendGrid mail send failed (HTTP ${status})`);
        expect(error.cause).to.include({ status });
        expectNothingPrivateIn(error, endpoint.apiKey);
      });
    }

    it('names the x-message-id of an answer, but only when it looks like one', async () => {
      endpoint.behave({ kind: 'reply', status: 503, body: '', headers: { 'x-message-id': 'Ua9z9lSTSaqYBWJe_Xfc-Q' } });
      const named = await failureOf(mailer().send(message));
      expect(named.message).to.equal('SendGrid mail send failed (HTTP 503, x-message-id Ua9z9lSTSaqYBWJe_Xfc-Q)');
      expect(named.cause).to.include({ messageId: 'Ua9z9lSTSaqYBWJe_Xfc-Q' });

      endpoint.behave({ kind: 'reply', status: 503, body: '', headers: { 'x-message-id': 'for jane@example.com' } });
      const unnamed = await failureOf(mailer().send(message));
      expect(unnamed.message).to.equal('SendGrid mail send failed (HTTP 503)');
      expectNothingPrivateIn(unnamed, endpoint.apiKey);
    });

    it('does not follow a redirect (it would carry the key along): MailRejectedError', async () => {
      endpoint.behave({ kind: 'reply', status: 307, body: '', headers: { location: `${endpoint.url}/elsewhere` } });
      const error = await failureOf(mailer().send(message));
      expect(error).to.be.instanceOf(MailRejectedError);
      expect(error.message).to.equal('SendGrid mail send refused (HTTP 307)');
      expect(endpoint.requests).to.equal(1);
    });
  });

  describe('time and the network', () => {
    it('turns an endpoint that never answers into MailUnavailableError at the timeout', async () => {
      endpoint.behave({ kind: 'stall' });
      const error = await failureOf(mailer({ timeoutMs: 150 }).send(message));
      expect(error).to.be.instanceOf(MailUnavailableError);
      expect(error.message).to.equal('SendGrid mail send failed (no answer within 150 ms)');
      expect(error.cause).to.include({ name: 'TimeoutError' });
      expect(endpoint.requests).to.equal(1);
    });

    it("cuts a send short at the invocation's deadline, nearer than the timeout", async () => {
      endpoint.behave({ kind: 'stall' });
      const error = await withDeadline(Date.now() + 300, () => failureOf(mailer({ timeoutMs: 60_000 }).send(message)));
      expect(error).to.be.instanceOf(MailUnavailableError);
      // However slow the machine, the deadline ends it: before the request, or while it waits.
      expect(error.cause).to.be.instanceOf(DeadlineExceededError);
    });

    it('sends nothing once the invocation has no time left', async () => {
      const error = await withDeadline(Date.now() + 5, async () => {
        await new Promise((resolve) => setTimeout(resolve, 10));
        return failureOf(mailer().send(message));
      });
      expect(error).to.be.instanceOf(MailUnavailableError);
      expect(error.message).to.match(/^SendGrid mail send not started: the invocation's deadline leaves \d+ ms$/);
      expect(error.cause).to.be.instanceOf(DeadlineExceededError);
      expect(endpoint.requests).to.equal(0);
    });

    it('turns a refused connection into MailUnavailableError', async () => {
      const error = await failureOf(mailer({ endpoint: await refusingOrigin() }).send(message));
      expect(error).to.be.instanceOf(MailUnavailableError);
      expect(error.message).to.equal('SendGrid mail send failed (network error, ECONNREFUSED)');
      expect(error.cause).to.include({ code: 'ECONNREFUSED' });
      expectNothingPrivateIn(error, endpoint.apiKey);
    });
  });

  describe('the API key', () => {
    const keyFailures = [
      { thrown: new StoreUnavailableError('SSM GetParameter (/gatehouse/sendgrid) failed (TimeoutError)'), expected: MailUnavailableError },
      { thrown: new StoreRejectedError('SSM GetParameter (/gatehouse/sendgrid) failed (ParameterNotFound)'), expected: MailRejectedError },
    ];
    for (const { thrown, expected } of keyFailures) {
      it(`turns a key that cannot be read (${thrown.name}) into ${expected.name}, keeping the cause, asking nothing`, async () => {
        const error = await failureOf(mailer({ apiKey: () => Promise.reject(thrown) }).send(message));
        expect(error).to.be.instanceOf(expected);
        expect(error.message).to.equal(`SendGrid API key could not be read (${thrown.name})`);
        expect(error.cause).to.equal(thrown);
        expect(endpoint.requests).to.equal(0);
      });
    }

    it('turns an empty key into MailRejectedError, asking nothing', async () => {
      const error = await failureOf(mailer({ apiKey: async () => '' }).send(message));
      expect(error).to.be.instanceOf(MailRejectedError);
      expect(error.message).to.equal('SendGrid API key is empty');
      expect(endpoint.requests).to.equal(0);
    });

    it('refuses a key no header can carry without repeating it', async () => {
      const broken = `SG.${'k'.repeat(22)}\r\nX-Injected: ${'s'.repeat(20)}`;
      const error = await failureOf(mailer({ apiKey: async () => broken }).send(message));
      expect(error).to.be.instanceOf(MailRejectedError);
      expect(error.message).to.equal('SendGrid API key has characters no HTTP header may carry');
      expect(String(error)).not.to.include('k'.repeat(22));
      expect(endpoint.requests).to.equal(0);
    });
  });

  it('never lets the key, the recipient or the content into an error, whatever went wrong', async () => {
    const errors: Error[] = [];
    const collect = async (work: Promise<unknown>) => errors.push(await failureOf(work));
    await collect(mailer({ apiKey: async () => `${endpoint.apiKey}-revoked` }).send(message));
    for (const status of [400, 403, 413, 429, 500]) {
      endpoint.behave({ kind: 'reply', status, body: JSON.stringify({ errors: [{ message: `refused ${message.to}: ${message.text}` }] }) });
      await collect(mailer().send(message));
    }
    endpoint.behave({ kind: 'stall' });
    await collect(mailer({ timeoutMs: 100 }).send(message));
    await collect(mailer({ endpoint: await refusingOrigin() }).send(message));
    expect(new Set(errors.map((error) => error.name))).to.deep.equal(new Set(['MailRejectedError', 'MailUnavailableError']));
    for (const error of errors) expectNothingPrivateIn(error, endpoint.apiKey);
  });

  describe('construction', () => {
    const base: SendGridMailerOptions = { apiKey: async () => 'SG.key', from: 'no-reply@example.com', timeoutMs: 2_000 };

    for (const endpointUrl of ['https://api.sendgrid.com', 'https://api.eu.sendgrid.com/', 'http://127.0.0.1:8025', 'http://[::1]:8025', 'http://localhost']) {
      it(`accepts the endpoint ${endpointUrl}`, () => {
        expect(() => new SendGridMailer({ ...base, endpoint: endpointUrl })).not.to.throw();
      });
    }

    it('uses https://api.sendgrid.com when no endpoint is given', () => {
      expect(() => new SendGridMailer(base)).not.to.throw();
    });

    for (const endpointUrl of ['http://api.sendgrid.com', 'http://10.0.0.1:8025', 'http://localhost.example.com', 'http://0.0.0.0:8025']) {
      it(`refuses plain http to ${endpointUrl}, which is not a loopback host (the key would travel in clear)`, () => {
        expect(() => new SendGridMailer({ ...base, endpoint: endpointUrl })).to.throw(RangeError, /must use https \(plain http only to/);
      });
    }

    // Options as a configuration file could spell them, not only as the type allows.
    const refused: [string, Record<string, unknown>, RegExp][] = [
      ['an endpoint that is not a URL', { endpoint: 'api.sendgrid.com' }, /endpoint is not a URL/],
      ['an endpoint of another scheme', { endpoint: 'ftp://api.sendgrid.com' }, /must use https/],
      ['an endpoint with credentials', { endpoint: 'https://user:pass@api.sendgrid.com' }, /must not carry credentials/],
      ['an endpoint with a path', { endpoint: 'https://api.sendgrid.com/v3/mail/send' }, /origin only/],
      ['an endpoint with a query', { endpoint: 'https://api.sendgrid.com/?x=1' }, /origin only/],
      ['a sender that is not an address', { from: 'no-reply' }, /from must be/],
      ['a sender with a line break', { from: 'no-reply@example.com\r\nBcc: x@y.z' }, /from must be/],
      ['a sender with an empty address', { from: 'Gatehouse <>' }, /from must be/],
      ['a reply-to that is not an address', { replyTo: 'support' }, /replyTo must be/],
      ['a zero timeout', { timeoutMs: 0 }, /timeoutMs/],
      ['an infinite timeout', { timeoutMs: Number.POSITIVE_INFINITY }, /timeoutMs/],
    ];
    for (const [what, options, pattern] of refused) {
      it(`refuses ${what}`, () => {
        expect(() => new SendGridMailer({ ...base, ...options } as unknown as SendGridMailerOptions)).to.throw(RangeError, pattern);
      });
    }

    it('refuses a key given as a value rather than a function that reads it', () => {
      expect(() => new SendGridMailer({ ...base, apiKey: 'SG.key' } as unknown as SendGridMailerOptions)).to.throw(TypeError, /apiKey/);
    });
  });
});

describe('sandbox/sendgrid/SendGridEndpoint answers as SendGrid does', () => {
  let endpoint: SendGridEndpoint;
  before(async () => {
    endpoint = new SendGridEndpoint();
    await endpoint.start();
  });
  after(() => endpoint.stop());
  beforeEach(() => {
    endpoint.clear();
    endpoint.behave({ kind: 'accept' });
  });

  const valid = () => ({
    personalizations: [{ to: [{ email: 'jane@example.com' }] }],
    from: { email: 'no-reply@example.com', name: 'Gatehouse' },
    subject: 'Hello',
    content: [
      { type: 'text/plain', value: 'Hello' },
      { type: 'text/html', value: '<p>Hello</p>' },
    ],
  });

  const post = async (body: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${endpoint.url}${MAIL_SEND_PATH}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${endpoint.apiKey}`, 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, messageId: response.headers.get('x-message-id'), body: text === '' ? undefined : (JSON.parse(text) as unknown) };
  };

  it('accepts a valid request with 202, an empty body and an x-message-id, and tells its listeners', async () => {
    const heard: SendGridMessage[] = [];
    const stop = endpoint.onMessage((received) => heard.push(received));
    try {
      const answer = await post(valid());
      expect(answer.status).to.equal(202);
      expect(answer.body).to.equal(undefined);
      expect(answer.messageId).to.match(/^[A-Za-z0-9_-]{22}$/);
      expect(heard).to.deep.equal(endpoint.messages());
      expect(heard[0]).to.deep.include({ to: ['jane@example.com'], from: 'Gatehouse <no-reply@example.com>', subject: 'Hello', messageId: answer.messageId });
    } finally {
      stop();
    }
    await post(valid());
    expect(heard).to.have.length(1);
  });

  it('answers 401 with SendGrid\'s error body to a missing or wrong key', async () => {
    expect(await post(valid(), { authorization: '' })).to.deep.include({
      status: 401,
      body: { errors: [{ message: 'authorization required', field: null, help: null }] },
    });
    expect(await post(valid(), { authorization: 'Bearer SG.not-the-key' })).to.deep.include({
      status: 401,
      body: { errors: [{ message: 'The provided authorization grant is invalid, expired, or revoked', field: null, help: null }] },
    });
    expect(endpoint.messages()).to.deep.equal([]);
  });

  const invalid: [string, (body: ReturnType<typeof valid>) => unknown, string[]][] = [
    ['no personalizations', ({ personalizations: _, ...rest }) => rest, ['personalizations']],
    ['an empty personalizations list', (body) => ({ ...body, personalizations: [] }), ['personalizations']],
    ['a personalization without to', (body) => ({ ...body, personalizations: [{}] }), ['personalizations.0.to']],
    ['an invalid recipient', (body) => ({ ...body, personalizations: [{ to: [{ email: 'jane' }] }] }), ['personalizations.0.to']],
    ['no from', ({ from: _, ...rest }) => rest, ['from']],
    ['an invalid from', (body) => ({ ...body, from: { email: 'no-reply@' } }), ['from.email']],
    ['an invalid reply_to', (body) => ({ ...body, reply_to: { email: 'support' } }), ['reply_to']],
    ['no subject', ({ subject: _, ...rest }) => rest, ['subject']],
    ['an empty subject', (body) => ({ ...body, subject: '' }), ['subject']],
    ['no content', ({ content: _, ...rest }) => rest, ['content']],
    ['an empty content list', (body) => ({ ...body, content: [] }), ['content']],
    ['an empty part', (body) => ({ ...body, content: [{ type: 'text/plain', value: '' }] }), ['content.0.value']],
    ['html before text', (body) => ({ ...body, content: [...body.content].reverse() }), ['content']],
    ['text/plain twice', (body) => ({ ...body, content: [body.content[0], body.content[0]] }), ['content']],
    [
      'a tracking flag that is not a boolean',
      (body) => ({ ...body, tracking_settings: { click_tracking: { enable: 'false' } } }),
      ['tracking_settings.click_tracking.enable'],
    ],
    ['several problems at once', ({ from: _, subject: __, ...rest }) => rest, ['from', 'subject']],
  ];
  for (const [what, change, fields] of invalid) {
    it(`answers 400 naming the field for ${what}`, async () => {
      const answer = await post(change(valid()));
      expect(answer.status).to.equal(400);
      const errors = (answer.body as { errors: { message: string; field: string; help: null }[] }).errors;
      expect(errors.map((error) => error.field)).to.deep.equal(fields);
      for (const error of errors) expect(error.message).to.be.a('string').and.not.equal('');
      expect(endpoint.messages()).to.deep.equal([]);
    });
  }

  it('states the content order rule in SendGrid\'s words', async () => {
    const answer = await post({ ...valid(), content: [...valid().content].reverse() });
    expect((answer.body as { errors: { message: string }[] }).errors[0]?.message).to.match(/text\/plain needs to be first, followed by text\/html/);
  });

  it('answers 400 to a body that is not JSON, or not sent as JSON', async () => {
    expect((await post('{not json')).status).to.equal(400);
    expect((await post(valid(), { 'content-type': 'text/plain' })).status).to.equal(400);
  });

  it('records every request, and answers as told: a fixed reply, or never', async () => {
    endpoint.behave({ kind: 'reply', status: 503, body: 'maintenance', headers: { 'retry-after': '5' } });
    const answer = await fetch(`${endpoint.url}${MAIL_SEND_PATH}`, { method: 'POST', body: '{}' });
    expect(answer.status).to.equal(503);
    expect(answer.headers.get('retry-after')).to.equal('5');
    expect(await answer.text()).to.equal('maintenance');

    endpoint.behave({ kind: 'stall' });
    const stalled = await fetch(`${endpoint.url}${MAIL_SEND_PATH}`, { method: 'POST', body: '{}', signal: AbortSignal.timeout(100) }).then(
      () => 'answered',
      (error: Error) => error.name,
    );
    expect(stalled).to.equal('TimeoutError');
    expect(endpoint.requests).to.equal(2);
  });
});
