import type { SESClient } from '@aws-sdk/client-ses';
import { expect } from 'chai';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { withDeadline } from '../../../adapters/invocation-deadline';
import { createSesClient } from '../../../adapters/ses/ses-client';
import { SesMailer } from '../../../adapters/ses/ses-mailer';
import { MailRejectedError, MailUnavailableError, type MailMessage } from '../../../domain';
import { withEnvironment } from '../../support/lambda-bundle';
import { startSesSink, type SesSink } from '../../../sandbox/mail/mail-sinks';

const message: MailMessage = {
  to: 'jane@example.com',
  subject: 'Welcome to Gatehouse',
  html: '<p>Hello Jane, <strong>welcome</strong>.</p>',
  text: 'Hello Jane, welcome.\n',
};

async function failureOf(work: Promise<unknown>): Promise<Error> {
  const outcome = await work.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!(outcome instanceof Error)) throw new Error('expected the send to fail');
  return outcome;
}

describe('adapters/ses/SesMailer against aws-ses-v2-local', () => {
  let sink: SesSink;
  let client: SESClient;
  let restore: () => void;

  before(async () => {
    sink = await startSesSink();
    restore = withEnvironment({ AWS_ENDPOINT_URL_SES: sink.endpoint });
    client = createSesClient({ timeoutMs: 1000, maxAttempts: 1 });
  });
  after(async () => {
    client.destroy();
    restore();
    await sink.stop();
  });
  beforeEach(() => sink.clear());

  it('sends both parts from the sender, with the reply-to address', async () => {
    const before = Date.now();
    await new SesMailer(client, { from: 'Gatehouse <no-reply@example.com>', replyTo: 'support@example.com' }).send(message);
    const received = await sink.messages();
    // The stand-in keeps whole seconds.
    expect(received[0]?.receivedAt).to.be.within(Math.floor(before / 1000) * 1000, Date.now());
    expect(received.map(({ receivedAt: _at, ...mail }) => mail)).to.deep.equal([
      {
        from: 'Gatehouse <no-reply@example.com>',
        to: ['jane@example.com'],
        replyTo: ['support@example.com'],
        subject: 'Welcome to Gatehouse',
        html: message.html,
        text: message.text,
      },
    ]);
  });

  it('sends from a bare address, without a reply-to address when none is configured', async () => {
    await new SesMailer(client, { from: 'no-reply@example.com' }).send(message);
    const [received] = await sink.messages();
    expect(received?.from).to.equal('no-reply@example.com');
    expect(received?.replyTo).to.deep.equal([]);
  });

  it('keeps text outside ASCII intact: subject, both parts, and a display name (sent as RFC 2047 words)', async () => {
    const mailer = new SesMailer(client, { from: 'Zoë Müller, Grüße GmbH & Co. KG — Konto-Service <no-reply@example.com>' });
    await mailer.send({ ...message, subject: 'Willkommen bei Gatehouse – Grüße', html: '<p>Grüße, Zoë ✓</p>', text: 'Grüße, Zoë ✓\n' });
    const [received] = await sink.messages();
    expect(received?.from).to.equal('Zoë Müller, Grüße GmbH & Co. KG — Konto-Service <no-reply@example.com>');
    expect(received?.subject).to.equal('Willkommen bei Gatehouse – Grüße');
    expect(received?.html).to.equal('<p>Grüße, Zoë ✓</p>');
    expect(received?.text).to.equal('Grüße, Zoë ✓\n');
  });

  it('sends to an internationalised domain in its ASCII form (SES takes no other)', async () => {
    await new SesMailer(client, { from: 'no-reply@example.com' }).send({ ...message, to: 'jane@Bücher.example' });
    expect((await sink.messages())[0]?.to).to.deep.equal(['jane@xn--bcher-kva.example']);
  });

  it('keeps the subject on one line whatever it holds', async () => {
    await new SesMailer(client, { from: 'no-reply@example.com' }).send({ ...message, subject: 'Hello\r\nBcc: someone@example.net' });
    expect((await sink.messages())[0]?.subject).to.equal('Hello Bcc: someone@example.net');
  });

  it('refuses a recipient that is not an address without calling SES', async () => {
    for (const to of ['', 'jane', 'jane@', 'jane@example.com, eve@example.net', 'Jane <jane@example.com>', 'jane@example.com\r\nBcc: x@y.z']) {
      const error = await failureOf(new SesMailer(client, { from: 'no-reply@example.com' }).send({ ...message, to }));
      expect(error, to).to.be.instanceOf(MailRejectedError);
      expect(error.message).to.equal('SES SendEmail not sent: the recipient is not a valid address');
    }
    expect(await sink.messages()).to.deep.equal([]);
  });

  describe('construction', () => {
    for (const from of ['', 'no-reply', 'Gatehouse <no-reply>', 'no-reply@example.com\r\nBcc: x@y.z', 'a@b.example, c@d.example', 'Gate"house <no-reply@example.com>']) {
      it(`refuses the sender ${JSON.stringify(from)}`, () => {
        expect(() => new SesMailer(client, { from })).to.throw(RangeError, /from must be an address/);
      });
    }
    it('refuses a reply-to address that is not one', () => {
      expect(() => new SesMailer(client, { from: 'no-reply@example.com', replyTo: 'support' })).to.throw(RangeError, /replyTo/);
    });
    it('refuses a configuration set name SES would not accept', () => {
      expect(() => new SesMailer(client, { from: 'no-reply@example.com', configurationSet: 'has space' })).to.throw(RangeError, /configurationSet/);
    });
    it('accepts a quoted display name', async () => {
      await new SesMailer(client, { from: '"Gatehouse, Accounts" <no-reply@example.com>' }).send(message);
      expect((await sink.messages())[0]?.from).to.equal('"Gatehouse, Accounts" <no-reply@example.com>');
    });
  });
});

