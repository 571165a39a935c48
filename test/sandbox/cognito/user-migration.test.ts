import {
  AdminGetUserCommand,
  ConfirmForgotPasswordCommand,
  CreateUserPoolClientCommand,
  ForgotPasswordCommand,
  InitiateAuthCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { expect } from 'chai';
import { startCognitoLocal, type CognitoLocalHandle } from '../../../sandbox/cognito/cognito-local';
import { programPool, signInFailure } from './sign-in';

const OLD_PASSWORD = 'the-password-of-the-old-system';
type Event = { triggerSource: string; userName: string; request: Record<string, unknown>; response: Record<string, unknown> };

describe('sandbox cognito: UserMigration as Cognito runs it', function () {
  let cognito: CognitoLocalHandle;
  let users: CognitoIdentityProviderClient;
  let legacyClientId: string;
  /** Every trigger invocation, in order: its trigger source and userName. */
  const seen: { source: string; userName: string }[] = [];
  const migrations: Event[] = [];
  /** What UserMigration answers next: the user to create, nothing (unknown), or an error. */
  let answer: (event: Event) => Record<string, unknown> | undefined;

  before(async function () {
    cognito = await startCognitoLocal({
      pool: programPool({ explicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }),
      triggers: {
        PreAuthentication: async (event) => {
          const e = event as Event;
          seen.push({ source: e.triggerSource, userName: e.userName });
          return event;
        },
        UserMigration: async (event) => {
          const e = event as Event;
          seen.push({ source: e.triggerSource, userName: e.userName });
          migrations.push(e);
          const response = answer(e);
          return response === undefined ? event : { ...e, response: { ...e.response, ...response } };
        },
        PostAuthentication: async (event) => {
          const e = event as Event;
          seen.push({ source: e.triggerSource, userName: e.userName });
          return event;
        },
      },
    });
    users = cognito.client();
    const { UserPoolClient } = await users.send(
      new CreateUserPoolClientCommand({ UserPoolId: cognito.userPoolId, ClientName: 'legacy-errors', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'], PreventUserExistenceErrors: 'LEGACY' }),
    );
    legacyClientId = String(UserPoolClient?.ClientId);
  });
  after(async () => cognito?.stop());
  beforeEach(() => {
    seen.length = 0;
    migrations.length = 0;
    answer = () => undefined;
  });

  const migrated = (email: string, extra: Record<string, string> = {}) => () => ({
    userAttributes: { email, email_verified: 'true', given_name: 'Alice', ...extra },
    finalUserStatus: 'CONFIRMED',
    messageAction: 'SUPPRESS',
  });
  const signIn = (username: string, password: string, clientId = cognito.clientId, metadata?: Record<string, string>) =>
    users.send(new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId, AuthParameters: { USERNAME: username, PASSWORD: password }, ...(metadata ? { ClientMetadata: metadata } : {}) }));

  it('runs PreAuthentication, then UserMigration, both with the typed userName, then PostAuthentication for the new user', async () => {
    answer = migrated('alice@example.com');
    const { AuthenticationResult } = await signIn('Alice@Example.com', OLD_PASSWORD, cognito.clientId, { app: 'web' });
    expect(AuthenticationResult?.AccessToken).to.be.a('string');
    const user = await users.send(new AdminGetUserCommand({ UserPoolId: cognito.userPoolId, Username: 'alice@example.com' }));
    const attributes = Object.fromEntries((user.UserAttributes ?? []).map(({ Name, Value }) => [Name, Value]));
    expect(user.UserStatus).to.equal('CONFIRMED');
    expect(attributes).to.include({ email: 'alice@example.com', email_verified: 'true', given_name: 'Alice', sub: user.Username });
    expect(seen).to.deep.equal([
      { source: 'PreAuthentication_Authentication', userName: 'Alice@Example.com' },
      { source: 'UserMigration_Authentication', userName: 'Alice@Example.com' },
      { source: 'PostAuthentication_Authentication', userName: user.Username },
    ]);
    expect(migrations[0]).to.deep.include({ request: { password: OLD_PASSWORD, validationData: { app: 'web' } } });
    expect(migrations[0]?.response).to.deep.include({ userAttributes: null, finalUserStatus: null });

    // The user exists now: the next sign-in is the pool's own, with the same password.
    seen.length = 0;
    await signIn('alice@example.com', OLD_PASSWORD);
    expect(seen.map((each) => each.source)).to.deep.equal(['PreAuthentication_Authentication', 'PostAuthentication_Authentication']);
  });

  it('answers an empty response as an unknown user: Incorrect username or password, or UserNotFoundException with LEGACY', async () => {
    expect(await signInFailure(signIn('nobody@example.com', 'whatever-it-was'))).to.deep.include({ code: 'NotAuthorizedException', message: 'Incorrect username or password.' });
    expect(await signInFailure(signIn('nobody@example.com', 'whatever-it-was', legacyClientId))).to.deep.include({ code: 'UserNotFoundException', message: 'User does not exist.' });
    const { Users = [] } = await users.send(new (await import('@aws-sdk/client-cognito-identity-provider')).ListUsersCommand({ UserPoolId: cognito.userPoolId }));
    expect(Users.map((user) => user.Attributes?.find((attribute) => attribute.Name === 'email')?.Value)).not.to.include('nobody@example.com');
  });

  it('fails the sign-in with Cognito\'s words when the trigger throws', async () => {
    answer = () => {
      throw new Error('Something went wrong, please try again later');
    };
    expect(await signInFailure(signIn('bob@example.com', OLD_PASSWORD))).to.deep.include({
      code: 'UserLambdaValidationException',
      message: 'UserMigration failed with error Something went wrong, please try again later.',
    });
  });

  it('creates a RESET_REQUIRED user and answers PasswordResetRequiredException', async () => {
    answer = () => ({ ...migrated('carol@example.com')(), finalUserStatus: 'RESET_REQUIRED' });
    expect(await signInFailure(signIn('carol@example.com', OLD_PASSWORD))).to.deep.include({ code: 'PasswordResetRequiredException' });
    const user = await users.send(new AdminGetUserCommand({ UserPoolId: cognito.userPoolId, Username: 'carol@example.com' }));
    expect(user.UserStatus).to.equal('RESET_REQUIRED');
  });

  it('migrates at ForgotPassword, sends the reset code, and the new password signs in', async () => {
    answer = (event) => (event.triggerSource === 'UserMigration_ForgotPassword' ? { userAttributes: { email: 'dave@example.com', email_verified: 'true' }, messageAction: 'SUPPRESS' } : undefined);
    const sent = cognito.deliveries.length;
    const { CodeDeliveryDetails } = await users.send(new ForgotPasswordCommand({ ClientId: cognito.clientId, Username: 'dave@example.com', ClientMetadata: { app: 'web' } }));
    expect(CodeDeliveryDetails?.DeliveryMedium).to.equal('EMAIL');
    expect(migrations).to.have.length(1);
    expect(migrations[0]).to.deep.include({ triggerSource: 'UserMigration_ForgotPassword', userName: 'dave@example.com', request: { clientMetadata: { app: 'web' } } });
    const delivery = cognito.deliveries[sent];
    expect(delivery?.destination).to.equal('dave@example.com');
    await users.send(new ConfirmForgotPasswordCommand({ ClientId: cognito.clientId, Username: 'dave@example.com', ConfirmationCode: String(delivery?.code), Password: 'a-brand-new-long-password' }));
    expect((await signIn('dave@example.com', 'a-brand-new-long-password')).AuthenticationResult?.IdToken).to.be.a('string');
  });

  it('answers ForgotPassword of a user nobody migrates as Cognito does: a simulated delivery, or UserNotFoundException with LEGACY', async () => {
    const sent = cognito.deliveries.length;
    const { CodeDeliveryDetails } = await users.send(new ForgotPasswordCommand({ ClientId: cognito.clientId, Username: 'erin@example.com' }));
    expect(CodeDeliveryDetails).to.deep.equal({ AttributeName: 'email', DeliveryMedium: 'EMAIL', Destination: 'e***@e***' });
    expect(cognito.deliveries.length).to.equal(sent);
    expect(await signInFailure(users.send(new ForgotPasswordCommand({ ClientId: legacyClientId, Username: 'erin@example.com' })))).to.deep.include({ code: 'UserNotFoundException' });
  });
});
