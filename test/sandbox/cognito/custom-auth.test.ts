import {
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  CreateUserPoolClientCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  SignUpCommand,
  type CognitoIdentityProviderClient,
  type InitiateAuthCommandOutput,
} from '@aws-sdk/client-cognito-identity-provider';
import { expect } from 'chai';
import { randomInt } from 'node:crypto';
import { startCognitoLocal, type CognitoLocalHandle, type TriggerName } from '../../../sandbox/cognito/cognito-local';
import { confirmedUser, PASSWORD, programPool, signInFailure } from './sign-in';

interface ChallengeEvent {
  readonly userName: string;
  readonly triggerSource: string;
  readonly request: {
    readonly userAttributes: Record<string, string>;
    readonly session?: { challengeName: string; challengeResult: boolean; challengeMetadata: string | null }[];
    readonly privateChallengeParameters?: Record<string, string>;
    readonly challengeAnswer?: string;
    readonly userNotFound?: boolean;
  };
  response: Record<string, unknown>;
}

/** How many wrong codes the magic-code triggers below accept before they end the sign-in. */
const MAX_ANSWERS = 3;
const FLOWS = ['ALLOW_CUSTOM_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'];

describe('sandbox cognito: CUSTOM_AUTH and its challenge triggers', function () {
  let cognito: CognitoLocalHandle;
  let users: CognitoIdentityProviderClient;
  let sub: string;
  let offsetMs = 0;
  const seen = new Map<TriggerName, ChallengeEvent[]>();
  /** The codes CreateAuthChallenge made, newest last (as if mailed in a link). */
  const codes: string[] = [];
  /** A trigger to fail, with the message it throws. */
  let failing: { trigger: TriggerName; message: string } | undefined;

  const record = (trigger: TriggerName, run: (event: ChallengeEvent) => void) => async (raw: unknown) => {
    const event = raw as ChallengeEvent;
    seen.set(trigger, [...(seen.get(trigger) ?? []), JSON.parse(JSON.stringify(event)) as ChallengeEvent]);
    if (failing?.trigger === trigger) throw new Error(failing.message);
    run(event);
    return event;
  };
  const events = (trigger: TriggerName) => seen.get(trigger) ?? [];

  before(async function () {
    cognito = await startCognitoLocal({
      pool: programPool({ explicitAuthFlows: FLOWS }),
      clock: { get: () => new Date(Date.now() + offsetMs) },
      triggers: {
        // A magic-code sign-in: one code per round, up to MAX_ANSWERS answers.
        DefineAuthChallenge: record('DefineAuthChallenge', ({ request: { session = [] }, response }) => {
          const last = session.at(-1);
          if (last?.challengeName === 'CUSTOM_CHALLENGE' && last.challengeResult) response['issueTokens'] = true;
          else if (session.length >= MAX_ANSWERS) response['failAuthentication'] = true;
          else response['challengeName'] = 'CUSTOM_CHALLENGE';
        }),
        CreateAuthChallenge: record('CreateAuthChallenge', ({ request: { userAttributes, session = [] }, response }) => {
          const code = String(randomInt(100000, 1000000));
          codes.push(code);
          response['publicChallengeParameters'] = { email: userAttributes['email'] ?? '', attempt: String(session.length + 1) };
          response['privateChallengeParameters'] = { code };
          response['challengeMetadata'] = 'MAGIC_CODE';
        }),
        VerifyAuthChallengeResponse: record('VerifyAuthChallengeResponse', ({ request, response }) => {
          response['answerCorrect'] = request.challengeAnswer === request.privateChallengeParameters?.['code'];
        }),
        PreAuthentication: record('PreAuthentication', () => undefined),
        PostAuthentication: record('PostAuthentication', () => undefined),
        PreTokenGeneration: record('PreTokenGeneration', () => undefined),
      },
    });
    users = cognito.client();
    sub = await confirmedUser(cognito, 'ada@example.com');
  });

  after(async function () {
    await cognito?.stop();
  });

  beforeEach(function () {
    seen.clear();
    codes.length = 0;
    failing = undefined;
    offsetMs = 0;
  });

  const otherClient = async (settings: { ExplicitAuthFlows?: string[]; PreventUserExistenceErrors: 'ENABLED' | 'LEGACY' }) => {
    const { UserPoolClient } = await users.send(
      new CreateUserPoolClientCommand({ UserPoolId: cognito.userPoolId, ClientName: 'other', ...settings } as ConstructorParameters<typeof CreateUserPoolClientCommand>[0]),
    );
    return String(UserPoolClient?.ClientId);
  };
  const initiate = (username: string, clientId = cognito.clientId, clientMetadata?: Record<string, string>) =>
    users.send(new InitiateAuthCommand({ AuthFlow: 'CUSTOM_AUTH', ClientId: clientId, AuthParameters: { USERNAME: username }, ClientMetadata: clientMetadata }));
  const answer = (challenge: Pick<InitiateAuthCommandOutput, 'Session' | 'ChallengeParameters'>, code: string, clientMetadata?: Record<string, string>) =>
    users.send(
      new RespondToAuthChallengeCommand({
        ClientId: cognito.clientId,
        ChallengeName: 'CUSTOM_CHALLENGE',
        Session: challenge.Session,
        ChallengeResponses: { USERNAME: challenge.ChallengeParameters?.['USERNAME'] ?? '', ANSWER: code },
        ClientMetadata: clientMetadata,
      }),
    );
  const claims = (token: string | undefined) => JSON.parse(Buffer.from(String(token).split('.')[1] ?? '', 'base64url').toString()) as Record<string, unknown>;
  const attributes = () => ({ sub, email: 'ada@example.com', email_verified: 'true', 'cognito:user_status': 'CONFIRMED' });

  it('signs a user in with a code: define → create (the secret kept by the pool) → verify → define → tokens naming the user', async function () {
    const challenge = await initiate('ada@example.com', cognito.clientId, { ignored: 'by these triggers' });

    expect(challenge.ChallengeName).to.equal('CUSTOM_CHALLENGE');
    expect(challenge.ChallengeParameters).to.deep.equal({ email: 'ada@example.com', attempt: '1', USERNAME: sub });
    expect(challenge.Session).to.be.a('string').with.length.above(100);
    expect(JSON.stringify(challenge)).to.not.include(codes[0]);
    expect(events('DefineAuthChallenge')[0]).to.deep.equal({
      version: '1',
      triggerSource: 'DefineAuthChallenge_Authentication',
      region: 'local',
      userPoolId: cognito.userPoolId,
      userName: sub,
      callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: cognito.clientId },
      request: { userAttributes: attributes(), session: [], userNotFound: false },
      response: { challengeName: null, issueTokens: null, failAuthentication: null },
    });
    expect(events('CreateAuthChallenge')[0]).to.deep.include({
      triggerSource: 'CreateAuthChallenge_Authentication',
      request: { userAttributes: attributes(), challengeName: 'CUSTOM_CHALLENGE', session: [], userNotFound: false },
      response: { publicChallengeParameters: null, privateChallengeParameters: null, challengeMetadata: null },
    });

    const { AuthenticationResult, ChallengeName } = await answer(challenge, codes[0] ?? '', { via: 'link' });

    expect(ChallengeName).to.equal(undefined);
    expect(claims(AuthenticationResult?.IdToken)).to.deep.include({ sub, email: 'ada@example.com', 'cognito:username': sub, token_use: 'id', aud: cognito.clientId });
    expect(claims(AuthenticationResult?.AccessToken)).to.deep.include({ sub, username: sub, token_use: 'access', client_id: cognito.clientId });
    expect(events('VerifyAuthChallengeResponse')[0]).to.deep.include({
      triggerSource: 'VerifyAuthChallengeResponse_Authentication',
      userName: sub,
      request: {
        userAttributes: attributes(),
        privateChallengeParameters: { code: codes[0] },
        challengeAnswer: codes[0],
        clientMetadata: { via: 'link' },
        userNotFound: false,
      },
      response: { answerCorrect: null },
    });
    expect(events('DefineAuthChallenge')[1]?.request).to.deep.equal({
      userAttributes: attributes(),
      session: [{ challengeName: 'CUSTOM_CHALLENGE', challengeResult: true, challengeMetadata: 'MAGIC_CODE' }],
      clientMetadata: { via: 'link' },
      userNotFound: false,
    });

    const refreshed = await users.send(
      new InitiateAuthCommand({ AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: cognito.clientId, AuthParameters: { REFRESH_TOKEN: AuthenticationResult?.RefreshToken ?? '' } }),
    );
    expect(claims(refreshed.AuthenticationResult?.IdToken)).to.deep.include({ sub });
  });

  it('runs PostAuthentication (with RespondToAuthChallenge’s ClientMetadata) and PreTokenGeneration, never PreAuthentication', async function () {
    const challenge = await initiate('ada@example.com');
    await answer(challenge, codes[0] ?? '', { via: 'link' });

    expect(events('PreAuthentication')).to.have.length(0);
    expect(events('PostAuthentication')).to.have.length(1);
    expect(events('PostAuthentication')[0]).to.deep.include({ triggerSource: 'PostAuthentication_Authentication', userName: sub });
    expect(events('PostAuthentication')[0]?.request).to.deep.include({ clientMetadata: { via: 'link' } });
    expect(events('PreTokenGeneration')).to.have.length(1);
  });

  it('takes a wrong code, then the right one, within the rounds the triggers allow; a used session is refused', async function () {
    const first = await initiate('ada@example.com');
    const second = await answer(first, 'not-the-code');

    expect(second.ChallengeName).to.equal('CUSTOM_CHALLENGE');
    expect(second.ChallengeParameters).to.deep.include({ attempt: '2', USERNAME: sub });
    expect(second.Session).to.be.a('string').and.not.equal(first.Session);
    expect(events('DefineAuthChallenge')[1]?.request.session).to.deep.equal([{ challengeName: 'CUSTOM_CHALLENGE', challengeResult: false, challengeMetadata: 'MAGIC_CODE' }]);
    expect(events('CreateAuthChallenge')[1]?.request.session).to.have.length(1);
    expect(await signInFailure(answer(first, codes[0] ?? ''))).to.deep.equal({ code: 'NotAuthorizedException', message: 'Invalid session for the user.' });

    const { AuthenticationResult } = await answer(second, codes[1] ?? '');
    expect(claims(AuthenticationResult?.IdToken)).to.deep.include({ sub });
    expect(events('DefineAuthChallenge').at(-1)?.request.session?.map((each) => each.challengeResult)).to.deep.equal([false, true]);
  });

  it('ends the sign-in as a wrong password when DefineAuthChallenge fails it after the last wrong code', async function () {
    let challenge: Pick<InitiateAuthCommandOutput, 'Session' | 'ChallengeParameters'> = await initiate('ada@example.com');
    for (let round = 1; round < MAX_ANSWERS; round += 1) challenge = await answer(challenge, 'wrong');

    expect(await signInFailure(answer(challenge, 'wrong'))).to.deep.equal({ code: 'NotAuthorizedException', message: 'Incorrect username or password.' });
    expect(events('DefineAuthChallenge').at(-1)?.request.session?.map((each) => each.challengeResult)).to.deep.equal([false, false, false]);
    expect(events('PostAuthentication')).to.have.length(0);
  });

  it('takes an unknown username down the same path with userNotFound: true, and never signs it in', async function () {
    const challenge = await initiate('Nobody@Example.com');

    expect(challenge.ChallengeName).to.equal('CUSTOM_CHALLENGE');
    expect(challenge.ChallengeParameters).to.deep.equal({ email: '', attempt: '1', USERNAME: 'Nobody@Example.com' });
    expect(events('DefineAuthChallenge')[0]).to.deep.include({ userName: 'Nobody@Example.com' });
    expect(events('DefineAuthChallenge')[0]?.request).to.deep.equal({ userAttributes: {}, session: [], userNotFound: true });
    expect(events('CreateAuthChallenge')[0]?.request).to.deep.include({ userNotFound: true });

    // Even an answer the triggers accept gives no tokens for a user who does not exist.
    expect(await signInFailure(answer(challenge, codes[0] ?? ''))).to.deep.equal({ code: 'NotAuthorizedException', message: 'Incorrect username or password.' });
    expect(events('VerifyAuthChallengeResponse')[0]?.request).to.deep.include({ userAttributes: {}, userNotFound: true });
    expect(events('DefineAuthChallenge')[1]?.request).to.deep.include({ userNotFound: true });
    expect(events('PostAuthentication')).to.have.length(0);
  });

  it('tells a client with LEGACY existence errors that the user does not exist, before any trigger', async function () {
    const legacy = await otherClient({ ExplicitAuthFlows: FLOWS, PreventUserExistenceErrors: 'LEGACY' });

    expect(await signInFailure(initiate('nobody@example.com', legacy))).to.deep.equal({ code: 'UserNotFoundException', message: 'User does not exist.' });
    expect(events('DefineAuthChallenge')).to.have.length(0);

    await initiate('ada@example.com', legacy);
    expect(events('DefineAuthChallenge')[0]?.request).to.not.have.property('userNotFound');
  });

  it('refuses CUSTOM_AUTH on a client that does not allow it, before any trigger', async function () {
    const srpOnly = await otherClient({ ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'], PreventUserExistenceErrors: 'ENABLED' });

    expect(await signInFailure(initiate('ada@example.com', srpOnly))).to.deep.equal({ code: 'InvalidParameterException', message: 'CUSTOM_AUTH flow not enabled for this client' });
    expect(seen.size).to.equal(0);
  });

  it('refuses an unknown session, one answered for another user, and one older than 3 minutes', async function () {
    const challenge = await initiate('ada@example.com');
    const bogus = { Session: 'not-a-session', ChallengeParameters: challenge.ChallengeParameters };
    expect(await signInFailure(answer(bogus, codes[0] ?? ''))).to.deep.equal({ code: 'NotAuthorizedException', message: 'Invalid session for the user.' });

    const bob = await confirmedUser(cognito, 'bob@example.com');
    const stolen = { Session: challenge.Session, ChallengeParameters: { USERNAME: bob } };
    expect(await signInFailure(answer(stolen, codes[0] ?? ''))).to.deep.equal({ code: 'NotAuthorizedException', message: 'Invalid session for the user.' });

    const late = await initiate('ada@example.com');
    offsetMs = 3 * 60 * 1000 + 1000;
    expect(await signInFailure(answer(late, codes.at(-1) ?? ''))).to.deep.equal({
      code: 'NotAuthorizedException',
      message: 'Invalid session for the user, session is expired.',
    });

    offsetMs = 0;
    const inTime = await initiate('ada@example.com');
    offsetMs = 3 * 60 * 1000 - 1000;
    const { AuthenticationResult } = await answer(inTime, codes.at(-1) ?? '');
    expect(AuthenticationResult?.IdToken).to.be.a('string');
  });

  for (const trigger of ['DefineAuthChallenge', 'CreateAuthChallenge', 'VerifyAuthChallengeResponse'] as const) {
    it(`reports an error of ${trigger} in Cognito’s words`, async function () {
      failing = { trigger, message: 'Sign-in links are paused' };
      const attempt = trigger === 'VerifyAuthChallengeResponse' ? initiate('ada@example.com').then((challenge) => answer(challenge, codes[0] ?? '')) : initiate('ada@example.com');

      expect(await signInFailure(attempt)).to.deep.equal({ code: 'UserLambdaValidationException', message: `${trigger} failed with error Sign-in links are paused.` });
      expect(events('PostAuthentication')).to.have.length(0);
    });
  }

  it('refuses a user who has not confirmed the sign-up, and a disabled one, before any trigger', async function () {
    await users.send(
      new SignUpCommand({ ClientId: cognito.clientId, Username: 'eve@example.com', Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'eve@example.com' }] }),
    );
    expect(await signInFailure(initiate('eve@example.com'))).to.deep.include({ code: 'UserNotConfirmedException' });

    await confirmedUser(cognito, 'mallory@example.com');
    await users.send(new AdminDisableUserCommand({ UserPoolId: cognito.userPoolId, Username: 'mallory@example.com' }));
    expect(await signInFailure(initiate('mallory@example.com'))).to.deep.equal({ code: 'NotAuthorizedException', message: 'User is disabled.' });
    expect(events('DefineAuthChallenge')).to.have.length(0);
  });

  it('asks a user with a temporary password for a new one once the challenges are passed', async function () {
    await users.send(
      new AdminCreateUserCommand({
        UserPoolId: cognito.userPoolId,
        Username: 'grace@example.com',
        TemporaryPassword: 'temporary-password-1234',
        MessageAction: 'SUPPRESS',
        UserAttributes: [{ Name: 'email', Value: 'grace@example.com' }],
      }),
    );
    const challenge = await initiate('grace@example.com');
    expect(events('DefineAuthChallenge')[0]?.request.userAttributes).to.deep.include({ 'cognito:user_status': 'FORCE_CHANGE_PASSWORD' });

    const next = await answer(challenge, codes[0] ?? '');
    expect(next.ChallengeName).to.equal('NEW_PASSWORD_REQUIRED');

    const { AuthenticationResult } = await users.send(
      new RespondToAuthChallengeCommand({
        ClientId: cognito.clientId,
        ChallengeName: 'NEW_PASSWORD_REQUIRED',
        Session: next.Session,
        ChallengeResponses: { USERNAME: next.ChallengeParameters?.['USER_ID_FOR_SRP'] ?? '', NEW_PASSWORD: 'a-brand-new-password-5678' },
      }),
    );
    expect(claims(AuthenticationResult?.IdToken)).to.deep.include({ email: 'grace@example.com' });
  });
});

