import { StoreUnavailableError, TextRejectedError, TextUnavailableError, type TextMessage, type TextMessenger } from '../../domain';
import { errorName, isTransientAwsError } from '../aws-errors';
import { DeadlineExceededError, MIN_REQUEST_MS, remainingMs } from '../invocation-deadline';
import { isLoopback } from '../loopback';
import { isE164 } from '../phone-number';

export interface TwilioTextMessengerOptions {
  /** The account messages are sent from and authenticated as: `AC` and 32 hexadecimal digits. */
  readonly accountSid: string;
  /** Reads the account's auth token (a secret held elsewhere); may throw StoreUnavailableError or StoreRejectedError. */
  readonly authToken: () => Promise<string>;
  /** Upper bound of one request, connection included; the invocation's deadline may leave less. */
  readonly timeoutMs: number;
  /**
   * The sender: a Twilio number in E.164 form, a short code, or an alphanumeric sender ID (1 to 11
   * letters, digits or spaces, at least one letter). Exactly one of `from` and `messagingServiceSid`.
   */
  readonly from?: string;
  /** A Messaging Service that picks the sender: `MG` and 32 hexadecimal digits. */
  readonly messagingServiceSid?: string;
  /** Replaces `https://api.twilio.com`: https, or plain http to a loopback address (tests, local stand-ins). */
  readonly endpoint?: string;
}

export const DEFAULT_TWILIO_ENDPOINT = 'https://api.twilio.com';

const ACCOUNT_SID = /^AC[0-9a-fA-F]{32}$/;
const MESSAGING_SERVICE_SID = /^MG[0-9a-fA-F]{32}$/;
const SHORT_CODE = /^[0-9]{3,8}$/;
const ALPHANUMERIC_SENDER = /^(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}$/;

/** Twilio's body of an error answer: only its numeric code is ever read, never its message. */
interface TwilioErrorBody {
  readonly code?: unknown;
}

/**
 * Twilio refused or failed the request. Carries the HTTP status and Twilio's numeric error code (see
 * twilio.com/docs/errors/<code>), never its message: those quote the number ("Invalid 'To' Phone
 * Number: +44…").
 */
export class TwilioAnswerError extends Error {
  override readonly name = 'TwilioAnswerError';
  constructor(
    readonly status: number,
    readonly twilioCode: number | undefined,
  ) {
    super(`Twilio answered HTTP ${status}${twilioCode === undefined ? '' : `, error ${twilioCode}`} (its message is withheld)`);
  }
}

/**
 * Sends each message by creating a Message resource (`POST /2010-04-01/Accounts/{sid}/Messages.json`,
 * form-encoded `To`, `Body` and `From` or `MessagingServiceSid`), authenticated with HTTP Basic as the
 * account and its auth token. Twilio answers 201 once it has queued the message; delivery happens later.
 *
 * Unavailable: no answer in time (timeout, deadline, network), 408, 429 (Twilio's rate limit) or 5xx.
 * Rejected: any other answer (a bad number, a bad sender, wrong credentials, a suspended account), and a
 * token that cannot be read for a reason a retry will not fix. Neither the token, the number, the body
 * nor Twilio's message ever appears in an error; this class logs nothing.
 */
export class TwilioTextMessenger implements TextMessenger {
  private readonly messagesUrl: URL;
  /** `From` or `MessagingServiceSid`, as the form carries it. */
  private readonly sender: Readonly<Record<string, string>>;

  constructor(private readonly options: TwilioTextMessengerOptions) {
    if (typeof options.accountSid !== 'string' || !ACCOUNT_SID.test(options.accountSid)) {
      throw new RangeError('TwilioTextMessenger: accountSid must be "AC" and 32 hexadecimal digits');
    }
    if (typeof options.authToken !== 'function') throw new TypeError('TwilioTextMessenger: authToken must be a function that reads it');
    if (!Number.isFinite(options.timeoutMs) || options.timeoutMs < MIN_REQUEST_MS) {
      throw new RangeError(`TwilioTextMessenger: timeoutMs must be at least ${MIN_REQUEST_MS} milliseconds, got ${options.timeoutMs}`);
    }
    if ((options.from === undefined) === (options.messagingServiceSid === undefined)) {
      throw new RangeError('TwilioTextMessenger: give exactly one of from and messagingServiceSid');
    }
    if (options.from !== undefined) {
      if (!isE164(options.from) && !SHORT_CODE.test(options.from) && !ALPHANUMERIC_SENDER.test(options.from)) {
        throw new RangeError('TwilioTextMessenger: from must be an E.164 number, a short code or an alphanumeric sender ID');
      }
      this.sender = { From: options.from };
    } else {
      if (!MESSAGING_SERVICE_SID.test(options.messagingServiceSid ?? '')) {
        throw new RangeError('TwilioTextMessenger: messagingServiceSid must be "MG" and 32 hexadecimal digits');
      }
      this.sender = { MessagingServiceSid: options.messagingServiceSid as string };
    }
    const base = apiBase(options.endpoint ?? DEFAULT_TWILIO_ENDPOINT);
    this.messagesUrl = new URL(`${base.pathname.replace(/\/+$/, '')}/2010-04-01/Accounts/${options.accountSid}/Messages.json`, base);
  }

