import { expect } from 'chai';
import { OPEN_SIGN_UP, parseDomainPattern, ScreenSignUp, type DisposableDomains, type DomainPattern } from '../../../domain';

const disposable: DisposableDomains = { isDisposable: (domain) => domain === 'mailinator.com' };
const pattern = (text: string) => parseDomainPattern(text) as DomainPattern;

describe('ScreenSignUp', () => {
  const useCase = new ScreenSignUp(disposable, {
    ...OPEN_SIGN_UP,
    allowedDomains: [pattern('example.com'), pattern('mailinator.com')],
    blockedDomains: [pattern('blocked.example.com')],
    refuseDisposable: true,
  });

  it('allows a screened address', async () => {
    expect(await useCase.execute({ email: 'jane@example.com', source: 'sign-up' })).to.deep.equal({ verdict: 'allow', outcome: 'screened' });
  });

  const refusals: [string, string, string, string][] = [
    ['not an address', 'SIGN_UP_EMAIL_INVALID', 'Enter a valid email address', 'invalid-email'],
    ['jane@example.org', 'SIGN_UP_DOMAIN_NOT_ALLOWED', 'Sign-up is open only to addresses of approved email domains', 'domain-not-allowed'],
    ['jane@mailinator.com', 'SIGN_UP_EMAIL_DISPOSABLE', 'Disposable email addresses cannot be used to sign up, please use a permanent address', 'disposable'],
  ];
  for (const [email, code, message, outcome] of refusals) {
    it(`answers ${email} with its own user-facing message (${code}), which says nothing about existing accounts`, async () => {
      const result = await useCase.execute({ email, source: 'sign-up' });
      expect(result).to.deep.include({ verdict: 'deny', outcome });
      const denial = result.verdict === 'deny' ? result.denial : undefined;
      expect(denial).to.include({ code, message, userFacing: true });
      expect(denial?.message).to.not.match(/\.$|exist|already|account/i);
    });
  }

  it('answers a blocked domain with its own message', async () => {
    const result = await new ScreenSignUp(disposable, { ...OPEN_SIGN_UP, blockedDomains: [pattern('*.example.com')] }).execute({
      email: 'a@blocked.example.com',
      source: 'admin-create',
    });
    expect(result.verdict === 'deny' && result.denial).to.include({ code: 'SIGN_UP_DOMAIN_BLOCKED' });
  });

  it('passes a trusted federated sign-up unscreened', async () => {
    const trusting = new ScreenSignUp(disposable, { ...OPEN_SIGN_UP, externalProviders: 'trust', allowedDomains: [pattern('example.com')] });
    expect(await trusting.execute({ email: undefined, source: 'external-provider' })).to.deep.equal({ verdict: 'allow', outcome: 'trusted' });
  });
});
