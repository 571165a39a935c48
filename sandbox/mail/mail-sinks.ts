import { simpleParser, type AddressObject } from 'mailparser';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { selfSignedCertificate, type SelfSignedCertificate } from './self-signed-certificate';

/** One message as a sink received it, the same shape for SES and SMTP. */
export interface ReceivedMail {
  /** `Name <address>` or `address`, display names decoded. */
  readonly from: string;
  readonly to: readonly string[];
  readonly replyTo: readonly string[];
  readonly subject: string;
  readonly html?: string;
  readonly text?: string;
  /** When the sink received it (epoch milliseconds). */
  readonly receivedAt: number;
}

/** A mailbox on 127.0.0.1 that keeps what is sent to it. */
export interface MailSink<M extends ReceivedMail = ReceivedMail> {
  /** Everything received since the last `clear()`, newest first. */
  messages(): Promise<M[]>;
  clear(): Promise<void>;
  stop(): Promise<void>;
}

export interface SesSink extends MailSink {
  /** The SES endpoint (`AWS_ENDPOINT_URL_SES`). */
  readonly endpoint: string;
}

/**
 * Starts aws-ses-v2-local (an SES stand-in that accepts `SendEmail` of the v1 and v2 APIs) on
 * 127.0.0.1 and reads its mail back through `GET /store`. Its store belongs to the process, not to
 * the server: run one at a time (it is cleared when a sink starts). Set AWS_ENDPOINT_URL_SES to
 * `endpoint`, or give it to the client.
 */
