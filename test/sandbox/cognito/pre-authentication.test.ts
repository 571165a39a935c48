import {
  CreateUserPoolClientCommand,
  InitiateAuthCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { expect } from 'chai';
import { startCognitoLocal, type CognitoLocalHandle } from '../../../sandbox/cognito/cognito-local';
import { confirmedUser, PASSWORD, programPool, signInFailure, signInWithSrp, type PoolEndpoint } from './sign-in';

interface Seen {
  readonly event: Record<string, unknown>;
  /** Proofs the pool had received when the trigger ran. */
  readonly proofsBefore: number;
}

describe('sandbox cognito: PreAuthentication on every sign-in attempt', function () {
  let cognito: CognitoLocalHandle;
  let users: CognitoIdentityProviderClient;
  let sub: string;
  /** A client of the same pool that also allows USER_PASSWORD_AUTH, and one with LEGACY existence errors. */
  let passwordClient: PoolEndpoint;
  let legacyClient: PoolEndpoint;
  const preAuthentication: Seen[] = [];
  const postAuthentication: unknown[] = [];
  let refusal: string | undefined;

  before(async function () {
    cognito = await startCognitoLocal({
      pool: programPool(),
      triggers: {
        PreAuthentication: async (event) => {
          preAuthentication.push({ event: event as Record<string, unknown>, proofsBefore: cognito.requests.get('RespondToAuthChallenge') ?? 0 });
          if (refusal !== undefined) throw new Error(refusal);
          return event;
        },
        PostAuthentication: async (event) => {
          postAuthentication.push(event);
          return event;
        },
      },
    });
    users = cognito.client();
    sub = await confirmedUser(cognito, 'ada@example.com');
    const clientWith = async (settings: { ExplicitAuthFlows?: ('ALLOW_USER_PASSWORD_AUTH' | 'ALLOW_USER_SRP_AUTH')[]; PreventUserExistenceErrors: 'ENABLED' | 'LEGACY' }) => {
      const { UserPoolClient } = await users.send(new CreateUserPoolClientCommand({ UserPoolId: cognito.userPoolId, ClientName: 'other', ...settings }));
      return { ...cognito, clientId: String(UserPoolClient?.ClientId) };
    };
    passwordClient = await clientWith({ ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH'], PreventUserExistenceErrors: 'ENABLED' });
    legacyClient = await clientWith({ PreventUserExistenceErrors: 'LEGACY' });
  });

  after(async function () {
    await cognito?.stop();
  });

  beforeEach(function () {
    preAuthentication.length = 0;
    postAuthentication.length = 0;
    refusal = undefined;
    cognito.resetCounts();
  });

  const passwordSignIn = (username: string, password: string) =>
    users.send(new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: passwordClient.clientId, AuthParameters: { USERNAME: username, PASSWORD: password } }));

  it('runs once per SRP attempt, at InitiateAuth before any proof, with the event Cognito sends', async function () {
    await signInFailure(signInWithSrp(cognito, 'ada@example.com', 'not-the-password-at-all'));
    await signInWithSrp(cognito, 'ada@example.com', PASSWORD, { validationData: { captchaToken: 'token-1' } });

    expect(preAuthentication).to.have.length(2);
    expect(preAuthentication.map((seen) => seen.proofsBefore)).to.deep.equal([0, 1]);
    expect(preAuthentication[1]?.event).to.deep.equal({
      version: '1',
      triggerSource: 'PreAuthentication_Authentication',
      region: 'local',
      userPoolId: cognito.userPoolId,
      userName: sub,
      callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: cognito.clientId },
      request: {
        userAttributes: { sub, email: 'ada@example.com', email_verified: 'true', 'cognito:user_status': 'CONFIRMED' },
        validationData: { captchaToken: 'token-1' },
        userNotFound: false,
      },
      response: {},
    });
  });

  it('stops a refused attempt with Cognito’s message before the password is looked at: no proof, no PostAuthentication', async function () {
    refusal = 'Too many failed attempts. Try again in 5 minutes.';
    // Cognito appends its period whatever the message ends with (aws-amplify/amplify-ui-android#314).
    const expected = { code: 'UserLambdaValidationException', message: 'PreAuthentication failed with error Too many failed attempts. Try again in 5 minutes..' };

    expect(await signInFailure(signInWithSrp(cognito, 'ada@example.com', PASSWORD))).to.deep.equal(expected);
    expect(await signInFailure(signInWithSrp(cognito, 'ada@example.com', 'not-the-password-at-all'))).to.deep.equal(expected);
    expect(preAuthentication).to.have.length(2);
    expect(cognito.requests.get('RespondToAuthChallenge') ?? 0).to.equal(0);
    expect(postAuthentication).to.have.length(0);
  });

  it('runs for an unknown username with userNotFound: true and the name as typed, which then fails as a wrong password', async function () {
    const failure = await signInFailure(signInWithSrp(cognito, 'Nobody@Example.com', PASSWORD));

    expect(failure).to.deep.equal({ code: 'NotAuthorizedException', message: 'Incorrect username or password.' });
    expect(preAuthentication).to.have.length(1);
    expect(preAuthentication[0]?.event).to.deep.include({ userName: 'Nobody@Example.com', triggerSource: 'PreAuthentication_Authentication' });
    expect(preAuthentication[0]?.event['request']).to.deep.equal({ userAttributes: {}, validationData: {}, userNotFound: true });
  });

  it('refuses an unknown username in the words it refuses a real one', async function () {
    refusal = 'Too many failed attempts. Try again in 5 minutes.';
    expect(await signInFailure(signInWithSrp(cognito, 'nobody@example.com', PASSWORD))).to.deep.equal(
      await signInFailure(signInWithSrp(cognito, 'ada@example.com', PASSWORD)),
    );
  });

  it('does not run for an unknown username on a client with LEGACY existence errors', async function () {
    const failure = await signInFailure(signInWithSrp(legacyClient, 'nobody@example.com', PASSWORD));

    expect(failure).to.deep.equal({ code: 'UserNotFoundException', message: 'User does not exist.' });
    expect(preAuthentication).to.have.length(0);
  });

  it('reports no userNotFound to a LEGACY client’s trigger for a known user', async function () {
    await signInWithSrp(legacyClient, 'ada@example.com', PASSWORD);
    expect(preAuthentication[0]?.event['request']).to.not.have.property('userNotFound');
  });

  it('runs in USER_PASSWORD_AUTH too, before the password: a refusal answers for a wrong password as for a right one', async function () {
    refusal = 'Account locked';
    for (const password of [PASSWORD, 'not-the-password-at-all']) {
      expect(await signInFailure(passwordSignIn('ada@example.com', password))).to.deep.equal({
        code: 'UserLambdaValidationException',
        message: 'PreAuthentication failed with error Account locked.',
      });
    }
    expect(preAuthentication).to.have.length(2);
    expect(postAuthentication).to.have.length(0);
  });

  it('lets USER_PASSWORD_AUTH answer a wrong password as Cognito does (NotAuthorizedException), and sign in with the right one', async function () {
    expect(await signInFailure(passwordSignIn('ada@example.com', 'not-the-password-at-all'))).to.deep.equal({
      code: 'NotAuthorizedException',
      message: 'Incorrect username or password.',
    });
    const { AuthenticationResult } = await passwordSignIn('ada@example.com', PASSWORD);

    expect(AuthenticationResult?.AccessToken).to.be.a('string');
    expect(preAuthentication).to.have.length(2);
    expect(postAuthentication).to.have.length(1);
  });

  it('runs in USER_PASSWORD_AUTH for an unknown username with userNotFound: true', async function () {
    expect(await signInFailure(passwordSignIn('nobody@example.com', PASSWORD))).to.deep.equal({
      code: 'NotAuthorizedException',
      message: 'Incorrect username or password.',
    });
    expect(preAuthentication).to.have.length(1);
    expect(preAuthentication[0]?.event).to.have.property('userName', 'nobody@example.com');
    expect(preAuthentication[0]?.event['request']).to.have.property('userNotFound', true);
  });
});
