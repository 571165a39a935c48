import { expect } from 'chai';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { withDeadline } from '../../../adapters/invocation-deadline';
import { smtpFailure } from '../../../adapters/smtp/smtp-errors';
import { isLoopback } from '../../../adapters/loopback';
import { SmtpMailer, type SmtpMailerOptions } from '../../../adapters/smtp/smtp-mailer';
import { MailRejectedError, MailUnavailableError, StoreRejectedError, StoreUnavailableError, type MailMessage } from '../../../domain';
import { startSmtpSink, type SmtpSink } from '../../../sandbox/mail/mail-sinks';
import { trustInThisProcess } from '../../../sandbox/mail/self-signed-certificate';

const message: MailMessage = {
  to: 'jane@example.com',
  subject: 'Welcome to Gatehouse',
  html: '<p>Hello Jane, <strong>welcome</strong>.</p>',
  text: 'Hello Jane, welcome.\n',
};

const PASSWORD = 'correct horse battery staple';

function mailerFor(sink: { host: string; port: number }, options: Partial<SmtpMailerOptions> = {}): SmtpMailer {
  return new SmtpMailer({
    host: sink.host,
    port: sink.port,
    security: 'none',
    from: 'Gatehouse <no-reply@example.com>',
    timeoutMs: 2000,
    ...options,
  });
}

async function failureOf(work: Promise<unknown>): Promise<Error> {
  const outcome = await work.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!(outcome instanceof Error)) throw new Error('expected the send to fail');
  return outcome;
}

/** Nothing of the password, the recipient or the content in the error or its cause. */
function expectNothingPrivateIn(error: Error): void {
  const cause = error.cause as (Error & Record<string, unknown>) | undefined;
  const visible = JSON.stringify({ message: error.message, cause: cause?.message, fields: { ...cause } });
  for (const secret of [PASSWORD, 'jane@example.com', 'Welcome to Gatehouse', 'Hello Jane']) expect(visible).not.to.include(secret);
}

