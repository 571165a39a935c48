import { expect } from 'chai';
import sinon from 'sinon';
import {
  OPEN_SIGN_UP,
  parseDomainPattern,
  ReminderRejectedError,
  ReminderUnavailableError,
  ScreenSignUp,
  type DisposableDomains,
  type DomainPattern,
  type HumanVerdict,
  type HumanVerifier,
  type PendingSignUp,
  type ReminderScheduler,
} from '../../../domain';
import { FixedClock } from '../../support/fakes/fixed-clock';
import { PlainAccountKeys } from '../../support/fakes/plain-account-keys';

const disposable: DisposableDomains = { isDisposable: (domain) => domain === 'mailinator.com' };
const pattern = (text: string) => parseDomainPattern(text) as DomainPattern;
const POOL = { poolId: 'eu-west-1_abc', clientId: 'client-1', username: 'Jane' };

const verifierAnswering = (verdict: HumanVerdict) => {
  const verify = sinon.stub<[string], Promise<HumanVerdict>>().resolves(verdict);
  return { verifier: { verify } satisfies HumanVerifier, verify };
};

const schedulerAnswering = (answer: 'started' | 'already-started' | Error) => {
  const schedule = sinon.stub<[PendingSignUp], Promise<'started' | 'already-started'>>();
  if (answer instanceof Error) schedule.rejects(answer);
  else schedule.resolves(answer);
  return { scheduler: { schedule } satisfies ReminderScheduler, schedule };
};

