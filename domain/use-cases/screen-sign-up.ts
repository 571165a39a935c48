import {
  DisposableEmailAddressError,
  EmailDomainBlockedError,
  EmailDomainNotAllowedError,
  InvalidEmailAddressError,
  type DomainError,
} from '../errors';
import { decideSignUp, type SignUpPolicy, type SignUpRefusal, type SignUpSource } from '../policy/sign-up-policy';
import type { DisposableDomains } from '../ports/disposable-domains';

export interface SignUpScreeningInput {
  readonly email: string | undefined;
  readonly source: SignUpSource;
}

export type SignUpScreeningResult =
  | { readonly verdict: 'allow'; readonly outcome: 'screened' | 'trusted' }
  | { readonly verdict: 'deny'; readonly outcome: SignUpRefusal; readonly denial: DomainError };

const DENIALS: Record<SignUpRefusal, () => DomainError> = {
  'invalid-email': () => new InvalidEmailAddressError(),
  'domain-blocked': () => new EmailDomainBlockedError(),
  'domain-not-allowed': () => new EmailDomainNotAllowedError(),
  disposable: () => new DisposableEmailAddressError(),
};

/** PreSignUp: decide whether an account may be created for this address, before it exists. */
export class ScreenSignUp {
  constructor(
    private readonly disposable: DisposableDomains,
    private readonly policy: SignUpPolicy,
  ) {}

  async execute(input: SignUpScreeningInput): Promise<SignUpScreeningResult> {
    const decision = decideSignUp(input.email, input.source, this.policy, (domain) => this.disposable.isDisposable(domain));
    if (decision.kind === 'allow') return { verdict: 'allow', outcome: decision.screened ? 'screened' : 'trusted' };
    return { verdict: 'deny', outcome: decision.reason, denial: DENIALS[decision.reason]() };
  }
}
