import {
  AdminConfirmSignUpCommand,
  AdminGetUserCommand,
  AdminResetUserPasswordCommand,
  ConfirmForgotPasswordCommand,
  CreateUserPoolClientCommand,
  InitiateAuthCommand,
  SignUpCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { expect } from 'chai';
import { startCognitoLocal, type CodeDelivery, type CognitoLocalHandle } from '../../../sandbox/cognito/cognito-local';
import { confirmedUser, PASSWORD, programPool, signInFailure, signInWithSrp } from './sign-in';

const NEW_PASSWORD = 'another-horse-battery-staple';

describe('sandbox cognito: AdminResetUserPassword', function () {
  let cognito: CognitoLocalHandle;
  let admin: CognitoIdentityProviderClient;
  const customMessages: Record<string, unknown>[] = [];
  const postConfirmations: Record<string, unknown>[] = [];
  const told: CodeDelivery[] = [];

  before(async function () {
    cognito = await startCognitoLocal({
      pool: programPool(),
      onDelivery: (delivery) => void told.push(delivery),
      triggers: {
        CustomMessage: async (event) => {
          const record = event as Record<string, unknown> & { request: { codeParameter: string }; response: Record<string, unknown> };
          customMessages.push(record);
          return { ...record, response: { emailSubject: 'Reset your password', emailMessage: `Your code: ${record.request.codeParameter}` } };
        },
        PostConfirmation: async (event) => {
          postConfirmations.push(event as Record<string, unknown>);
          return event;
        },
      },
    });
    admin = cognito.client();
  });

  after(async function () {
    await cognito?.stop();
  });

  beforeEach(function () {
    customMessages.length = 0;
    postConfirmations.length = 0;
  });

  const status = async (username: string) =>
    (await admin.send(new AdminGetUserCommand({ UserPoolId: cognito.userPoolId, Username: username }))).UserStatus;

  it('sets RESET_REQUIRED and sends a code to the verified address, through CustomMessage with the call’s ClientMetadata', async function () {
    const sub = await confirmedUser(cognito, 'ada@example.com');
    const sent = cognito.deliveries.length;
    customMessages.length = 0;

    await admin.send(
      new AdminResetUserPasswordCommand({ UserPoolId: cognito.userPoolId, Username: 'ada@example.com', ClientMetadata: { reason: 'lockout' } }),
    );

    expect(await status('ada@example.com')).to.equal('RESET_REQUIRED');
    const deliveries = cognito.deliveries.slice(sent);
    expect(deliveries).to.have.length(1);
    const [delivery] = deliveries;
    expect(delivery).to.deep.include({ username: sub, medium: 'EMAIL', destination: 'ada@example.com', subject: 'Reset your password' });
    expect(delivery?.code).to.match(/^\d{6}$/);
    expect(delivery?.message).to.equal(`Your code: ${delivery?.code}`);
    expect(told.at(-1)).to.deep.equal(delivery);
    expect(customMessages).to.have.length(1);
    expect(customMessages[0]).to.deep.include({ triggerSource: 'CustomMessage_ForgotPassword', userName: sub });
    expect(customMessages[0]?.['request']).to.deep.include({ clientMetadata: { reason: 'lockout' } });
  });

  it('refuses the old password with PasswordResetRequiredException (a wrong one as any wrong one); the code sets a new one that signs in', async function () {
    await confirmedUser(cognito, 'grace@example.com');
    await admin.send(new AdminResetUserPasswordCommand({ UserPoolId: cognito.userPoolId, Username: 'grace@example.com' }));
    const code = cognito.deliveries.filter((each) => each.destination === 'grace@example.com').at(-1)?.code;

    expect(await signInFailure(signInWithSrp(cognito, 'grace@example.com', PASSWORD))).to.deep.equal({
      code: 'PasswordResetRequiredException',
      message: 'Password reset required for the user',
    });
    expect(await signInFailure(signInWithSrp(cognito, 'grace@example.com', 'not-the-password-at-all'))).to.deep.equal({
      code: 'NotAuthorizedException',
      message: 'Incorrect username or password.',
    });

    await admin.send(new ConfirmForgotPasswordCommand({ ClientId: cognito.clientId, Username: 'grace@example.com', ConfirmationCode: code, Password: NEW_PASSWORD }));

    expect(await status('grace@example.com')).to.equal('CONFIRMED');
    expect(postConfirmations.map((event) => event['triggerSource'])).to.deep.equal(['PostConfirmation_ConfirmSignUp', 'PostConfirmation_ConfirmForgotPassword']);
    const session = await signInWithSrp(cognito, 'grace@example.com', NEW_PASSWORD);
    expect(session.getIdToken().decodePayload()).to.have.property('email', 'grace@example.com');
    expect(await signInFailure(signInWithSrp(cognito, 'grace@example.com', PASSWORD))).to.have.property('code', 'NotAuthorizedException');
  });

  it('answers USER_PASSWORD_AUTH with PasswordResetRequiredException too, for the right password only', async function () {
    await confirmedUser(cognito, 'alan@example.com');
    await admin.send(new AdminResetUserPasswordCommand({ UserPoolId: cognito.userPoolId, Username: 'alan@example.com' }));
    const { UserPoolClient } = await admin.send(
      new CreateUserPoolClientCommand({ UserPoolId: cognito.userPoolId, ClientName: 'password', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'], PreventUserExistenceErrors: 'ENABLED' }),
    );
    const signIn = (password: string) =>
      admin.send(new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: UserPoolClient?.ClientId, AuthParameters: { USERNAME: 'alan@example.com', PASSWORD: password } }));

    expect(await signInFailure(signIn(PASSWORD))).to.deep.equal({ code: 'PasswordResetRequiredException', message: 'Password reset required for the user' });
    expect(await signInFailure(signIn('not-the-password-at-all'))).to.have.property('code', 'NotAuthorizedException');
  });

  it('keeps the reset required after a wrong code', async function () {
    await confirmedUser(cognito, 'edsger@example.com');
    await admin.send(new AdminResetUserPasswordCommand({ UserPoolId: cognito.userPoolId, Username: 'edsger@example.com' }));
    const code = String(cognito.deliveries.filter((each) => each.destination === 'edsger@example.com').at(-1)?.code);
    const wrong = code === '000000' ? '111111' : '000000';

    const failure = await signInFailure(
      admin.send(new ConfirmForgotPasswordCommand({ ClientId: cognito.clientId, Username: 'edsger@example.com', ConfirmationCode: wrong, Password: NEW_PASSWORD })),
    );

    expect(failure).to.have.property('code', 'CodeMismatchException');
    expect(await status('edsger@example.com')).to.equal('RESET_REQUIRED');
  });

  it('says an unknown user does not exist', async function () {
    const failure = await signInFailure(admin.send(new AdminResetUserPasswordCommand({ UserPoolId: cognito.userPoolId, Username: 'nobody@example.com' })));
    expect(failure).to.deep.equal({ code: 'UserNotFoundException', message: 'User does not exist.' });
  });

  it('refuses a user without a verified address, sending nothing and changing nothing', async function () {
    // Confirmed by an administrator: the address was never verified.
    await admin.send(new SignUpCommand({ ClientId: cognito.clientId, Username: 'barbara@example.com', Password: PASSWORD }));
    await admin.send(new AdminConfirmSignUpCommand({ UserPoolId: cognito.userPoolId, Username: 'barbara@example.com' }));
    const sent = cognito.deliveries.length;

    const failure = await signInFailure(admin.send(new AdminResetUserPasswordCommand({ UserPoolId: cognito.userPoolId, Username: 'barbara@example.com' })));

    expect(failure).to.deep.equal({
      code: 'InvalidParameterException',
      message: 'Cannot reset password for the user as there is no registered/verified email or phone_number',
    });
    expect(cognito.deliveries.length).to.equal(sent);
    expect(await status('barbara@example.com')).to.equal('CONFIRMED');
  });
});