describe('ScreenSignUp', () => {
  const useCase = new ScreenSignUp(disposable, {
    ...OPEN_SIGN_UP,
    allowedDomains: [pattern('example.com'), pattern('mailinator.com')],
    blockedDomains: [pattern('blocked.example.com')],
    refuseDisposable: true,
  });

  it('allows a screened address', async () => {
    expect(await useCase.execute({ email: 'jane@example.com', source: 'sign-up' })).to.deep.equal({
      verdict: 'allow',
      outcome: 'screened',
      reminder: 'none',
      incidents: [],
    });
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
    expect(await trusting.execute({ email: undefined, source: 'external-provider' })).to.deep.include({ verdict: 'allow', outcome: 'trusted' });
  });

  describe('with a captcha', () => {
    const screen = (verdict: HumanVerdict, whenUnavailable: 'refuse' | 'allow' = 'refuse') => {
      const { verifier, verify } = verifierAnswering(verdict);
      return { useCase: new ScreenSignUp(disposable, OPEN_SIGN_UP, { humanCheck: { verifier, whenUnavailable } }), verify };
    };

    it('verifies the token of a self sign-up and lets a person through', async () => {
      const { useCase: screening, verify } = screen({ outcome: 'passed' });
      const result = await screening.execute({ email: 'jane@example.com', source: 'sign-up', captchaToken: ' token-1 ' });
      expect(result).to.deep.include({ verdict: 'allow', outcome: 'screened' });
      expect(verify.calledOnceWithExactly('token-1')).to.equal(true);
    });

    const captchaRefusals: [string, HumanVerdict | undefined, string, string][] = [
      ['no token', undefined, 'SIGN_UP_CAPTCHA_MISSING', 'Complete the verification challenge to sign up'],
      ['a refused token', { outcome: 'failed', reasons: ['invalid-input-response'] }, 'SIGN_UP_CAPTCHA_FAILED', 'The verification challenge could not be confirmed, please try it again'],
      ['an unreachable provider', { outcome: 'unavailable', reason: 'timeout', misconfigured: false }, 'SIGN_UP_UNAVAILABLE', 'Sign-up is temporarily unavailable, please try again in a few minutes'],
    ];
    for (const [what, verdict, code, message] of captchaRefusals) {
      it(`refuses a self sign-up with ${what}, with its own message (${code})`, async () => {
        const { useCase: screening, verify } = screen(verdict ?? { outcome: 'passed' });
        const result = await screening.execute({ email: 'jane@example.com', source: 'sign-up', ...(verdict ? { captchaToken: 't' } : {}) });
        expect(result.verdict === 'deny' && result.denial).to.include({ code, message, userFacing: true });
        expect(verify.callCount).to.equal(verdict ? 1 : 0);
      });
    }

    it('reports an unreachable provider as an incident, and lets the sign-up through when the stack allows it', async () => {
      const { useCase: screening } = screen({ outcome: 'unavailable', reason: 'timeout', misconfigured: false }, 'allow');
      const result = await screening.execute({ email: 'jane@example.com', source: 'sign-up', captchaToken: 't' });
      expect(result.verdict).to.equal('allow');
      expect(result.incidents.map(({ code, severity }) => ({ code, severity }))).to.deep.equal([{ code: 'CAPTCHA_UNAVAILABLE', severity: 'error' }]);
    });

    it('refuses, reporting an error, when the provider refuses Gatehouse\'s own secret, even where the stack lets sign-ups through', async () => {
      const { useCase: screening } = screen({ outcome: 'unavailable', reason: 'invalid-input-secret', misconfigured: true }, 'allow');
      const result = await screening.execute({ email: 'jane@example.com', source: 'sign-up', captchaToken: 't' });
      expect(result.verdict).to.equal('deny');
      expect(result.incidents.map(({ code, severity }) => ({ code, severity }))).to.deep.equal([{ code: 'CAPTCHA_UNAVAILABLE', severity: 'error' }]);
    });

    it('skips the captcha for admin-created users and federated sign-ups (they carry no token)', async () => {
      const { useCase: screening, verify } = screen({ outcome: 'failed', reasons: [] });
      for (const source of ['admin-create', 'external-provider'] as const) {
        expect((await screening.execute({ email: 'jane@example.com', source })).verdict, source).to.equal('allow');
      }
      expect(verify.called).to.equal(false);
    });

    it('checks the domain rules first: a blocked domain costs no call to the provider', async () => {
      const { verifier, verify } = verifierAnswering({ outcome: 'passed' });
      const screening = new ScreenSignUp(disposable, { ...OPEN_SIGN_UP, blockedDomains: [pattern('example.com')] }, {
        humanCheck: { verifier, whenUnavailable: 'refuse' },
      });
      const result = await screening.execute({ email: 'jane@example.com', source: 'sign-up', captchaToken: 't' });
      expect(result).to.deep.include({ verdict: 'deny', outcome: 'domain-blocked' });
      expect(verify.called).to.equal(false);
    });
  });

  describe('with the reminder workflow', () => {
    const clock = new FixedClock(Date.parse('2026-11-23T10:00:00Z'));
    const screening = (scheduler: ReminderScheduler, keys = new PlainAccountKeys()) =>
      new ScreenSignUp(disposable, { ...OPEN_SIGN_UP, blockedDomains: [pattern('blocked.example')] }, { reminders: { scheduler, keys, clock } });

    it('starts one workflow for an accepted self sign-up, naming the account by its key', async () => {
      const { scheduler, schedule } = schedulerAnswering('started');
      const result = await screening(scheduler).execute({ email: 'jane@example.com', source: 'sign-up', pool: POOL });
      expect(result).to.deep.include({ verdict: 'allow', reminder: 'started', incidents: [] });
      expect(schedule.calledOnce).to.equal(true);
      expect(schedule.firstCall.args[0]).to.deep.equal({
        poolId: 'eu-west-1_abc',
        clientId: 'client-1',
        username: 'Jane',
        accountKey: 'jane',
        at: clock.now(),
      });
    });

    it('says so when a workflow for the user is already running (a retried sign-up)', async () => {
      const { scheduler } = schedulerAnswering('already-started');
      expect(await screening(scheduler).execute({ email: 'jane@example.com', source: 'sign-up', pool: POOL })).to.deep.include({ reminder: 'already-started' });
    });

    it('starts none for a refused sign-up, an admin-created user or a federated sign-up', async () => {
      const { scheduler, schedule } = schedulerAnswering('started');
      await screening(scheduler).execute({ email: 'jane@blocked.example', source: 'sign-up', pool: POOL });
      await screening(scheduler).execute({ email: 'jane@example.com', source: 'admin-create', pool: POOL });
      await screening(scheduler).execute({ email: 'jane@example.com', source: 'external-provider', pool: POOL });
      expect(schedule.called).to.equal(false);
    });

    it('lets the sign-up through when the workflow cannot start, reporting it (an error when Step Functions refused)', async () => {
      for (const [error, severity] of [
        [new ReminderUnavailableError('throttled'), 'warn'],
        [new ReminderRejectedError('AccessDenied'), 'error'],
      ] as const) {
        const { scheduler } = schedulerAnswering(error);
        const result = await screening(scheduler).execute({ email: 'jane@example.com', source: 'sign-up', pool: POOL });
        expect(result).to.deep.include({ verdict: 'allow', reminder: 'none' });
        expect(result.incidents.map(({ code, severity: s, cause }) => ({ code, severity: s, cause }))).to.deep.equal([
          { code: 'REMINDER_NOT_STARTED', severity, cause: error },
        ]);
      }
    });

    it('starts none, reporting it, when the sign-up names no app client (no fresh code could be sent)', async () => {
      const { scheduler, schedule } = schedulerAnswering('started');
      const result = await screening(scheduler).execute({ email: 'jane@example.com', source: 'sign-up', pool: { ...POOL, clientId: undefined } });
      expect(result).to.deep.include({ verdict: 'allow', reminder: 'none' });
      expect(result.incidents[0]?.code).to.equal('REMINDER_NOT_STARTED');
      expect(schedule.called).to.equal(false);
    });
  });
});