  async send(message: TextMessage): Promise<void> {
    if (!isE164(message.to)) throw new TextRejectedError('Twilio Messages not sent: the recipient is not an E.164 number');

    let token: string;
    try {
      token = await this.options.authToken();
    } catch (error) {
      // An outage of the secret store passes; a missing secret or permission does not.
      const Failure = error instanceof StoreUnavailableError || isTransientAwsError(error) ? TextUnavailableError : TextRejectedError;
      throw new Failure(`Twilio auth token could not be read (${errorName(error)})`, { cause: error });
    }
    if (typeof token !== 'string' || token.length === 0) throw new TextRejectedError('Twilio auth token is empty');

    // Read the deadline after the token: reading it may have used some of the invocation's time.
    const remaining = remainingMs();
    const budget = Math.floor(remaining === undefined ? this.options.timeoutMs : Math.min(this.options.timeoutMs, remaining));
    if (budget < MIN_REQUEST_MS) {
      throw new TextUnavailableError('Twilio Messages not sent (DeadlineExceededError)', {
        cause: new DeadlineExceededError(`the invocation's deadline leaves ${Math.max(0, budget)} ms, too little to send`),
      });
    }

    const form = new URLSearchParams({ To: message.to, Body: message.body, ...this.sender });
    let status: number;
    let answer = '';
    try {
      const response = await fetch(this.messagesUrl, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${this.options.accountSid}:${token}`, 'utf8').toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body: form.toString(),
        signal: AbortSignal.timeout(budget),
        // A redirect would carry the message, and on the same origin the credentials, to wherever it points.
        redirect: 'manual',
      });
      status = response.status;
      // The created resource repeats the number and the body: it is not read.
      if (status >= 200 && status <= 299) await response.body?.cancel();
      else answer = await response.text();
    } catch (error) {
      throw new TextUnavailableError(`Twilio Messages failed (${transportFailure(error)})`, { cause: error });
    }

    if (status >= 200 && status <= 299) return;
    const refusal = new TwilioAnswerError(status, twilioCode(answer));
    const details = `HTTP ${status}${refusal.twilioCode === undefined ? '' : `, Twilio error ${refusal.twilioCode}`}`;
    // 408 and 429 ask for a later try, as 5xx do; every other answer stands (3xx included: an endpoint
    // that redirects is misconfigured, and no retry will change that).
    const transient = status === 408 || status === 429 || status >= 500;
    throw new (transient ? TextUnavailableError : TextRejectedError)(`Twilio Messages failed (${details})`, { cause: refusal });
  }
}

/** The API's base URL, checked: it receives the auth token, so only https, or plain http that never leaves the host. */
function apiBase(endpoint: string): URL {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new RangeError('TwilioTextMessenger: endpoint is not a URL');
  }
  if (url.username !== '' || url.password !== '') throw new RangeError('TwilioTextMessenger: endpoint must not carry credentials');
  if (url.search !== '' || url.hash !== '') throw new RangeError('TwilioTextMessenger: endpoint must not carry a query or fragment');
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:' && isLoopback(url.hostname)) return url;
  throw new RangeError(
    `TwilioTextMessenger: endpoint must use https (plain http only to 127.0.0.1, localhost or ::1), got ${url.protocol}//${url.host}`,
  );
}

function twilioCode(body: string): number | undefined {
  try {
    const code = (JSON.parse(body) as TwilioErrorBody | null)?.code;
    return typeof code === 'number' && Number.isInteger(code) && code > 0 ? code : undefined;
  } catch {
    return undefined;
  }
}

/** Why no answer came, in words that hold nothing of the request. */
function transportFailure(error: unknown): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return error.name;
  const code = (error as { cause?: { code?: unknown } } | undefined)?.cause?.code;
  return typeof code === 'string' && /^[A-Z][A-Z0-9_]{0,40}$/.test(code) ? `network error ${code}` : 'network error';
}
