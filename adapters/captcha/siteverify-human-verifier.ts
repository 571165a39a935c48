import { StoreRejectedError, type HumanVerdict, type HumanVerifier } from '../../domain';
import { MIN_REQUEST_MS, remainingMs } from '../invocation-deadline';
import { isLoopback } from '../loopback';
import { CAPTCHA_PROVIDERS, PROVIDER_DETAILS, type CaptchaProvider, type CaptchaProviderDetails } from './captcha-providers';
import { PassedTokens } from './passed-tokens';
import { parseAnswer, refusal, verdictFor, type SiteverifyExpectations } from './siteverify-verdict';
import { idempotencyKey, tokenDigest } from './token-digests';

export interface SiteverifyHumanVerifierOptions {
  readonly provider: CaptchaProvider;
  /** Reads the provider's secret key; may throw StoreUnavailableError or StoreRejectedError. */
  readonly secret: () => Promise<string>;
  /** Upper bound of one verification request; the invocation's deadline may leave less. */
  readonly timeoutMs: number;
  /** Replaces the provider's siteverify URL: https, or plain http to a loopback address (tests, local stand-ins). */
  readonly endpoint?: string;
  /** The lowest reCAPTCHA v3 score that passes (0.0 to 1.0, default 0.5); answers without a score are not scored. */
  readonly minScore?: number;
  /** The hostnames the widget may have been solved on; absent accepts any. */
  readonly expectedHostnames?: readonly string[];
  /** The action the widget must have been run with (Turnstile, reCAPTCHA v3). */
  readonly expectedAction?: string;
}

export const DEFAULT_MIN_SCORE = 0.5;


const PASSED: HumanVerdict = { outcome: 'passed' };

function unavailable(reason: string, misconfigured = false): HumanVerdict {
  return { outcome: 'unavailable', reason, misconfigured };
}

/**
 * A HumanVerifier asking Cloudflare Turnstile, Google reCAPTCHA (v2 and v3) or hCaptcha whether the token a
 * client sent with its sign-up is good, through the provider's siteverify API.
 *
 * Tokens are single-use, and Cognito invokes PreSignUp up to three times for one sign-up. A retry must not
 * be refused because the first invocation already spent the token:
 * - Turnstile takes an idempotency key with which the same token may be verified again; the key is derived
 *   from the token, so a retry on any execution environment sends the same one and passes;
 * - for every provider, tokens that passed are remembered (as digests) for five minutes in this execution
 *   environment, so a retry that lands on it passes without asking again.
 * What remains: with reCAPTCHA or hCaptcha, a retry served by another execution environment (the first
 * still busy, or gone) is answered "already used" and fails; the client has to solve the captcha again.
 *
 * Neither the token nor the secret ever appears in a verdict; this class logs nothing.
 */
export class SiteverifyHumanVerifier implements HumanVerifier {
  private readonly provider: CaptchaProviderDetails;
  private readonly endpoint: URL;
  private readonly expected: SiteverifyExpectations;
  private readonly passed = new PassedTokens();

  constructor(private readonly options: SiteverifyHumanVerifierOptions) {
    if (!CAPTCHA_PROVIDERS.includes(options.provider)) {
      throw new RangeError(`unknown captcha provider ${JSON.stringify(options.provider)}: expected one of ${CAPTCHA_PROVIDERS.join(', ')}`);
    }
    this.provider = PROVIDER_DETAILS[options.provider];
    if (typeof options.secret !== 'function') throw new TypeError('the captcha secret must be given as a function that reads it');
    if (!Number.isFinite(options.timeoutMs) || options.timeoutMs <= 0) {
      throw new RangeError(`the captcha timeoutMs must be a positive number of milliseconds, got ${options.timeoutMs}`);
    }
    this.endpoint = siteverifyUrl(options.endpoint ?? this.provider.endpoint);
    const minScore = options.minScore ?? DEFAULT_MIN_SCORE;
    if (!Number.isFinite(minScore) || minScore < 0 || minScore > 1) {
      throw new RangeError(`the captcha minScore must lie between 0 and 1, got ${minScore}`);
    }
    if (options.expectedAction !== undefined) {
      if (!this.provider.reportsAction) {
        throw new RangeError(`${this.provider.name} answers carry no action: expectedAction cannot be checked`);
      }
      if (options.expectedAction.length === 0) throw new RangeError('the captcha expectedAction must not be empty');
    }
    let hostnames: Set<string> | undefined;
    if (options.expectedHostnames !== undefined) {
      hostnames = new Set(options.expectedHostnames.map((hostname) => hostname.trim().toLowerCase()));
      // An empty list would refuse every sign-up; leaving the option out is how any hostname is accepted.
      if (hostnames.size === 0 || hostnames.has('')) {
        throw new RangeError(
          'the captcha expectedHostnames must name at least one hostname, and no empty one (leave the option out to accept any)',
        );
      }
    }
    this.expected = {
      minScore,
      ...(hostnames === undefined ? {} : { hostnames }),
      ...(options.expectedAction === undefined ? {} : { action: options.expectedAction }),
    };
  }