describe('sandbox cognito: CUSTOM_AUTH without its triggers', function () {
  let cognito: CognitoLocalHandle;

  before(async function () {
    cognito = await startCognitoLocal({ pool: programPool({ explicitAuthFlows: FLOWS }) });
    await confirmedUser(cognito, 'ada@example.com');
  });

  after(async function () {
    await cognito?.stop();
  });

  it('answers as Cognito does when the pool has no DefineAuthChallenge trigger', async function () {
    const attempt = cognito.client().send(new InitiateAuthCommand({ AuthFlow: 'CUSTOM_AUTH', ClientId: cognito.clientId, AuthParameters: { USERNAME: 'ada@example.com' } }));

    expect(await signInFailure(attempt)).to.deep.equal({ code: 'InvalidParameterException', message: 'Custom auth lambda trigger is not configured for the user pool.' });
  });
});

describe('sandbox cognito: CUSTOM_AUTH sessions as long as the app client\'s AuthSessionValidity', function () {
  let cognito: CognitoLocalHandle;
  let offsetMs = 0;

  before(async function () {
    // A one-round sign-in whose answer is always right: only the session's age decides.
    cognito = await startCognitoLocal({
      pool: { ...programPool({ explicitAuthFlows: FLOWS }), appClient: { ...programPool({ explicitAuthFlows: FLOWS }).appClient, authSessionValidity: 10 } },
      clock: { get: () => new Date(Date.now() + offsetMs) },
      triggers: {
        DefineAuthChallenge: async (raw) => {
          const event = raw as { request: { session: { challengeResult: boolean }[] }; response: Record<string, unknown> };
          if (event.request.session.at(-1)?.challengeResult) event.response['issueTokens'] = true;
          else event.response['challengeName'] = 'CUSTOM_CHALLENGE';
          return event;
        },
        CreateAuthChallenge: async (raw) => raw,
        VerifyAuthChallengeResponse: async (raw) => {
          (raw as { response: Record<string, unknown> }).response['answerCorrect'] = true;
          return raw;
        },
      },
    });
    await confirmedUser(cognito, 'ada@example.com');
  });

  after(async function () {
    await cognito?.stop();
  });

  const respondAfter = async (minutes: number) => {
    offsetMs = 0;
    const users = cognito.client();
    const challenge = await users.send(new InitiateAuthCommand({ AuthFlow: 'CUSTOM_AUTH', ClientId: cognito.clientId, AuthParameters: { USERNAME: 'ada@example.com' } }));
    offsetMs = minutes * 60 * 1000;
    return users.send(
      new RespondToAuthChallengeCommand({
        ClientId: cognito.clientId,
        ChallengeName: 'CUSTOM_CHALLENGE',
        Session: challenge.Session,
        ChallengeResponses: { USERNAME: challenge.ChallengeParameters?.['USERNAME'] ?? '', ANSWER: 'x' },
      }),
    );
  };

  it('keeps a session the client\'s 10 minutes, not Cognito\'s default 3', async function () {
    expect((await respondAfter(9.9)).AuthenticationResult?.IdToken).to.be.a('string');
    expect(await signInFailure(respondAfter(10))).to.deep.equal({ code: 'NotAuthorizedException', message: 'Invalid session for the user, session is expired.' });
  });
});