export async function startSesSink(options: { readonly port?: number } = {}): Promise<SesSink> {
  // A CommonJS module with an `exports.default`: the factory is `default` or `default.default`,
  // depending on whether the importing file was compiled to CommonJS or loaded as an ES module.
  type Start = (config: { host: string; port: number }) => Promise<Server>;
  const loaded = (await import('aws-ses-v2-local')) as unknown as { default: Start | { default: Start } };
  const start = typeof loaded.default === 'function' ? loaded.default : loaded.default.default;
  const server = await start({ host: '127.0.0.1', port: options.port ?? 0 });
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clear = async () => {
    const response = await fetch(`${endpoint}/clear-store`, { method: 'POST' });
    if (!response.ok) throw new Error(`the SES stand-in did not clear its store (HTTP ${response.status})`);
  };
  await clear();
  return {
    endpoint,
    clear,
    messages: async () => {
      const response = await fetch(`${endpoint}/store`);
      const store = (await response.json()) as { emails: SesStoredEmail[] };
      return store.emails
        .map((email) => ({
          from: decodeWords(email.from),
          to: email.destination.to,
          replyTo: email.replyTo.map(decodeWords),
          subject: email.subject,
          receivedAt: email.at * 1000,
          ...(email.body.html === undefined ? {} : { html: email.body.html }),
          ...(email.body.text === undefined ? {} : { text: email.body.text }),
        }))
        .reverse();
    },
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

interface SesStoredEmail {
  readonly from: string;
  readonly replyTo: string[];
  readonly destination: { readonly to: string[] };
  readonly subject: string;
  readonly body: { readonly html?: string; readonly text?: string };
  /** Epoch seconds. */
  readonly at: number;
}

/** RFC 2047 `B` words (`=?UTF-8?B?…?=`), as SES takes display names outside ASCII; spaces between words go. */
function decodeWords(header: string): string {
  return header
    .replace(/(=\?[^?]+\?B\?[^?]*\?=)\s+(?==\?)/gi, '$1')
    .replace(/=\?([^?]+)\?B\?([^?]*)\?=/gi, (_, charset: string, data: string) =>
      Buffer.from(data, 'base64').toString(charset.toLowerCase() === 'utf-8' ? 'utf8' : 'latin1'),
    );
}

export interface SmtpSinkOptions {
  /**
   * `none` (the default): plain text, no STARTTLS offered. `starttls`: STARTTLS offered. `tls`: TLS
   * from the first byte. With TLS, the sink presents `certificate`, or a self-signed one it makes.
   */
  readonly security?: 'none' | 'starttls' | 'tls';
  readonly certificate?: SelfSignedCertificate;
  /** Accounts that may log in; when given, mail is accepted only after AUTH. */
  readonly users?: Readonly<Record<string, string>>;
  /** The AUTH mechanisms offered (default PLAIN and LOGIN). */
  readonly authMethods?: readonly ('PLAIN' | 'LOGIN')[];
  /** 0 (the default) asks the system for a free port. */
  readonly port?: number;
}

export interface SmtpReceivedMail extends ReceivedMail {
  readonly envelope: { readonly from: string; readonly to: readonly string[] };
  /** Whether the message came over TLS (from the first byte or after STARTTLS). */
  readonly secure: boolean;
  /** The account that logged in, if any. */
  readonly user?: string;
  /** Header names as received (lowercase), to check that nothing was smuggled in. */
  readonly headerNames: readonly string[];
}

/** An SMTP refusal the sink answers with, at the command given, until it is cleared. */
export interface SmtpRefusal {
  readonly at: 'MAIL FROM' | 'RCPT TO' | 'DATA';
  readonly code: number;
  readonly message: string;
}

export interface SmtpSink extends MailSink<SmtpReceivedMail> {
  readonly host: string;
  readonly port: number;
  /** What the sink presents when it speaks TLS (trust it in a client to test verification). */
  readonly certificate?: SelfSignedCertificate;
  /** Every login attempt, passwords included (the sink is the only place that sees them). */
  readonly logins: { readonly method: string; readonly username: string; readonly password: string }[];
  /** Set to make the sink refuse; undefined accepts again. */
  refusal?: SmtpRefusal;
}

/** Starts an SMTP server (smtp-server, parsed with mailparser) on 127.0.0.1 that keeps every message. */
export async function startSmtpSink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const security = options.security ?? 'none';
  const certificate = security === 'none' ? undefined : (options.certificate ?? selfSignedCertificate());
  const received: SmtpReceivedMail[] = [];
  const logins: SmtpSink['logins'] = [];
  const users = options.users;
  const sink = {} as { refusal?: SmtpRefusal };
  const refuse = (at: SmtpRefusal['at']): Error | null => {
    const refusal = sink.refusal;
    if (refusal === undefined || refusal.at !== at) return null;
    return Object.assign(new Error(refusal.message), { responseCode: refusal.code });
  };

  const server = new SMTPServer({
    secure: security === 'tls',
    ...(certificate === undefined ? {} : { key: certificate.key, cert: certificate.cert }),
    disabledCommands: [...(security === 'none' ? ['STARTTLS'] : []), ...(users === undefined ? ['AUTH'] : [])],
    authOptional: users === undefined,
    // AUTH on a plain loopback connection, as SmtpMailer allows it there.
    allowInsecureAuth: true,
    authMethods: [...(options.authMethods ?? ['PLAIN', 'LOGIN'])],
    logger: false,
    // No DNS for the client's address: nothing beyond 127.0.0.1.
    disableReverseLookup: true,
    onAuth(auth, _session, callback) {
      const username = auth.username ?? '';
      logins.push({ method: auth.method, username, password: auth.password ?? '' });
      if (users !== undefined && users[username] !== undefined && users[username] === auth.password) return callback(null, { user: username });
      return callback(Object.assign(new Error('5.7.8 Authentication credentials invalid'), { responseCode: 535 }));
    },
    onMailFrom(_address, _session, callback) {
      callback(refuse('MAIL FROM'));
    },
    onRcptTo(_address, _session, callback) {
      callback(refuse('RCPT TO'));
    },
    onData(stream, session, callback) {
      const refused = refuse('DATA');
      if (refused !== null) {
        stream.resume();
        stream.on('end', () => callback(refused));
        return;
      }
      simpleParser(stream).then(
        (parsed) => {
          received.push({
            from: addresses(parsed.from)[0] ?? '',
            to: addresses(parsed.to),
            replyTo: addresses(parsed.replyTo),
            subject: parsed.subject ?? '',
            receivedAt: Date.now(),
            ...(typeof parsed.html === 'string' ? { html: parsed.html } : {}),
            ...(parsed.text === undefined ? {} : { text: parsed.text }),
            envelope: {
              from: session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address,
              to: session.envelope.rcptTo.map((recipient) => recipient.address),
            },
            secure: session.secure,
            ...(typeof session.user === 'string' ? { user: session.user } : {}),
            headerNames: [...parsed.headers.keys()],
          });
          callback();
        },
        (error: unknown) => callback(error as Error),
      );
    },
  });
  // A client that gives up (an untrusted certificate, a timeout) is what tests look at, not a server failure.
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;

  return Object.assign(sink, {
    host: '127.0.0.1',
    port,
    ...(certificate === undefined ? {} : { certificate }),
    logins,
    messages: async () => [...received].reverse(),
    clear: async () => {
      received.length = 0;
      logins.length = 0;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}

/** `Name <address>` or `address` for each mailbox of a header. */
function addresses(header: AddressObject | AddressObject[] | undefined): string[] {
  const objects = header === undefined ? [] : Array.isArray(header) ? header : [header];
  return objects.flatMap((object) =>
    object.value.map((mailbox) => (mailbox.name ? `${mailbox.name} <${mailbox.address ?? ''}>` : (mailbox.address ?? ''))),
  );
}
