import type { HumanVerdict } from '../ports/human-verifier';

/** What a stack does when its captcha provider cannot answer. */
export type HumanCheckFailureMode = 'refuse' | 'allow';

export type HumanCheckRefusal = 'captcha-missing' | 'captcha-failed' | 'captcha-unavailable';

export type HumanCheckDecision =
  | { readonly kind: 'pass'; readonly degraded: boolean }
  | { readonly kind: 'refuse'; readonly reason: HumanCheckRefusal };

/**
 * The captcha step of a self sign-up: no token is a refusal of its own (the client forgot the widget);
 * a token the provider refused is refused; a provider that cannot answer leaves the decision to the
 * stack: refused by default, let through (`degraded`) when the stack prefers sign-ups over the check.
 * A provider that refuses Gatehouse's own setup (a wrong secret) is no outage but a defect: no failure
 * mode lets a sign-up through on it, or a bad secret would silently switch the captcha off.
 */
export function decideHumanCheck(verdict: HumanVerdict | 'no-token', whenUnavailable: HumanCheckFailureMode): HumanCheckDecision {
  if (verdict === 'no-token') return { kind: 'refuse', reason: 'captcha-missing' };
  switch (verdict.outcome) {
    case 'passed':
      return { kind: 'pass', degraded: false };
    case 'failed':
      return { kind: 'refuse', reason: 'captcha-failed' };
    case 'unavailable':
      return whenUnavailable === 'allow' && !verdict.misconfigured
        ? { kind: 'pass', degraded: true }
        : { kind: 'refuse', reason: 'captcha-unavailable' };
  }
}
