import {
  LegacyDirectoryRejectedError,
  LegacyDirectoryUnavailableError,
  StoreRejectedError,
  type LegacyAuthentication,
  type LegacyDirectory,
  type LegacyLookUp,
  type LegacyUser,
} from '../../domain';
import { MIN_REQUEST_MS, remainingMs } from '../invocation-deadline';
import { isLoopback } from '../loopback';
import { signLegacyRequest, SIGNATURE_HEADER, TIMESTAMP_HEADER } from './legacy-request-signature';

export interface HttpLegacyDirectoryOptions {
  /** https, or plain http to a loopback address (tests, the sandbox). */
  readonly url: string;
  /** Reads the shared secret the requests are signed with; may throw StoreUnavailableError or StoreRejectedError. */
  readonly secret: () => Promise<string>;
  /** Upper bound of one request; the invocation's deadline may leave less. */
  readonly timeoutMs: number;
}

/** An answer bigger than this is not a user record: it is not read further. */
const MAX_ANSWER_BYTES = 64 * 1024;

type Action = { readonly action: 'authenticate'; readonly username: string; readonly password: string } | { readonly action: 'lookUp'; readonly username: string };

/**
 * The old system's own HTTP endpoint as the legacy directory, through the JSON contract the README
 * documents ("Legacy HTTP endpoint"): one POST per question, signed with the stack's shared secret
 * (`signLegacyRequest`), answered with `{"result": …}`. Only a well-formed answer speaks about the user;
 * a refusal of Gatehouse (401, 403, any other 4xx, a redirect, an unreadable body) is
 * `LegacyDirectoryRejectedError`, no answer in time (timeouts, network failures, 429, 5xx)
 * `LegacyDirectoryUnavailableError`. Neither repeats the request: the body holds the password.
 */
export class HttpLegacyDirectory implements LegacyDirectory {
  private readonly url: URL;

  constructor(private readonly options: HttpLegacyDirectoryOptions) {
    this.url = endpointUrl(options.url);
    if (!Number.isFinite(options.timeoutMs) || options.timeoutMs <= 0) {
      throw new RangeError(`the legacy endpoint timeoutMs must be a positive number of milliseconds, got ${options.timeoutMs}`);
    }
  }

  async authenticate(username: string, password: string): Promise<LegacyAuthentication> {
    const answer = await this.ask({ action: 'authenticate', username, password });
    if (answer.result === 'authenticated') return { outcome: 'authenticated', user: userOf(answer.user) };
    if (answer.result === 'rejected' || answer.result === 'unknown') return { outcome: answer.result };
    throw new LegacyDirectoryRejectedError(`the legacy endpoint answered authenticate with result ${describe(answer.result)}`);
  }

  async lookUp(username: string): Promise<LegacyLookUp> {
    const answer = await this.ask({ action: 'lookUp', username });
    if (answer.result === 'found') return { outcome: 'found', user: userOf(answer.user) };
    if (answer.result === 'unknown') return { outcome: 'unknown' };
    throw new LegacyDirectoryRejectedError(`the legacy endpoint answered lookUp with result ${describe(answer.result)}`);
  }

  private async ask(action: Action): Promise<{ result?: unknown; user?: unknown }> {
    let secret: string;
    try {
      secret = await this.options.secret();
    } catch (error) {
      if (error instanceof StoreRejectedError) throw new LegacyDirectoryRejectedError('the legacy endpoint secret cannot be read', { cause: error });
      throw new LegacyDirectoryUnavailableError('the legacy endpoint secret could not be read in time', { cause: error });
    }
    const remaining = remainingMs();
    const budget = remaining === undefined ? this.options.timeoutMs : Math.min(this.options.timeoutMs, remaining);
    if (budget < MIN_REQUEST_MS) throw new LegacyDirectoryUnavailableError('the invocation\'s deadline leaves no time to ask the legacy endpoint');

    const body = JSON.stringify(action);
    const timestamp = Math.floor(Date.now() / 1000);
    let response: Response;
    let text: string;
    try {
      response = await fetch(this.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          [TIMESTAMP_HEADER]: String(timestamp),
          [SIGNATURE_HEADER]: signLegacyRequest(secret, timestamp, body),
        },
        body,
        signal: AbortSignal.timeout(Math.floor(budget)),
        // A redirect would carry the password wherever it points.
        redirect: 'manual',
      });
      text = await boundedText(response);
    } catch (error) {
      throw new LegacyDirectoryUnavailableError(`the legacy endpoint did not answer ${action.action} (${transportFailure(error)})`);
    }
    if (response.status === 429 || response.status >= 500) {
      throw new LegacyDirectoryUnavailableError(`the legacy endpoint answered ${action.action} with HTTP ${response.status}`);
    }
    if (response.status !== 200) {
      throw new LegacyDirectoryRejectedError(`the legacy endpoint answered ${action.action} with HTTP ${response.status}`);
    }
    try {
      const parsed = JSON.parse(text) as unknown;
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as { result?: unknown; user?: unknown };
    } catch {
      // Reported below, without the body (it may hold anything).
    }
    throw new LegacyDirectoryRejectedError(`the legacy endpoint answered ${action.action} with a body that is not a JSON object`);
  }
}

function userOf(value: unknown): LegacyUser {
  if (typeof value !== 'object' || value === null) throw new LegacyDirectoryRejectedError('the legacy endpoint answered without a user');
  const { email, emailVerified, attributes } = value as { email?: unknown; emailVerified?: unknown; attributes?: unknown };
  const strings: Record<string, string> = {};
  if (typeof attributes === 'object' && attributes !== null) {
    // Only strings are attributes; anything else the endpoint adds is ignored rather than coerced.
    for (const [name, attribute] of Object.entries(attributes)) if (typeof attribute === 'string') strings[name] = attribute;
  }
  return { ...(typeof email === 'string' ? { email } : {}), emailVerified: emailVerified === true, attributes: strings };
}

/** A result word as it may appear in a log: a short word, or its type. */
function describe(value: unknown): string {
  return typeof value === 'string' && /^[A-Za-z-]{1,32}$/.test(value) ? JSON.stringify(value) : typeof value;
}

async function boundedText(response: Response): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > MAX_ANSWER_BYTES) {
    await response.body?.cancel();
    return '';
  }
  const text = await response.text();
  return text.length > MAX_ANSWER_BYTES ? '' : text;
}

function endpointUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new RangeError('the legacy endpoint is not a URL');
  }
  if (parsed.username !== '' || parsed.password !== '') throw new RangeError('the legacy endpoint must not carry credentials');
  if (parsed.protocol === 'https:') return parsed;
  if (parsed.protocol === 'http:' && isLoopback(parsed.hostname)) return parsed;
  throw new RangeError(`the legacy endpoint must use https (plain http only to 127.0.0.1, localhost or ::1), got ${parsed.protocol}//${parsed.host}`);
}

/** Why no answer came, in words that hold nothing of the request. */
function transportFailure(error: unknown): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return 'timeout';
  const code = (error as { cause?: { code?: unknown } } | undefined)?.cause?.code;
  return typeof code === 'string' && /^[A-Z][A-Z0-9_]{0,40}$/.test(code) ? `network error ${code}` : 'network error';
}
