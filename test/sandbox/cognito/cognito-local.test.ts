import {
  AdminGetUserCommand,
  ConfirmSignUpCommand,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { expect } from 'chai';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCognitoLocal, type CognitoLocalHandle } from '../../../sandbox/cognito/cognito-local';
import { lambdaEndpointInvoker } from '../../../sandbox/cognito/lambda';
import type { InvokeOutcome } from '../../../sandbox/lambda/function-process';
import { startLambdaEndpoint, type LambdaEndpoint } from '../../../sandbox/lambda/lambda-endpoint';
import { confirmedUser, PASSWORD, programPool, signInFailure, signInWithSrp } from './sign-in';

describe('sandbox cognito: cognito-local started in process', function () {
  const running: CognitoLocalHandle[] = [];
  const start = async (...args: Parameters<typeof startCognitoLocal>) => {
    const handle = await startCognitoLocal(...args);
    running.push(handle);
    return handle;
  };

  afterEach(async function () {
    await Promise.all(running.splice(0).map((handle) => handle.stop()));
  });

  it('makes the pool and the app client with the settings the program gives the real ones', async function () {
    const cognito = await start({ pool: programPool() });
    const admin = cognito.client();

    const { UserPool } = await admin.send(new DescribeUserPoolCommand({ UserPoolId: cognito.userPoolId }));
    const { UserPoolClient } = await admin.send(new DescribeUserPoolClientCommand({ UserPoolId: cognito.userPoolId, ClientId: cognito.clientId }));

    expect(UserPool).to.deep.include({ Name: 'gatehouse-sandbox', Arn: cognito.userPoolArn, UsernameAttributes: ['email'], AutoVerifiedAttributes: ['email'], MfaConfiguration: 'OPTIONAL' });
    expect(UserPool?.Policies?.PasswordPolicy).to.deep.include({ MinimumLength: 15, TemporaryPasswordValidityDays: 7 });
    expect(UserPool?.AccountRecoverySetting?.RecoveryMechanisms).to.deep.equal([{ Name: 'verified_email', Priority: 1 }]);
    expect(UserPoolClient).to.deep.include({
      ClientName: 'gatehouse-sandbox-app',
      ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      PreventUserExistenceErrors: 'ENABLED',
      AccessTokenValidity: 60,
    });
    expect(UserPoolClient?.ClientSecret).to.equal(undefined);
  });

  it('keeps pools and users in a data folder across a restart, with the same ids, and brings the settings up to date', async function () {
    const folder = mkdtempSync(join(tmpdir(), 'gatehouse-sandbox-cognito-test-'));
    try {
      const first = await start({ dataDirectory: folder, pool: programPool() });
      const sub = await confirmedUser(first, 'ada@example.com');
      await first.stop();
      running.splice(running.indexOf(first), 1);

      const changed = programPool();
      const second = await start({ dataDirectory: folder, pool: { ...changed, appClient: { ...changed.appClient, accessTokenValidity: 30 } } });

      expect({ pool: second.userPoolId, client: second.clientId }).to.deep.equal({ pool: first.userPoolId, client: first.clientId });
      const session = await signInWithSrp(second, 'ada@example.com', PASSWORD);
      expect(session.getIdToken().decodePayload()).to.have.property('sub', sub);
      const { UserPoolClient } = await second.client().send(new DescribeUserPoolClientCommand({ UserPoolId: second.userPoolId, ClientId: second.clientId }));
      expect(UserPoolClient?.AccessTokenValidity).to.equal(30);
      await second.stop();
      running.splice(running.indexOf(second), 1);
      expect(readdirSync(folder)).to.not.deep.equal([]);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  describe('triggers through a Lambda Invoke endpoint', function () {
    const FUNCTIONS = { PreSignUp: 'gatehouse-sandbox-pre-sign-up', PreAuthentication: 'gatehouse-sandbox-pre-authentication' } as const;
    const invoked: { functionName: string; event: Record<string, unknown> }[] = [];
    let lambda: LambdaEndpoint;

    before(async function () {
      lambda = await startLambdaEndpoint({
        port: 0,
        host: {
          has: (name) => Object.values<string>(FUNCTIONS).includes(name),
          invoke: async (functionName, event): Promise<InvokeOutcome> => {
            invoked.push({ functionName, event: event as Record<string, unknown> });
            const email = (event as { request: { userAttributes: Record<string, string> } }).request.userAttributes['email'] ?? '';
            if (functionName === FUNCTIONS.PreSignUp && email.endsWith('@blocked.example.com')) {
              return { error: { errorType: 'SignUpRefused', errorMessage: 'Addresses of this domain cannot sign up' } };
            }
            return { result: event };
          },
        },
      });
    });

    after(async function () {
      await lambda?.stop();
    });

    beforeEach(function () {
      invoked.length = 0;
    });

    it('invokes each trigger’s function by its name, and reports a function’s error under the trigger’s name, as Cognito', async function () {
      const cognito = await start({ pool: programPool(), lambda: { invoker: lambdaEndpointInvoker(lambda.endpoint), functions: FUNCTIONS } });
      const users = cognito.client();

      const refused = await signInFailure(
        users.send(new SignUpCommand({ ClientId: cognito.clientId, Username: 'eve@blocked.example.com', Password: PASSWORD })),
      );

      expect(refused).to.deep.equal({ code: 'UserLambdaValidationException', message: 'PreSignUp failed with error Addresses of this domain cannot sign up.' });
      expect(invoked.map((each) => each.functionName)).to.deep.equal([FUNCTIONS.PreSignUp]);
    });

    it('hands SignUp’s ValidationData to PreSignUp, and runs PreAuthentication through the same endpoint', async function () {
      const cognito = await start({ pool: programPool(), lambda: { invoker: lambdaEndpointInvoker(lambda.endpoint), functions: FUNCTIONS } });
      const users = cognito.client();

      await users.send(
        new SignUpCommand({
          ClientId: cognito.clientId,
          Username: 'ada@example.com',
          Password: PASSWORD,
          ValidationData: [{ Name: 'captchaToken', Value: 'token-1' }],
        }),
      );
      await signInFailure(signInWithSrp(cognito, 'ada@example.com', PASSWORD));

      expect(invoked.map((each) => each.functionName)).to.deep.equal([FUNCTIONS.PreSignUp, FUNCTIONS.PreAuthentication]);
      expect(invoked[0]?.event['request']).to.deep.include({ validationData: { captchaToken: 'token-1' } });
      expect(invoked[1]?.event).to.deep.include({ triggerSource: 'PreAuthentication_Authentication', userPoolId: cognito.userPoolId });
    });
  });

  it('verifies the address a sign-up code went to on confirmation (PostConfirmation sees it), and nothing on a wrong code', async function () {
    const confirmations: Record<string, unknown>[] = [];
    const cognito = await start({
      pool: programPool(),
      triggers: {
        PostConfirmation: async (event) => {
          confirmations.push(event as Record<string, unknown>);
          return event;
        },
      },
    });
    const users = cognito.client();
    await users.send(new SignUpCommand({ ClientId: cognito.clientId, Username: 'ada@example.com', Password: PASSWORD }));
    const code = String(cognito.deliveries.at(-1)?.code);
    const attributes = async () =>
      Object.fromEntries(
        ((await users.send(new AdminGetUserCommand({ UserPoolId: cognito.userPoolId, Username: 'ada@example.com' }))).UserAttributes ?? []).map(
          ({ Name, Value }) => [Name, Value],
        ),
      );

    await signInFailure(users.send(new ConfirmSignUpCommand({ ClientId: cognito.clientId, Username: 'ada@example.com', ConfirmationCode: code === '000000' ? '111111' : '000000' })));
    expect(await attributes()).to.not.have.property('email_verified');

    await users.send(new ConfirmSignUpCommand({ ClientId: cognito.clientId, Username: 'ada@example.com', ConfirmationCode: code }));
    expect(await attributes()).to.have.property('email_verified', 'true');
    expect(confirmations).to.have.length(1);
    expect(confirmations[0]?.['request']).to.have.nested.property('userAttributes.email_verified', 'true');
  });
});
