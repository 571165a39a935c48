import { createTransport, type Transporter } from 'nodemailer';
import { MailRejectedError, MailUnavailableError, StoreUnavailableError, type Mailer, type MailMessage } from '../../domain';
import { errorName, isTransientAwsError } from '../aws-errors';
import { DeadlineExceededError, MIN_REQUEST_MS, remainingMs } from '../invocation-deadline';
import { isLoopback } from '../loopback';
import { parseAddress, parseMailbox, type Mailbox } from '../mailbox';
import { smtpFailure } from './smtp-errors';

export interface SmtpMailerOptions {
  readonly host: string;
  readonly port: number;
  /**
   * `tls`: TLS from the first byte (usually port 465). `starttls`: a plain connection that must be
   * upgraded, or nothing is sent (usually 587). `none`: plain text, only to a loopback host (a relay
   * on the same machine, a local sink).
   */
  readonly security: 'tls' | 'starttls' | 'none';
  /** Set together with `password`: the mailer then always authenticates, or sends nothing. */
  readonly username?: string;
  /** Reads the password (a secret held elsewhere, read once per cold start by its owner). */
  readonly password?: () => Promise<string>;
  /** The sender, `address` or `Name <address>`. */
  readonly from: string;
  readonly replyTo?: string;
  /** Upper bound of one send, connecting included; cut to what is left of the invocation. */
  readonly timeoutMs: number;
}


/**
 * Sends through an SMTP server with nodemailer. One transport per mailer, and so per cold start, and
 * not pooled: a Lambda environment sends one message per invocation at most and is frozen in between,
 * so a kept connection would only idle until the server drops it, and the next invocation would spend
 * its budget finding that out. Each send opens its own connection and closes it.
 *
 * Nothing of the password, the recipient or the content reaches an error or a log: nodemailer logs
 * nothing here, and its errors (which quote server replies, and those name addresses) are replaced.
 */
export class SmtpMailer implements Mailer {
  private readonly transport: Transporter;
  private readonly from: Mailbox;
  private readonly replyTo?: Mailbox;
  private readonly username?: string;
  private readonly password?: () => Promise<string>;
  private readonly timeoutMs: number;

  /** @throws RangeError for options that could never send safely: the stack's configuration is wrong. */
  constructor(options: SmtpMailerOptions) {
    const host = options.host.trim();
    if (host.length === 0 || /[\s/]/.test(host)) throw new RangeError('SmtpMailer: host must be a host name or an IP address');
    if (!Number.isInteger(options.port) || options.port < 1 || options.port > 65_535) {
      throw new RangeError('SmtpMailer: port must be an integer from 1 to 65535');
    }
    if (!['tls', 'starttls', 'none'].includes(options.security)) {
      throw new RangeError("SmtpMailer: security must be 'tls', 'starttls' or 'none'");
    }
    if (options.security === 'none' && !isLoopback(host)) {
      throw new RangeError(
        `SmtpMailer: security 'none' would send credentials and mail in plain text; it is allowed only to a loopback host (127.0.0.0/8, ::1, localhost), not to ${host}`,
      );
    }
    if ((options.username === undefined) !== (options.password === undefined)) {
      throw new RangeError('SmtpMailer: username and password go together');
    }
    if (!(Number.isFinite(options.timeoutMs) && options.timeoutMs > 0)) throw new RangeError('SmtpMailer: timeoutMs must be positive');
    const from = parseMailbox(options.from);
    if (from === undefined) throw new RangeError('SmtpMailer: from must be an address or "Name <address>"');
    this.from = from;
    if (options.replyTo !== undefined) {
      const replyTo = parseMailbox(options.replyTo);
      if (replyTo === undefined) throw new RangeError('SmtpMailer: replyTo must be an address or "Name <address>"');
      this.replyTo = replyTo;
    }
    if (options.username !== undefined) this.username = options.username;
    if (options.password !== undefined) this.password = options.password;
    this.timeoutMs = options.timeoutMs;

    this.transport = createTransport({
      host,
      port: options.port,
      secure: options.security === 'tls',
      // Required, not opportunistic: a server (or whoever sits in between) that does not upgrade gets nothing.
      requireTLS: options.security === 'starttls',
      ignoreTLS: options.security === 'none',
      tls: { minVersion: 'TLSv1.2', rejectUnauthorized: true },
      // With credentials, log in even when the server does not offer AUTH: better refused than sent anonymously.
      forceAuth: options.username !== undefined,
      // Each phase on its own, and the whole send under one signal cut to the invocation's deadline.
      connectionTimeout: options.timeoutMs,
      greetingTimeout: options.timeoutMs,
      socketTimeout: options.timeoutMs,
      dnsTimeout: options.timeoutMs,
      socketCloseTimeout: Math.min(options.timeoutMs, 1000),
      logger: false,
      debug: false,
    });
  }

  async send(message: MailMessage): Promise<void> {
    const to = parseAddress(message.to);
    if (to === undefined) throw new MailRejectedError('SMTP send not started: the recipient is not a valid address');
    const auth = await this.credentials();
    const budget = this.budgetMs();
    try {
      await this.transport.sendMail({
        from: { name: this.from.name ?? '', address: this.from.address },
        ...(this.replyTo === undefined ? {} : { replyTo: { name: this.replyTo.name ?? '', address: this.replyTo.address } }),
        // An address object, never a string nodemailer would parse into a list.
        to: { name: '', address: to },
        subject: message.subject.replace(/[\r\n]+/g, ' ').trim(),
        text: message.text,
        html: message.html,
        ...(auth === undefined ? {} : { auth }),
        signal: AbortSignal.timeout(budget),
        disableFileAccess: true,
        disableUrlAccess: true,
      });
    } catch (error) {
      throw smtpFailure(error, budget);
    }
  }

  private async credentials(): Promise<{ user: string; pass: string } | undefined> {
    if (this.username === undefined || this.password === undefined) return undefined;
    let pass: unknown;
    try {
      pass = await this.password();
    } catch (error) {
      const transient = error instanceof StoreUnavailableError || isTransientAwsError(error);
      const Failure = transient ? MailUnavailableError : MailRejectedError;
      throw new Failure(`SMTP password could not be read (${errorName(error)})`, { cause: error });
    }
    if (typeof pass !== 'string' || pass.length === 0) throw new MailRejectedError('SMTP password is empty');
    return { user: this.username, pass };
  }

  /** What one send may take: the configured bound, or less when the invocation's deadline is nearer. */
  private budgetMs(): number {
    const remaining = remainingMs();
    const budget = remaining === undefined ? this.timeoutMs : Math.min(this.timeoutMs, remaining);
    if (budget < MIN_REQUEST_MS) {
      const left = Math.max(0, Math.floor(budget));
      throw new MailUnavailableError(`SMTP send not started: the invocation's deadline leaves ${left} ms`, {
        cause: new DeadlineExceededError(`the invocation's deadline leaves ${left} ms, too little to send`),
      });
    }
    return budget;
  }
}