  async verify(token: string): Promise<HumanVerdict> {
    try {
      return await this.ask(token);
    } catch {
      // The port promises a verdict; nothing below is expected to throw, and nothing of the error is repeated.
      return unavailable('unexpected-error');
    }
  }

  private async ask(token: string): Promise<HumanVerdict> {
    const digest = tokenDigest(token);
    if (this.passed.has(digest)) return PASSED;

    let secret: string;
    try {
      secret = await this.options.secret();
    } catch (error) {
      return error instanceof StoreRejectedError ? unavailable('secret-rejected', true) : unavailable('secret-unavailable');
    }
    if (typeof secret !== 'string' || secret.length === 0) return unavailable('secret-empty', true);

    // Read the deadline after the secret: reading it may have used some of the invocation's time.
    const remaining = remainingMs();
    const budget = remaining === undefined ? this.options.timeoutMs : Math.min(this.options.timeoutMs, remaining);
    if (budget < MIN_REQUEST_MS) return unavailable('deadline-too-close');

    const form = new URLSearchParams({ secret, response: token });
    if (this.provider.idempotencyKey) form.set('idempotency_key', idempotencyKey(token));

    let status: number;
    let body: string;
    try {
      const response = await fetch(this.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: form.toString(),
        signal: AbortSignal.timeout(Math.floor(budget)),
        // A redirect would carry the secret to wherever it points: it counts as no answer instead.
        redirect: 'manual',
      });
      status = response.status;
      body = await response.text();
    } catch (error) {
      return unavailable(transportFailure(error));
    }

    const answer = parseAnswer(body);
    if (status < 200 || status > 299) {
      // Only a refusal of Gatehouse's setup is taken from an error status: it must not pass for an outage.
      const setupRefused = answer === undefined || answer.success ? undefined : refusal(this.provider, answer.errorCodes);
      if (setupRefused?.outcome === 'unavailable' && setupRefused.misconfigured) return setupRefused;
      return unavailable(`http-status-${status}`);
    }
    if (answer === undefined) return unavailable('answer-not-understood');

    const verdict = verdictFor(this.provider, answer, this.expected);
    if (verdict.outcome === 'passed') this.passed.remember(digest);
    return verdict;
  }
}

/** The siteverify URL, checked: it receives the secret, so only https, or plain http that never leaves the host. */
function siteverifyUrl(endpoint: string): URL {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new RangeError('the captcha endpoint is not a URL');
  }
  if (url.username !== '' || url.password !== '') throw new RangeError('the captcha endpoint must not carry credentials');
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:' && isLoopback(url.hostname)) return url;
  throw new RangeError(
    `the captcha endpoint must use https (plain http only to 127.0.0.1, localhost or ::1), got ${url.protocol}//${url.host}`,
  );
}

/** Why no answer came, in words that hold nothing of the request. */
function transportFailure(error: unknown): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return 'timeout';
  const code = (error as { cause?: { code?: unknown } } | undefined)?.cause?.code;
  return typeof code === 'string' && /^[A-Z][A-Z0-9_]{0,40}$/.test(code) ? `network-error (${code})` : 'network-error';
}
