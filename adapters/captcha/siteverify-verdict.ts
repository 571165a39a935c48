import type { HumanVerdict } from '../../domain';
import type { CaptchaProviderDetails } from './captcha-providers';

/** The fields of a siteverify answer that decide a verdict; the three providers share these names. */
export interface SiteverifyAnswer {
  readonly success: boolean;
  readonly errorCodes: readonly string[];
  readonly hostname?: string;
  readonly action?: string;
  readonly score?: number;
}

/** What the stack requires of a token the provider vouches for. */
export interface SiteverifyExpectations {
  /** Lowercase; undefined accepts any hostname. */
  readonly hostnames?: ReadonlySet<string>;
  readonly action?: string;
  /** Applied only to scores on the human-likelihood scale (reCAPTCHA v3). */
  readonly minScore: number;
}

/** Stands for a code that does not look like one; a provider's answer is passed on to the logs only in this form. */
export const UNRECOGNISED_CODE = 'unrecognised-error-code';

/** The JSON body of a siteverify answer, or undefined when it is not one. */
export function parseAnswer(body: string): SiteverifyAnswer | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  const fields = parsed as Record<string, unknown>;
  if (typeof fields.success !== 'boolean') return undefined;
  const codes = fields['error-codes'];
  return {
    success: fields.success,
    // Optional in reCAPTCHA's answers, and sometimes a bare string elsewhere.
    errorCodes: (Array.isArray(codes) ? codes : codes === undefined ? [] : [codes]).map(safeCode),
    ...(typeof fields.hostname === 'string' ? { hostname: fields.hostname } : {}),
    ...(typeof fields.action === 'string' ? { action: fields.action } : {}),
    ...(typeof fields.score === 'number' && Number.isFinite(fields.score) ? { score: fields.score } : {}),
  };
}

/** A siteverify answer (HTTP 2xx) as a verdict. */
export function verdictFor(provider: CaptchaProviderDetails, answer: SiteverifyAnswer, expected: SiteverifyExpectations): HumanVerdict {
  if (!answer.success) return refusal(provider, answer.errorCodes);
  const reasons: string[] = [];
  if (expected.hostnames !== undefined && !expected.hostnames.has(answer.hostname?.toLowerCase() ?? '')) {
    reasons.push('hostname-mismatch');
  }
  // A reCAPTCHA v2 answer has no action: a stack that expects one expects a v3 key.
  if (expected.action !== undefined && answer.action !== expected.action) reasons.push('action-mismatch');
  if (provider.humanScore && answer.score !== undefined && answer.score < expected.minScore) reasons.push('score-too-low');
  return reasons.length === 0 ? { outcome: 'passed' } : { outcome: 'failed', reasons };
}

/**
 * The provider refused. Which side is at fault decides the verdict: Gatehouse's setup (misconfigured: no
 * failure mode lets a sign-up through), the provider or the request (unavailable), or the token (failed).
 * When codes of several kinds come together, the setup is reported first: nothing passes until it is fixed.
 */
export function refusal(provider: CaptchaProviderDetails, codes: readonly string[]): HumanVerdict {
  const setup = codes.filter((code) => provider.setupCodes.has(code));
  if (setup.length > 0) return { outcome: 'unavailable', reason: `setup-refused: ${setup.join(', ')}`, misconfigured: true };
  const providerSide = codes.filter((code) => provider.providerCodes.has(code));
  if (providerSide.length > 0) {
    return { outcome: 'unavailable', reason: `provider-error: ${providerSide.join(', ')}`, misconfigured: false };
  }
  return { outcome: 'failed', reasons: codes.length > 0 ? [...new Set(codes)] : ['no-error-codes'] };
}

/** Error codes are short kebab-case words; anything else (a provider echoing input, say) is not repeated. */
function safeCode(code: unknown): string {
  return typeof code === 'string' && /^[a-z0-9][a-z0-9_-]{0,63}$/i.test(code) ? code.toLowerCase() : UNRECOGNISED_CODE;
}
