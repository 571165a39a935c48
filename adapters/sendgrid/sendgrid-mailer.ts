import { MailRejectedError, MailUnavailableError, StoreUnavailableError, type DomainError, type Mailer, type MailMessage } from '../../domain';
import { errorName, isTransientAwsError } from '../aws-errors';
import { DeadlineExceededError, MIN_REQUEST_MS, remainingMs } from '../invocation-deadline';
import { isLoopback } from '../loopback';
import { parseAddress, parseMailbox, type Mailbox } from '../mailbox';

export interface SendGridMailerOptions {
  /** Reads the API key (a secret held elsewhere, read once per cold start by its owner); may throw StoreUnavailableError or StoreRejectedError. */
  readonly apiKey: () => Promise<string>;
  /** The sender, `address` or `Name <address>`: a sender identity SendGrid has verified for the account. */
  readonly from: string;
  /** Where replies go, when not to the sender: `address` or `Name <address>`. */
  readonly replyTo?: string;
  /** Upper bound of one send; cut to what is left of the invocation. */
  readonly timeoutMs: number;
  /**
   * The API's origin, `https://api.sendgrid.com` unless given: `https://api.eu.sendgrid.com` for EU
   * regional subusers, or plain http to a loopback address (tests, the local sandbox).
   */
  readonly endpoint?: string;
}

export const SENDGRID_ENDPOINT = 'https://api.sendgrid.com';
const MAIL_SEND_PATH = '/v3/mail/send';

/**
 * Account settings may switch these on, and SendGrid would then change what users receive: click
 * tracking and Google Analytics rewrite every link (a magic link then passes through SendGrid's
 * redirector, or arrives with parameters appended, and a code in a link no longer reaches us as sent),
 * open tracking adds a pixel that reports when a security message was read, and subscription tracking
 * appends an unsubscribe link to messages nobody subscribed to. Each message turns them off for itself.
 */
const NO_TRACKING = {
  click_tracking: { enable: false, enable_text: false },
  open_tracking: { enable: false },
  subscription_tracking: { enable: false },
  ganalytics: { enable: false },
} as const;

/** SendGrid's request ids are short base64url-like tokens; anything else in that header is not repeated. */
const MESSAGE_ID = /^[A-Za-z0-9_.-]{1,100}$/;
/** What an Authorization header can carry; SendGrid keys (`SG.<id>.<secret>`) are well inside it. */
const HEADER_TOKEN = /^[\x21-\x7e]+$/;

/**
 * Sends through SendGrid's v3 Mail Send API (`POST /v3/mail/send`) with `fetch`: one recipient, both
 * parts (text/plain first, as SendGrid requires), tracking off. A 2xx answer means SendGrid accepted
 * the message for delivery (202); 429 and 5xx, a network failure, the timeout or the invocation's
 * deadline are MailUnavailableError; every other answer is MailRejectedError.
 *
 * Nothing of the API key, the recipient or the content reaches an error: SendGrid's error bodies quote
 * addresses, so an answer is named by its status and `x-message-id` only.
 */
export class SendGridMailer implements Mailer {
  private readonly url: URL;
  private readonly from: Mailbox;
  private readonly replyTo?: Mailbox;
  private readonly apiKey: () => Promise<string>;
  private readonly timeoutMs: number;

  /** @throws RangeError or TypeError for options that could never send safely: the stack's configuration is wrong. */
  constructor(options: SendGridMailerOptions) {
    if (typeof options.apiKey !== 'function') throw new TypeError('SendGridMailer: apiKey must be a function that reads the key');
    this.apiKey = options.apiKey;
    if (!(Number.isFinite(options.timeoutMs) && options.timeoutMs > 0)) throw new RangeError('SendGridMailer: timeoutMs must be positive');
    this.timeoutMs = options.timeoutMs;
    const from = parseMailbox(options.from);
    if (from === undefined) throw new RangeError('SendGridMailer: from must be an address or "Name <address>"');
    this.from = from;
    if (options.replyTo !== undefined) {
      const replyTo = parseMailbox(options.replyTo);
      if (replyTo === undefined) throw new RangeError('SendGridMailer: replyTo must be an address or "Name <address>"');
      this.replyTo = replyTo;
    }
    this.url = mailSendUrl(options.endpoint ?? SENDGRID_ENDPOINT);
  }

