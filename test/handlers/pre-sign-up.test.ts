import { expect } from 'chai';
import { OPEN_SIGN_UP, parseDomainPattern, type DomainPattern } from '../../domain';
import { GENERIC_FAILURE_MESSAGE } from '../../handlers/boundary/cognito-trigger';
import { buildContainer, type Composition } from '../../handlers/composition/composition-root';
import { signUpModule } from '../../handlers/composition/modules/sign-up-module';
import { TOKENS } from '../../handlers/composition/tokens';
import { createPreSignUpHandler } from '../../handlers/pre-sign-up';
import { preSignUpEvent, type PreSignUpSource } from '../support/cognito-events';
import { composeWithFakes, failureOf, fakePorts, recordingMetrics, spiedLogger, testConfig } from '../support/handler-harness';

const pattern = (text: string) => parseDomainPattern(text) as DomainPattern;

function handlerWith(signUp = OPEN_SIGN_UP) {
  const log = spiedLogger();
  const container = buildContainer({ ...testConfig(), signUp }, log.logger, [signUpModule]);
  const checked: string[] = [];
  container.rebind(TOKENS.DisposableDomains).toConstantValue({
    isDisposable: (domain: string) => {
      checked.push(domain);
      return domain === 'mailinator.com';
    },
  });
  const composition: Composition = { logger: log.logger, metrics: recordingMetrics().metrics, container: () => container };
  return { handler: createPreSignUpHandler(composition), log, checked };
}

const SOURCES: PreSignUpSource[] = ['PreSignUp_SignUp', 'PreSignUp_AdminCreateUser', 'PreSignUp_ExternalProvider'];