/** A TCP server that accepts connections and never says a word: no greeting, no reply. */
async function startSilentServer(): Promise<{ port: number; stop: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    stop: async () => {
      sockets.forEach((socket) => socket.destroy());
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('adapters/smtp/SmtpMailer against smtp-server on 127.0.0.1', () => {
  describe('plain text on loopback', () => {
    let sink: SmtpSink;
    before(async () => {
      sink = await startSmtpSink();
    });
    after(() => sink.stop());
    beforeEach(async () => {
      sink.refusal = undefined;
      await sink.clear();
    });

    it('sends both parts from the sender, with the reply-to address, to the recipient only', async () => {
      await mailerFor(sink, { replyTo: 'Support <support@example.com>' }).send(message);
      const [received, ...others] = await sink.messages();
      expect(others).to.deep.equal([]);
      expect(received).to.deep.include({
        from: 'Gatehouse <no-reply@example.com>',
        to: ['jane@example.com'],
        replyTo: ['Support <support@example.com>'],
        subject: 'Welcome to Gatehouse',
        html: message.html,
        text: message.text,
        envelope: { from: 'no-reply@example.com', to: ['jane@example.com'] },
        secure: false,
      });
    });

    it('keeps text outside ASCII intact: a display name, the subject and both parts', async () => {
      await mailerFor(sink, { from: 'Zoë Müller — Konto-Service <no-reply@example.com>' }).send({
        ...message,
        subject: 'Willkommen – Grüße',
        html: '<p>Grüße, Zoë ✓</p>',
        text: 'Grüße, Zoë ✓\n',
      });
      const [received] = await sink.messages();
      expect(received).to.deep.include({
        from: 'Zoë Müller — Konto-Service <no-reply@example.com>',
        subject: 'Willkommen – Grüße',
        html: '<p>Grüße, Zoë ✓</p>',
        text: 'Grüße, Zoë ✓\n',
      });
    });

    it('smuggles no header in through the subject', async () => {
      await mailerFor(sink).send({ ...message, subject: 'Hello\r\nBcc: someone@example.net' });
      const [received] = await sink.messages();
      expect(received?.subject).to.equal('Hello Bcc: someone@example.net');
      expect(received?.headerNames).not.to.include('bcc');
      expect(received?.envelope.to).to.deep.equal(['jane@example.com']);
    });

    it('delivers to an internationalised domain (sent in ASCII; smtp-server reports it in Unicode)', async () => {
      await mailerFor(sink).send({ ...message, to: 'jane@Bücher.example' });
      expect((await sink.messages())[0]?.envelope.to).to.deep.equal(['jane@bücher.example']);
    });

    it('refuses a recipient that is not an address without connecting', async () => {
      for (const to of ['', 'jane', 'jane@example.com, eve@example.net', 'Jane <jane@example.com>', 'jane@example.com\r\nRCPT TO:<x@y.z>']) {
        const error = await failureOf(mailerFor(sink).send({ ...message, to }));
        expect(error, to).to.be.instanceOf(MailRejectedError);
        expect(error.message).to.equal('SMTP send not started: the recipient is not a valid address');
      }
      expect(await sink.messages()).to.deep.equal([]);
    });

    const refusals = [
      { at: 'RCPT TO', code: 550, text: '5.1.1 <jane@example.com>: Recipient address rejected', expected: MailRejectedError, message: 'SMTP RCPT TO failed (550 5.1.1, EENVELOPE)' },
      { at: 'RCPT TO', code: 451, text: '4.3.0 <jane@example.com>: Temporary lookup failure', expected: MailUnavailableError, message: 'SMTP RCPT TO failed (451 4.3.0, EENVELOPE)' },
      { at: 'MAIL FROM', code: 421, text: '4.7.0 Try again later', expected: MailUnavailableError, message: 'SMTP MAIL FROM failed (421 4.7.0, EENVELOPE)' },
      { at: 'MAIL FROM', code: 553, text: '5.7.1 Sender address rejected: not owned by user', expected: MailRejectedError, message: 'SMTP MAIL FROM failed (553 5.7.1, EENVELOPE)' },
      { at: 'DATA', code: 554, text: '5.6.0 Message content rejected for jane@example.com', expected: MailRejectedError, message: 'SMTP DATA failed (554 5.6.0, EMESSAGE)' },
      { at: 'DATA', code: 452, text: '4.3.1 Insufficient system storage', expected: MailUnavailableError, message: 'SMTP DATA failed (452 4.3.1, EMESSAGE)' },
    ] as const;
    for (const refusal of refusals) {
      it(`turns a ${refusal.code} at ${refusal.at} into ${refusal.expected.name}, quoting neither the reply nor the message`, async () => {
        sink.refusal = { at: refusal.at, code: refusal.code, message: refusal.text };
        const error = await failureOf(mailerFor(sink).send(message));
        expect(error).to.be.instanceOf(refusal.expected);
        expect(error.message).to.equal(refusal.message);
        expect((error.cause as { responseCode?: number }).responseCode).to.equal(refusal.code);
        expectNothingPrivateIn(error);
      });
    }

    it('turns a server that greets and then closes on every command into MailUnavailableError', async () => {
      const closing = createServer((socket) => {
        socket.write('220 closing.example ESMTP\r\n');
        socket.once('data', () => socket.destroy());
      });
      await new Promise<void>((resolve) => closing.listen(0, '127.0.0.1', resolve));
      try {
        const error = await failureOf(mailerFor({ host: '127.0.0.1', port: (closing.address() as AddressInfo).port }).send(message));
        expect(error).to.be.instanceOf(MailUnavailableError);
        expect(error.message).to.match(/^SMTP \S+( \S+)? failed \(ECONNECTION/);
      } finally {
        await new Promise<void>((resolve) => closing.close(() => resolve()));
      }
    });
  });

  describe('authentication', () => {
    for (const method of ['PLAIN', 'LOGIN'] as const) {
      it(`logs in with AUTH ${method}, with the password the function gives, on every send`, async () => {
        const sink = await startSmtpSink({ users: { mailer: PASSWORD }, authMethods: [method] });
        try {
          let reads = 0;
          const mailer = mailerFor(sink, {
            username: 'mailer',
            password: async () => {
              reads += 1;
              return PASSWORD;
            },
          });
          await mailer.send(message);
          await mailer.send(message);
          expect(sink.logins).to.deep.equal([
            { method, username: 'mailer', password: PASSWORD },
            { method, username: 'mailer', password: PASSWORD },
          ]);
          expect((await sink.messages()).map((received) => received.user)).to.deep.equal(['mailer', 'mailer']);
          // The function's owner keeps the secret (read once per cold start); the mailer keeps no copy.
          expect(reads).to.equal(2);
        } finally {
          await sink.stop();
        }
      });
    }

    it('turns a refused login into MailRejectedError, never naming the password', async () => {
      const sink = await startSmtpSink({ users: { mailer: 'another password' } });
      try {
        const error = await failureOf(mailerFor(sink, { username: 'mailer', password: async () => PASSWORD }).send(message));
        expect(error).to.be.instanceOf(MailRejectedError);
        expect(error.message).to.match(/^SMTP AUTH (PLAIN|LOGIN) failed \(535 5\.7\.8, EAUTH\)$/);
        expectNothingPrivateIn(error);
        expect(await sink.messages()).to.deep.equal([]);
      } finally {
        await sink.stop();
      }
    });

    it('with credentials, sends nothing to a server that offers no AUTH (never anonymously)', async () => {
      const sink = await startSmtpSink();
      try {
        const error = await failureOf(mailerFor(sink, { username: 'mailer', password: async () => PASSWORD }).send(message));
        expect(error).to.be.instanceOf(MailRejectedError);
        expect(await sink.messages()).to.deep.equal([]);
      } finally {
        await sink.stop();
      }
    });

    const passwordFailures = [
      { thrown: new StoreUnavailableError('SSM GetParameter (/gatehouse/smtp) failed (TimeoutError)'), expected: MailUnavailableError },
      { thrown: new StoreRejectedError('SSM GetParameter (/gatehouse/smtp) failed (ParameterNotFound)'), expected: MailRejectedError },
    ];
    for (const { thrown, expected } of passwordFailures) {
      it(`turns a password that cannot be read (${thrown.name}) into ${expected.name}, without connecting`, async () => {
        let connections = 0;
        const server = createServer((socket) => {
          connections += 1;
          socket.destroy();
        });
        await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
        try {
          const mailer = mailerFor({ host: '127.0.0.1', port: (server.address() as AddressInfo).port }, {
            username: 'mailer',
            password: () => Promise.reject(thrown),
          });
          const error = await failureOf(mailer.send(message));
          expect(error).to.be.instanceOf(expected);
          expect(error.message).to.equal(`SMTP password could not be read (${thrown.name})`);
          expect(error.cause).to.equal(thrown);
          expect(connections).to.equal(0);
        } finally {
          await new Promise<void>((resolve) => server.close(() => resolve()));
        }
      });
    }

    it('turns an empty password into MailRejectedError', async () => {
      const error = await failureOf(mailerFor({ host: '127.0.0.1', port: 9 }, { username: 'mailer', password: async () => '' }).send(message));
      expect(error).to.be.instanceOf(MailRejectedError);
      expect(error.message).to.equal('SMTP password is empty');
    });
  });

  describe('TLS', () => {
    it('STARTTLS: upgrades before anything is sent, and verifies the certificate', async () => {
      const sink = await startSmtpSink({ security: 'starttls', users: { mailer: PASSWORD } });
      const untrust = trustInThisProcess(sink.certificate?.cert ?? '');
      try {
        await mailerFor(sink, { security: 'starttls', username: 'mailer', password: async () => PASSWORD }).send(message);
        const [received] = await sink.messages();
        expect(received?.secure).to.equal(true);
        expect(received?.user).to.equal('mailer');
      } finally {
        untrust();
        await sink.stop();
      }
    });

    it('STARTTLS: refuses a certificate it does not trust (MailRejectedError), sending nothing', async () => {
      const sink = await startSmtpSink({ security: 'starttls', users: { mailer: PASSWORD } });
      try {
        const error = await failureOf(mailerFor(sink, { security: 'starttls', username: 'mailer', password: async () => PASSWORD }).send(message));
        expect(error).to.be.instanceOf(MailRejectedError);
        expect(error.message).to.equal('SMTP CONN failed (ESOCKET, DEPTH_ZERO_SELF_SIGNED_CERT)');
        expect(sink.logins).to.deep.equal([]);
        expect(await sink.messages()).to.deep.equal([]);
      } finally {
        await sink.stop();
      }
    });

    it('STARTTLS is required, not opportunistic: a server that does not offer it gets nothing', async () => {
      const sink = await startSmtpSink({ users: { mailer: PASSWORD } });
      try {
        const error = await failureOf(mailerFor(sink, { security: 'starttls', username: 'mailer', password: async () => PASSWORD }).send(message));
        expect(error).to.be.instanceOf(MailRejectedError);
        expect(error.message).to.match(/^SMTP STARTTLS failed \(5\d\d/);
        expect(sink.logins).to.deep.equal([]);
        expect(await sink.messages()).to.deep.equal([]);
      } finally {
        await sink.stop();
      }
    });

    it('TLS from the first byte, with the certificate verified', async () => {
      const sink = await startSmtpSink({ security: 'tls' });
      const untrust = trustInThisProcess(sink.certificate?.cert ?? '');
      try {
        await mailerFor(sink, { security: 'tls' }).send(message);
        expect((await sink.messages())[0]?.secure).to.equal(true);
      } finally {
        untrust();
        await sink.stop();
      }
    });

    it('TLS from the first byte: refuses a certificate it does not trust (MailRejectedError)', async () => {
      const sink = await startSmtpSink({ security: 'tls' });
      try {
        const error = await failureOf(mailerFor(sink, { security: 'tls' }).send(message));
        expect(error).to.be.instanceOf(MailRejectedError);
        expect(error.message).to.match(/^SMTP CONN failed \(ESOCKET, (DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN)\)$/);
        expect(await sink.messages()).to.deep.equal([]);
      } finally {
        await sink.stop();
      }
    });
  });

  describe('time', () => {
    let silent: Awaited<ReturnType<typeof startSilentServer>>;
    before(async () => {
      silent = await startSilentServer();
    });
    after(() => silent.stop());

    it('turns a server that never answers into MailUnavailableError within the timeout', async () => {
      const started = Date.now();
      const error = await failureOf(mailerFor({ host: '127.0.0.1', port: silent.port }, { timeoutMs: 300 }).send(message));
      expect(error).to.be.instanceOf(MailUnavailableError);
      expect(error.message).to.match(/^SMTP (CONN|send) failed \((ETIMEDOUT|EABORT)/);
      expect(Date.now() - started).to.be.within(250, 1500);
    });

    it("cuts a send short at the invocation's deadline, nearer than the timeout", async () => {
      const started = Date.now();
      const error = await withDeadline(Date.now() + 300, () =>
        failureOf(mailerFor({ host: '127.0.0.1', port: silent.port }, { timeoutMs: 10_000 }).send(message)),
      );
      expect(error).to.be.instanceOf(MailUnavailableError);
      expect(error.message).to.match(/^SMTP send failed \(EABORT, no answer within \d+ ms\)$/);
      expect(Date.now() - started).to.be.below(1500);
    });

    it('sends nothing once the invocation has no time left', async () => {
      const error = await withDeadline(Date.now() + 5, async () => {
        await new Promise((resolve) => setTimeout(resolve, 10));
        return failureOf(mailerFor({ host: '127.0.0.1', port: silent.port }).send(message));
      });
      expect(error).to.be.instanceOf(MailUnavailableError);
      expect(error.message).to.match(/^SMTP send not started: the invocation's deadline leaves \d+ ms$/);
    });

    it('turns a refused connection into MailUnavailableError', async () => {
      const error = await failureOf(mailerFor({ host: '127.0.0.1', port: 9 }, { timeoutMs: 500 }).send(message));
      expect(error).to.be.instanceOf(MailUnavailableError);
      expect(error.message).to.equal('SMTP CONN failed (ESOCKET, ECONNREFUSED)');
    });
  });

  describe('construction', () => {
    const base: SmtpMailerOptions = { host: 'smtp.example.com', port: 587, security: 'starttls', from: 'no-reply@example.com', timeoutMs: 2000 };

    for (const host of ['smtp.example.com', '10.0.0.1', '192.168.1.10', '::2', '0.0.0.0', 'localhost.example.com']) {
      it(`refuses plain text to ${host}, which is not a loopback host`, () => {
        expect(() => new SmtpMailer({ ...base, host, security: 'none' })).to.throw(RangeError, /security 'none'.*only to a loopback host/);
      });
    }
    for (const host of ['127.0.0.1', '127.8.9.10', '::1', '[::1]', 'localhost', 'LOCALHOST']) {
      it(`accepts plain text to the loopback host ${host}`, () => {
        expect(isLoopback(host)).to.equal(true);
        expect(() => new SmtpMailer({ ...base, host, security: 'none' })).not.to.throw();
      });
    }

    // Options as a configuration file could spell them, not only as the type allows.
    const refused: [string, Record<string, unknown>, RegExp][] = [
      ['an empty host', { host: ' ' }, /host/],
      ['port 0', { port: 0 }, /port/],
      ['port 65536', { port: 65_536 }, /port/],
      ['a fractional port', { port: 587.5 }, /port/],
      ['an unknown security', { security: 'ssl' }, /security must be/],
      ['a username without a password', { username: 'mailer' }, /username and password go together/],
      ['a password without a username', { password: async () => PASSWORD }, /username and password go together/],
      ['a sender that is not an address', { from: 'no-reply' }, /from must be/],
      ['a sender with a line break', { from: 'no-reply@example.com\r\nBcc: x@y.z' }, /from must be/],
      ['a reply-to that is not an address', { replyTo: 'support' }, /replyTo must be/],
      ['a zero timeout', { timeoutMs: 0 }, /timeoutMs/],
      ['an infinite timeout', { timeoutMs: Number.POSITIVE_INFINITY }, /timeoutMs/],
    ];
    for (const [what, options, pattern] of refused) {
      it(`refuses ${what}`, () => {
        expect(() => new SmtpMailer({ ...base, ...options } as unknown as SmtpMailerOptions)).to.throw(RangeError, pattern);
      });
    }
  });

  describe('smtpFailure: what a retry could fix', () => {
    const cases: [string, unknown, typeof MailUnavailableError | typeof MailRejectedError][] = [
      ['a refused connection', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ESOCKET', originalCode: 'ECONNREFUSED', command: 'CONN' }), MailUnavailableError],
      ['a timeout', Object.assign(new Error('Greeting never received'), { code: 'ETIMEDOUT', command: 'CONN' }), MailUnavailableError],
      ['a DNS failure', Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'EDNS', command: 'CONN' }), MailUnavailableError],
      ['our own deadline', Object.assign(new Error('Message sending aborted'), { name: 'AbortError', code: 'EABORT' }), MailUnavailableError],
      ['421 at the greeting', Object.assign(new Error('x'), { code: 'ECONNECTION', responseCode: 421, response: '421 busy' }), MailUnavailableError],
      ['503 bad sequence', Object.assign(new Error('x'), { code: 'EAUTH', responseCode: 503, response: '503 no' }), MailRejectedError],
      ['an expired certificate', Object.assign(new Error('certificate has expired'), { code: 'ESOCKET', originalCode: 'CERT_HAS_EXPIRED' }), MailRejectedError],
      ['a certificate for another host', Object.assign(new Error('altnames'), { code: 'ESOCKET', originalCode: 'ERR_TLS_CERT_ALTNAME_INVALID' }), MailRejectedError],
      ['no supported AUTH mechanism', Object.assign(new Error('Unknown authentication method'), { code: 'EAUTH', command: 'API' }), MailRejectedError],
      ['a reply that is not SMTP', Object.assign(new Error('Invalid greeting'), { code: 'EPROTOCOL', command: 'CONN' }), MailRejectedError],
      ['a defect', new TypeError('cannot read properties of undefined'), MailRejectedError],
    ];
    for (const [what, error, expected] of cases) {
      it(`${what}: ${expected.name}`, () => expect(smtpFailure(error)).to.be.instanceOf(expected));
    }
  });
});