  async send(message: MailMessage): Promise<void> {
    const to = parseAddress(message.to);
    if (to === undefined) throw new MailRejectedError('SendGrid mail send not started: the recipient is not a valid address');
    const key = await this.key();
    // Read the deadline after the key: reading it may have used some of the invocation's time.
    const { budget, cutByDeadline } = this.budget();

    let response: Response;
    try {
      response = await fetch(this.url, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({
          personalizations: [{ to: [{ email: to }] }],
          from: emailObject(this.from),
          ...(this.replyTo === undefined ? {} : { reply_to: emailObject(this.replyTo) }),
          subject: message.subject.replace(/[\r\n]+/g, ' ').trim(),
          content: [
            { type: 'text/plain', value: message.text },
            { type: 'text/html', value: message.html },
          ],
          tracking_settings: NO_TRACKING,
        }),
        signal: AbortSignal.timeout(budget),
        // A redirect would carry the key to wherever it points.
        redirect: 'manual',
      });
    } catch (error) {
      throw transportFailure(error, budget, cutByDeadline);
    }
    // The body is never read: on success it is empty, on failure it may quote addresses.
    await response.body?.cancel().catch(() => undefined);
    if (response.status >= 200 && response.status <= 299) return;
    throw answerFailure(response);
  }

  private async key(): Promise<string> {
    let key: unknown;
    try {
      key = await this.apiKey();
    } catch (error) {
      const transient = error instanceof StoreUnavailableError || isTransientAwsError(error);
      const Failure = transient ? MailUnavailableError : MailRejectedError;
      throw new Failure(`SendGrid API key could not be read (${errorName(error)})`, { cause: error });
    }
    if (typeof key !== 'string' || key.length === 0) throw new MailRejectedError('SendGrid API key is empty');
    // fetch would refuse it too, quoting the whole header, key included.
    if (!HEADER_TOKEN.test(key)) throw new MailRejectedError('SendGrid API key has characters no HTTP header may carry');
    return key;
  }

  /** What one send may take: the configured bound, or less when the invocation's deadline is nearer. */
  private budget(): { budget: number; cutByDeadline: boolean } {
    const remaining = remainingMs();
    const cutByDeadline = remaining !== undefined && remaining < this.timeoutMs;
    const budget = Math.floor(cutByDeadline ? remaining : this.timeoutMs);
    if (budget < MIN_REQUEST_MS) {
      const left = Math.max(0, budget);
      throw new MailUnavailableError(`SendGrid mail send not started: the invocation's deadline leaves ${left} ms`, {
        cause: new DeadlineExceededError(`the invocation's deadline leaves ${left} ms, too little to send`),
      });
    }
    return { budget, cutByDeadline };
  }
}

function emailObject(mailbox: Mailbox): { email: string; name?: string } {
  return mailbox.name === undefined ? { email: mailbox.address } : { email: mailbox.address, name: mailbox.name };
}

/** The Mail Send URL, checked: it receives the key, so only https, or plain http that never leaves the host. */
function mailSendUrl(endpoint: string): URL {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new RangeError('SendGridMailer: endpoint is not a URL');
  }
  if (url.username !== '' || url.password !== '') throw new RangeError('SendGridMailer: endpoint must not carry credentials');
  if (url.pathname !== '/' || url.search !== '' || url.hash !== '') {
    throw new RangeError('SendGridMailer: endpoint must be an origin only, such as https://api.sendgrid.com');
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url.hostname))) {
    throw new RangeError(
      `SendGridMailer: endpoint must use https (plain http only to 127.0.0.1, localhost or ::1), not ${url.protocol}//${url.host}`,
    );
  }
  return new URL(MAIL_SEND_PATH, url);
}

/**
 * 429 (rate limited) and 5xx pass with time; everything else SendGrid refuses is about the request or
 * the account (400 invalid, 401 bad key, 403 unverified sender or blocked, 413 too large), and so is a
 * redirect (the endpoint is not SendGrid's API): none is fixed by sending again.
 */
function answerFailure(response: Response): DomainError {
  const status = response.status;
  const header = response.headers.get('x-message-id');
  const messageId = header !== null && MESSAGE_ID.test(header) ? header : undefined;
  const details = [`HTTP ${status}`, ...(messageId === undefined ? [] : [`x-message-id ${messageId}`])].join(', ');
  const transient = status === 429 || (status >= 500 && status <= 599);
  const cause = Object.assign(new Error(`SendGrid answered ${details}; its body is withheld (it may quote addresses)`), {
    status,
    ...(messageId === undefined ? {} : { messageId }),
  });
  cause.name = 'SendGridAnswer';
  return transient
    ? new MailUnavailableError(`SendGrid mail send failed (${details})`, { cause })
    : new MailRejectedError(`SendGrid mail send refused (${details})`, { cause });
}

/**
 * No answer: a timeout, the deadline, or a connection that failed (fetch rejects with a TypeError
 * whose cause is the socket's error). Anything else fetch throws is a defect, not an outage. The
 * cause holds names and codes only.
 */
function transportFailure(error: unknown, budgetMs: number, cutByDeadline: boolean): DomainError {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    const cause = cutByDeadline
      ? new DeadlineExceededError(`the invocation's deadline left ${budgetMs} ms, and SendGrid did not answer within them`)
      : Object.assign(new Error(`SendGrid did not answer within ${budgetMs} ms`), { name: 'TimeoutError' });
    return new MailUnavailableError(`SendGrid mail send failed (no answer within ${budgetMs} ms)`, { cause });
  }
  const network = error instanceof TypeError && error.cause !== undefined;
  const code = network ? (error.cause as { code?: unknown } | null)?.code : undefined;
  const known = typeof code === 'string' && /^[A-Z][A-Z0-9_]{0,40}$/.test(code) ? code : undefined;
  const cause = new Error(`SendGrid ${network ? 'could not be reached' : 'was not asked'} (${known ?? errorName(error)})`);
  cause.name = errorName(error);
  if (!network) return new MailRejectedError(`SendGrid mail send failed (${errorName(error)})`, { cause });
  if (known !== undefined) Object.assign(cause, { code: known });
  return new MailUnavailableError(`SendGrid mail send failed (network error${known === undefined ? '' : `, ${known}`})`, { cause });
}