/**
 * A local endpoint speaking the SES query protocol: records each request's parameters and answers with
 * success, or with the error it is told to (as SES does: an XML `ErrorResponse` naming the address).
 */
class SesQueryEndpoint {
  readonly requests: URLSearchParams[] = [];
  failWith?: { code: string; status: number };
  private server?: Server;

  async start(): Promise<string> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        this.requests.push(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
        response.setHeader('content-type', 'text/xml');
        response.setHeader('x-amzn-requestid', 'request-1234');
        if (this.failWith === undefined) {
          response.end(
            '<SendEmailResponse xmlns="http://ses.amazonaws.com/doc/2010-12-01/"><SendEmailResult><MessageId>m-1</MessageId></SendEmailResult>' +
              '<ResponseMetadata><RequestId>request-1234</RequestId></ResponseMetadata></SendEmailResponse>',
          );
          return;
        }
        response.statusCode = this.failWith.status;
        response.end(
          '<ErrorResponse xmlns="http://ses.amazonaws.com/doc/2010-12-01/"><Error><Type>Sender</Type>' +
            `<Code>${this.failWith.code}</Code><Message>Email address is not verified. The following identities failed the check in region EU-WEST-1: jane@example.com</Message>` +
            '</Error><RequestId>request-1234</RequestId></ErrorResponse>',
        );
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

describe('adapters/ses/SesMailer: the request and the errors', () => {
  const endpoint = new SesQueryEndpoint();
  let restore: () => void;
  let client: SESClient;
  let mailer: SesMailer;

  before(async () => {
    restore = withEnvironment({ AWS_ENDPOINT_URL_SES: await endpoint.start() });
    client = createSesClient({ timeoutMs: 1000, maxAttempts: 1 });
    mailer = new SesMailer(client, { from: 'Gatehouse <no-reply@example.com>', configurationSet: 'gatehouse-dev' });
  });
  after(async () => {
    client.destroy();
    restore();
    await endpoint.stop();
  });
  beforeEach(() => {
    endpoint.requests.length = 0;
    endpoint.failWith = undefined;
  });

  it('sends SendEmail with both bodies and the subject in UTF-8, in the configuration set', async () => {
    await mailer.send(message);
    const [request] = endpoint.requests;
    expect(Object.fromEntries(request ?? [])).to.deep.equal({
      Action: 'SendEmail',
      Version: '2010-12-01',
      Source: 'Gatehouse <no-reply@example.com>',
      'Destination.ToAddresses.member.1': 'jane@example.com',
      ConfigurationSetName: 'gatehouse-dev',
      'Message.Subject.Data': message.subject,
      'Message.Subject.Charset': 'UTF-8',
      'Message.Body.Html.Data': message.html,
      'Message.Body.Html.Charset': 'UTF-8',
      'Message.Body.Text.Data': message.text,
      'Message.Body.Text.Charset': 'UTF-8',
    });
  });

  // SES answered: a refusal no retry changes (an unverified address or domain, a missing permission, a paused account).
  it('sends a display name outside ASCII as RFC 2047 words, as SES requires of Source and reply-to addresses', async () => {
    await new SesMailer(client, { from: 'Zoë <no-reply@example.com>', replyTo: 'Équipe <support@example.com>' }).send(message);
    const [request] = endpoint.requests;
    expect(request?.get('Source')).to.equal('=?UTF-8?B?Wm/Dqw==?= <no-reply@example.com>');
    expect(request?.get('ReplyToAddresses.member.1')).to.equal('=?UTF-8?B?w4lxdWlwZQ==?= <support@example.com>');
    expect(request?.has('ConfigurationSetName')).to.equal(false);
  });

  // The SDK names some errors after their code, some after their modelled exception.
  for (const [code, name] of [
    ['MessageRejected', 'MessageRejected'],
    ['MailFromDomainNotVerifiedException', 'MailFromDomainNotVerifiedException'],
    ['AccessDenied', 'AccessDenied'],
    ['ConfigurationSetDoesNotExist', 'ConfigurationSetDoesNotExistException'],
    ['ConfigurationSetSendingPausedException', 'ConfigurationSetSendingPausedException'],
    ['AccountSendingPausedException', 'AccountSendingPausedException'],
    ['InvalidParameterValue', 'InvalidParameterValue'],
  ] as const) {
    it(`turns ${code} into MailRejectedError, naming the call and the error, never the address`, async () => {
      endpoint.failWith = { code, status: 400 };
      const error = await failureOf(mailer.send(message));
      expect(error).to.be.instanceOf(MailRejectedError);
      expect(error.message).to.equal(`SES SendEmail failed (${name})`);
      const cause = error.cause as Error & { $metadata?: { httpStatusCode?: number; requestId?: string } };
      expect(cause.name).to.equal(name);
      expect(cause.$metadata).to.deep.equal({ httpStatusCode: 400, requestId: 'request-1234' });
      expect(JSON.stringify({ message: error.message, cause: cause.message, stack: cause.stack })).not.to.include('jane@example.com');
    });
  }

  for (const [code, status] of [
    ['Throttling', 400],
    ['InternalFailure', 500],
    ['ServiceUnavailable', 503],
  ] as const) {
    it(`turns ${code} (${status}) into MailUnavailableError`, async () => {
      endpoint.failWith = { code, status };
      const error = await failureOf(mailer.send(message));
      expect(error).to.be.instanceOf(MailUnavailableError);
      expect(error.message).to.equal(`SES SendEmail failed (${code})`);
      expect((error.cause as Error).message).not.to.include('jane@example.com');
    });
  }

  it('turns an endpoint that never answers into MailUnavailableError caused by a timeout', async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const restoreSilent = withEnvironment({ AWS_ENDPOINT_URL_SES: `http://127.0.0.1:${(silent.address() as AddressInfo).port}` });
    const stalled = createSesClient({ timeoutMs: 200, maxAttempts: 1 });
    try {
      const started = Date.now();
      const error = await failureOf(new SesMailer(stalled, { from: 'no-reply@example.com' }).send(message));
      expect(error).to.be.instanceOf(MailUnavailableError);
      expect((error.cause as Error).name).to.match(/Timeout/);
      expect(Date.now() - started).to.be.below(2000);
    } finally {
      stalled.destroy();
      restoreSilent();
      silent.closeAllConnections();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it('turns an unreachable endpoint into MailUnavailableError', async () => {
    const restoreOffline = withEnvironment({ AWS_ENDPOINT_URL_SES: 'http://127.0.0.1:9' });
    const offline = createSesClient({ timeoutMs: 300, maxAttempts: 1 });
    try {
      expect(await failureOf(new SesMailer(offline, { from: 'no-reply@example.com' }).send(message))).to.be.instanceOf(MailUnavailableError);
    } finally {
      offline.destroy();
      restoreOffline();
    }
  });

  it('sends nothing once the invocation has no time left: MailUnavailableError', async () => {
    const error = await withDeadline(Date.now() + 5, async () => {
      await new Promise((resolve) => setTimeout(resolve, 10));
      return failureOf(mailer.send(message));
    });
    expect(error).to.be.instanceOf(MailUnavailableError);
    expect(endpoint.requests).to.have.length(0);
  });
});
