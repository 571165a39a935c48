/**
 * The built PreSignUp bundle, invoked as Lambda invokes it, with the environment infra/ renders and
 * realistic events of every trigger source. It needs no AWS service: it must call none.
 */
import { expect } from 'chai';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ANSWERS, settle } from '../support/answers';
import { preSignUpEvent } from '../support/cognito-events';
import { functionEnvironment, loadBundle, LogCapture, withEnvironment } from '../support/lambda-bundle';

describe('the pre-sign-up bundle', () => {
  let restoreEnv: () => void;
  let anyService: Server;
  let calls = 0;
  const logs = new LogCapture();

  before(async () => {
    anyService = createServer((_request, response) => {
      calls += 1;
      response.statusCode = 500;
      response.end();
    });
    await new Promise<void>((resolve) => anyService.listen(0, '127.0.0.1', resolve));
    const endpoint = `http://127.0.0.1:${(anyService.address() as AddressInfo).port}`;
    restoreEnv = withEnvironment({
      ...functionEnvironment('gatehouse-test-table', {
        SIGN_UP_ALLOWED_DOMAINS: 'example.com,*.example.com,mailinator.com',
        SIGN_UP_BLOCKED_DOMAINS: 'contractors.example.com',
        SIGN_UP_REFUSE_DISPOSABLE: 'true',
        SIGN_UP_EXTRA_DISPOSABLE_DOMAINS: 'burner.example.com',
      }),
      // Every service points at one that counts: the trigger must call none.
      AWS_ENDPOINT_URL: endpoint,
      AWS_ENDPOINT_URL_DYNAMODB: endpoint,
      AWS_ENDPOINT_URL_SSM: endpoint,
    });
  });
  after(async () => {
    restoreEnv();
    anyService.closeAllConnections();
    await new Promise<void>((resolve) => anyService.close(() => resolve()));
  });
  beforeEach(() => {
    logs.clear();
    logs.start();
  });
  afterEach(() => logs.stop());

  const cases: [string, ReturnType<typeof preSignUpEvent>, string | undefined][] = [
    ['self sign-up at an allowed domain', preSignUpEvent('PreSignUp_SignUp', 'Jane.Doe@Example.com'), undefined],
    ['an admin-created user at an allowed subdomain', preSignUpEvent('PreSignUp_AdminCreateUser', 'ops@eu.example.com'), undefined],
    ['a federated sign-up at an allowed domain', preSignUpEvent('PreSignUp_ExternalProvider', 'jane@example.com'), undefined],
    ['a domain outside the allow list', preSignUpEvent('PreSignUp_SignUp', 'jane@gmail.com'), 'Sign-up is open only to addresses of approved email domains'],
    ['a blocked subdomain', preSignUpEvent('PreSignUp_AdminCreateUser', 'x@contractors.example.com'), 'Addresses of this email domain cannot be used to sign up'],
    ['a throw-away domain from the bundled list', preSignUpEvent('PreSignUp_SignUp', 'x@mailinator.com'), 'Disposable email addresses cannot be used to sign up, please use a permanent address'],
    ['a throw-away domain the stack added', preSignUpEvent('PreSignUp_SignUp', 'x@burner.example.com'), 'Disposable email addresses cannot be used to sign up, please use a permanent address'],
    ['no valid domain', preSignUpEvent('PreSignUp_SignUp', 'jane@localhost'), 'Enter a valid email address'],
  ];
  for (const [name, event, refusal] of cases) {
    it(`${refusal === undefined ? 'accepts' : 'refuses'} ${name}`, async () => {
      const answer = await settle(loadBundle('pre-sign-up')(event));
      expect(answer).to.deep.equal(refusal === undefined ? { ok: true } : { ok: false, message: refusal });
      const flow = logs.entries().filter((entry) => entry.message === 'flow');
      expect(flow).to.have.length(1);
      expect(flow[0]).to.include({ result: refusal === undefined ? 'accepted' : 'refused' });
      expect(logs.text).to.not.contain('@');
    });
  }

  it('returns the event as Cognito sent it (no auto-confirmation) and calls no AWS service', async () => {
    const event = preSignUpEvent('PreSignUp_SignUp', 'jane@example.com');
    expect(await loadBundle('pre-sign-up')(event)).to.deep.equal(event);
    expect(calls).to.equal(0);
  });

  it('answers a malformed event with the generic message', async () => {
    const answer = await settle(loadBundle('pre-sign-up')({ triggerSource: 'PreSignUp_SignUp' }));
    expect(answer).to.deep.equal({ ok: false, message: ANSWERS.generic });
  });
});
