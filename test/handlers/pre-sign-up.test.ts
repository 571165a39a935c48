import { expect } from 'chai';
import { OPEN_SIGN_UP, parseDomainPattern, type DomainPattern } from '../../domain';
import { GENERIC_FAILURE_MESSAGE } from '../../handlers/boundary/cognito-trigger';
import { buildContainer, type Composition } from '../../handlers/composition/composition-root';
import { signUpModule } from '../../handlers/composition/modules/sign-up-module';
import { TOKENS } from '../../handlers/composition/tokens';
import { createPreSignUpHandler } from '../../handlers/pre-sign-up';
import { preSignUpEvent, type PreSignUpSource } from '../support/cognito-events';
import { failureOf, spiedLogger, testConfig } from '../support/handler-harness';

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
  const composition: Composition = { logger: log.logger, container: () => container };
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
});
