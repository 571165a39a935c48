import { parseEmailAddress } from '../model/email-address';
import { matchesDomain, type DomainPattern } from './domain-patterns';

/** How an account is being created (Cognito's PreSignUp trigger sources). */
export type SignUpSource = 'sign-up' | 'admin-create' | 'external-provider';

export interface SignUpPolicy {
  /** Empty: any domain. */
  readonly allowedDomains: readonly DomainPattern[];
  /** Refused even when allowed. */
  readonly blockedDomains: readonly DomainPattern[];
  /** Refuse addresses at known throw-away domains. */
  readonly refuseDisposable: boolean;
  /** `screen`: federated sign-ups meet the same rules; `trust`: their identity provider vouches for them. */
  readonly externalProviders: 'screen' | 'trust';
}

export const OPEN_SIGN_UP: SignUpPolicy = Object.freeze({
  allowedDomains: [],
  blockedDomains: [],
  refuseDisposable: false,
  externalProviders: 'screen' as const,
});

export type SignUpRefusal = 'invalid-email' | 'domain-blocked' | 'domain-not-allowed' | 'disposable';

export type SignUpDecision =
  | { readonly kind: 'allow'; readonly screened: boolean }
  | { readonly kind: 'refuse'; readonly reason: SignUpRefusal };

/**
 * The sign-up rules, in order: a trusted federated sign-up passes unscreened; an address without a
 * valid domain is refused; then the block list, the allow list and the throw-away check. Every rule
 * looks at the address alone, never at existing accounts, so no answer reveals who has one.
 */
export function decideSignUp(
  email: string | undefined,
  source: SignUpSource,
  policy: SignUpPolicy,
  isDisposable: (domain: string) => boolean,
): SignUpDecision {
  if (source === 'external-provider' && policy.externalProviders === 'trust') return { kind: 'allow', screened: false };
  const address = email === undefined ? undefined : parseEmailAddress(email);
  if (address === undefined) return { kind: 'refuse', reason: 'invalid-email' };
  const { domain } = address;
  if (policy.blockedDomains.some((pattern) => matchesDomain(pattern, domain))) {
    return { kind: 'refuse', reason: 'domain-blocked' };
  }
  if (policy.allowedDomains.length > 0 && !policy.allowedDomains.some((pattern) => matchesDomain(pattern, domain))) {
    return { kind: 'refuse', reason: 'domain-not-allowed' };
  }
  if (policy.refuseDisposable && isDisposable(domain)) return { kind: 'refuse', reason: 'disposable' };
  return { kind: 'allow', screened: true };
}
