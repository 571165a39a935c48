import {
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  CreateUserPoolClientCommand,
  InitiateAuthCommand,
  SignUpCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { expect } from 'chai';
import sinon from 'sinon';
import { startCognitoLocal, type CognitoLocalHandle } from '../../../sandbox/cognito/cognito-local';
import { confirmedUser, PASSWORD, programPool, signInFailure, signInWithSrp, srpChallenge } from './sign-in';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('sandbox cognito: USER_SRP_AUTH, as amazon-cognito-identity-js signs in', function () {
  let cognito: CognitoLocalHandle;
  let users: CognitoIdentityProviderClient;
  let sub: string;
  const postAuthentication: Record<string, unknown>[] = [];
  let postAuthenticationError: string | undefined;

  before(async function () {
    cognito = await startCognitoLocal({
      pool: programPool(),
      triggers: {
        PostAuthentication: async (event) => {
          postAuthentication.push(event as Record<string, unknown>);
          if (postAuthenticationError !== undefined) throw new Error(postAuthenticationError);
          return event;
        },
      },
    });
    users = cognito.client();
    sub = await confirmedUser(cognito, 'ada@example.com');
  });

  after(async function () {
    await cognito?.stop();
  });

  beforeEach(function () {
    postAuthentication.length = 0;
    postAuthenticationError = undefined;
    cognito.resetCounts();
  });

  it('signs in: one InitiateAuth, one RespondToAuthChallenge, tokens for the user issued by the sandbox', async function () {
    const session = await signInWithSrp(cognito, 'ada@example.com', PASSWORD);

    expect(session.isValid()).to.equal(true);
    const id = session.getIdToken().decodePayload();
    expect(id).to.include({ sub, email: 'ada@example.com', token_use: 'id', aud: cognito.clientId, iss: `${cognito.endpoint}/${cognito.userPoolId}` });
    expect(session.getAccessToken().decodePayload()).to.include({ sub, token_use: 'access', client_id: cognito.clientId });
    expect(session.getRefreshToken().getToken()).to.be.a('string').and.not.equal('');
    expect(Object.fromEntries(cognito.requests)).to.deep.equal({ InitiateAuth: 1, RespondToAuthChallenge: 1 });
  });

  it('invokes PostAuthentication once after the proof, with the user and RespondToAuthChallenge’s ClientMetadata', async function () {
    await signInWithSrp(cognito, 'ada@example.com', PASSWORD, { clientMetadata: { app: 'web' } });

    expect(postAuthentication).to.have.length(1);
    expect(postAuthentication[0]).to.deep.include({ triggerSource: 'PostAuthentication_Authentication', userName: sub, userPoolId: cognito.userPoolId });
    expect(postAuthentication[0]?.['request']).to.deep.include({ clientMetadata: { app: 'web' } });
    expect(postAuthentication[0]?.['request']).to.have.nested.property('userAttributes.email', 'ada@example.com');
  });

  it('answers a wrong password with NotAuthorizedException "Incorrect username or password.", without PostAuthentication', async function () {
    expect(await signInFailure(signInWithSrp(cognito, 'ada@example.com', 'not-the-password-at-all'))).to.deep.equal({
      code: 'NotAuthorizedException',
      message: 'Incorrect username or password.',
    });
    expect(postAuthentication).to.have.length(0);
  });

  it('fails a sign-in whose PostAuthentication fails, with the trigger’s message', async function () {
    postAuthenticationError = 'audit store unavailable';
    expect(await signInFailure(signInWithSrp(cognito, 'ada@example.com', PASSWORD))).to.deep.equal({
      code: 'UserLambdaValidationException',
      message: 'PostAuthentication failed with error audit store unavailable.',
    });
  });

  it('gives an unknown user a challenge like a real one (same salt and UUID for the same name), then the wrong-password answer', async function () {
    const first = await srpChallenge(cognito, users, 'nobody@example.com');
    const again = await srpChallenge(cognito, users, 'Nobody@Example.com');
    const other = await srpChallenge(cognito, users, 'somebody-else@example.com');
    const known = await srpChallenge(cognito, users, 'ada@example.com');

    expect(first.initiated.ChallengeName).to.equal('PASSWORD_VERIFIER');
    expect(Object.keys(first.parameters).sort()).to.deep.equal(Object.keys(known.parameters).sort());
    expect(first.parameters['USER_ID_FOR_SRP']).to.match(UUID);
    expect(again.parameters['USER_ID_FOR_SRP']).to.equal(first.parameters['USER_ID_FOR_SRP']);
    expect(again.parameters['SALT']).to.equal(first.parameters['SALT']);
    expect(other.parameters['USER_ID_FOR_SRP']).to.not.equal(first.parameters['USER_ID_FOR_SRP']);
    expect(known.parameters['USER_ID_FOR_SRP']).to.equal(sub);
    expect(await signInFailure(users.send(await first.proof(PASSWORD)))).to.deep.equal({
      code: 'NotAuthorizedException',
      message: 'Incorrect username or password.',
    });
    expect(await signInFailure(signInWithSrp(cognito, 'nobody@example.com', PASSWORD))).to.deep.equal({
      code: 'NotAuthorizedException',
      message: 'Incorrect username or password.',
    });
  });

  it('says an unknown user does not exist when the app client keeps LEGACY existence errors', async function () {
    const { UserPoolClient } = await users.send(
      new CreateUserPoolClientCommand({ UserPoolId: cognito.userPoolId, ClientName: 'legacy', PreventUserExistenceErrors: 'LEGACY' }),
    );
    const legacy = { ...cognito, clientId: String(UserPoolClient?.ClientId) };
    expect(await signInFailure(signInWithSrp(legacy, 'nobody@example.com', PASSWORD))).to.deep.equal({
      code: 'UserNotFoundException',
      message: 'User does not exist.',
    });
  });

  it('refuses USER_PASSWORD_AUTH on a client that allows only SRP and refresh, as the program’s does', async function () {
    const error = await signInFailure(
      users.send(new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: cognito.clientId, AuthParameters: { USERNAME: 'ada@example.com', PASSWORD } })),
    );
    expect(error).to.deep.equal({ code: 'InvalidParameterException', message: 'USER_PASSWORD_AUTH flow not enabled for this client' });
  });

  it('accepts a proof once: the same secret block again is an invalid session', async function () {
    const { proof } = await srpChallenge(cognito, users, 'ada@example.com');
    const respond = await proof(PASSWORD);
    const { AuthenticationResult } = await users.send(respond);
    expect(AuthenticationResult?.IdToken).to.be.a('string');

    const replay = await signInFailure(users.send(respond));
    expect(replay).to.deep.equal({ code: 'NotAuthorizedException', message: 'Invalid session for the user.' });
  });

  it('lets an authentication session expire after 3 minutes (Cognito’s default validity)', async function () {
    const clock = sinon.useFakeTimers({ now: Date.now(), toFake: ['Date'] });
    try {
      const { proof } = await srpChallenge(cognito, users, 'ada@example.com');
      clock.tick(3 * 60 * 1000);
      const error = await signInFailure(users.send(await proof(PASSWORD)));
      expect(error).to.deep.equal({ code: 'NotAuthorizedException', message: 'Invalid session for the user, session is expired.' });
    } finally {
      clock.restore();
    }
  });

  it('tells an unconfirmed user so only with the right password', async function () {
    await users.send(new SignUpCommand({ ClientId: cognito.clientId, Username: 'grace@example.com', Password: PASSWORD }));
    expect(await signInFailure(signInWithSrp(cognito, 'grace@example.com', 'not-the-password-at-all'))).to.have.property('code', 'NotAuthorizedException');
    expect(await signInFailure(signInWithSrp(cognito, 'grace@example.com', PASSWORD))).to.deep.equal({
      code: 'UserNotConfirmedException',
      message: 'User is not confirmed.',
    });
  });

  it('tells a disabled user so only with the right password', async function () {
    await users.send(new AdminDisableUserCommand({ UserPoolId: cognito.userPoolId, Username: 'ada@example.com' }));
    try {
      expect(await signInFailure(signInWithSrp(cognito, 'ada@example.com', 'not-the-password-at-all'))).to.deep.equal({
        code: 'NotAuthorizedException',
        message: 'Incorrect username or password.',
      });
      expect(await signInFailure(signInWithSrp(cognito, 'ada@example.com', PASSWORD))).to.deep.equal({
        code: 'NotAuthorizedException',
        message: 'User is disabled.',
      });
    } finally {
      await users.send(new AdminEnableUserCommand({ UserPoolId: cognito.userPoolId, Username: 'ada@example.com' }));
    }
  });
});