describe('handlers/pre-sign-up', () => {
  it('returns the event untouched for an address the rules allow, from every source', async () => {
    const { handler, log } = handlerWith();
    for (const source of SOURCES) {
      const event = preSignUpEvent(source, 'jane@example.com');
      expect(await handler(event)).to.deep.equal(event);
    }
    expect(log.info.calledWithMatch('flow', { result: 'accepted', outcome: 'screened' })).to.equal(true);
  });

  it('refuses a domain outside the allow list with its message, and logs the refusal without the address', async () => {
    const { handler, log } = handlerWith({ ...OPEN_SIGN_UP, allowedDomains: [pattern('example.com')] });
    const error = await failureOf(handler(preSignUpEvent('PreSignUp_SignUp', 'jane@gmail.com')));
    expect(error.message).to.equal('Sign-up is open only to addresses of approved email domains');
    expect(log.info.calledWithMatch('flow', { result: 'refused', outcome: 'domain-not-allowed', code: 'SIGN_UP_DOMAIN_NOT_ALLOWED' })).to.equal(true);
    expect(log.everything()).to.not.contain('jane@gmail.com');
  });

  it('refuses a throw-away address when the stack asks to, checking the normalised domain', async () => {
    const { handler, checked } = handlerWith({ ...OPEN_SIGN_UP, refuseDisposable: true });
    const error = await failureOf(handler(preSignUpEvent('PreSignUp_AdminCreateUser', 'x@MAILINATOR.com.')));
    expect(error.message).to.equal('Disposable email addresses cannot be used to sign up, please use a permanent address');
    expect(checked).to.deep.equal(['mailinator.com']);
  });

  it('screens federated sign-ups by default and trusts them when the stack says so', async () => {
    const closed = { ...OPEN_SIGN_UP, allowedDomains: [pattern('example.com')] };
    const federated = preSignUpEvent('PreSignUp_ExternalProvider', 'someone@gmail.com');
    expect((await failureOf(handlerWith(closed).handler(federated))).message).to.equal(
      'Sign-up is open only to addresses of approved email domains',
    );
    expect(await handlerWith({ ...closed, externalProviders: 'trust' }).handler(federated)).to.deep.equal(federated);
  });

  it('refuses a sign-up without an email address with its message', async () => {
    const { handler } = handlerWith();
    expect((await failureOf(handler(preSignUpEvent('PreSignUp_SignUp', undefined)))).message).to.equal('Enter a valid email address');
  });

  for (const [name, event] of [
    ['an unknown trigger source', { ...preSignUpEvent('PreSignUp_SignUp', 'jane@example.com'), triggerSource: 'PreSignUp_Telepathy' }],
    ['no request', { ...preSignUpEvent('PreSignUp_SignUp', 'jane@example.com'), request: undefined }],
    ['not an object', 'sign me up'],
  ] as const) {
    it(`answers ${name} with the generic message, logging one failed flow line`, async () => {
      const { handler, log, checked } = handlerWith({ ...OPEN_SIGN_UP, refuseDisposable: true });
      expect((await failureOf(handler(event))).message).to.equal(GENERIC_FAILURE_MESSAGE);
      expect(log.error.calledWithMatch('flow', { result: 'failed' })).to.equal(true);
      expect(checked).to.deep.equal([]);
    });
  }

  describe('with a captcha and the reminder workflow (ports faked)', () => {
    const config = {
      ...testConfig(),
      captcha: {
        provider: 'turnstile' as const,
        secretParameter: '/gatehouse-test/captcha-secret',
        whenUnavailable: 'refuse' as const,
        minScore: 0.5,
        hostnames: [],
      },
      reminders: {
        stateMachineArn: 'arn:aws:states:eu-west-1:123456789012:stateMachine:gatehouse-test-sign-up-reminders',
        remindAfterSeconds: 86_400,
        deleteAfterSeconds: 604_800,
      },
    };

    it('verifies the token from validationData.captchaToken, then starts one workflow, and says so in the flow line', async () => {
      const ports = fakePorts();
      const { composition, log } = composeWithFakes(ports, config);
      const event = preSignUpEvent('PreSignUp_SignUp', 'jane@example.com', 'f3b1c2d4-0000-4000-8000-000000000001', 'token-abc');
      expect(await createPreSignUpHandler(composition)(event)).to.deep.equal(event);
      expect(ports.verifier.verify.calledOnceWithExactly('token-abc')).to.equal(true);
      expect(ports.scheduler.schedule.calledOnce).to.equal(true);
      expect(ports.scheduler.schedule.firstCall.args[0]).to.deep.include({
        poolId: event.userPoolId,
        clientId: event.callerContext.clientId,
        username: 'f3b1c2d4-0000-4000-8000-000000000001',
        accountKey: 'f3b1c2d4-0000-4000-8000-000000000001',
      });
      expect(log.info.calledWithMatch('flow', { result: 'accepted', outcome: 'screened', reminder: 'started' })).to.equal(true);
      expect(log.everything()).to.not.contain('token-abc');
    });

    it('refuses a self sign-up without a token with its message, starting nothing', async () => {
      const ports = fakePorts();
      const { composition } = composeWithFakes(ports, config);
      const event = preSignUpEvent('PreSignUp_SignUp', 'jane@example.com');
      event.request.validationData = null;
      expect((await failureOf(createPreSignUpHandler(composition)(event))).message).to.equal('Complete the verification challenge to sign up');
      expect(ports.scheduler.schedule.called).to.equal(false);
    });

    it('refuses a token the provider refused, and an unreachable provider, each with its own message', async () => {
      for (const [verdict, message] of [
        [{ outcome: 'failed', reasons: ['timeout-or-duplicate'] }, 'The verification challenge could not be confirmed, please try it again'],
        [{ outcome: 'unavailable', reason: 'timeout', misconfigured: false }, 'Sign-up is temporarily unavailable, please try again in a few minutes'],
      ] as const) {
        const ports = fakePorts();
        ports.verifier.verify.resolves(verdict);
        const { composition } = composeWithFakes(ports, config);
        const error = await failureOf(createPreSignUpHandler(composition)(preSignUpEvent('PreSignUp_SignUp', 'jane@example.com')));
        expect(error.message, verdict.outcome).to.equal(message);
      }
    });

    it('lets the sign-up through when the workflow cannot start, logging an incident', async () => {
      const ports = fakePorts();
      ports.scheduler.schedule.rejects(new Error('Step Functions down'));
      const { composition, log } = composeWithFakes(ports, config);
      const event = preSignUpEvent('PreSignUp_SignUp', 'jane@example.com');
      expect(await createPreSignUpHandler(composition)(event)).to.deep.equal(event);
      expect(log.warn.calledWithMatch('incident', { incident: 'REMINDER_NOT_STARTED' })).to.equal(true);
      expect(log.info.calledWithMatch('flow', { result: 'accepted', reminder: 'none' })).to.equal(true);
    });

    it('asks no captcha of admin-created users and federated sign-ups, and starts no workflow for them', async () => {
      const ports = fakePorts();
      const { composition } = composeWithFakes(ports, config);
      for (const source of ['PreSignUp_AdminCreateUser', 'PreSignUp_ExternalProvider'] as const) {
        const event = preSignUpEvent(source, 'jane@example.com');
        expect(await createPreSignUpHandler(composition)(event)).to.deep.equal(event);
      }
      expect(ports.verifier.verify.called).to.equal(false);
      expect(ports.scheduler.schedule.called).to.equal(false);
    });
  });
});
