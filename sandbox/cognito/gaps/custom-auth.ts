import { randomBytes } from 'node:crypto';
import {
  InvalidLambdaResponseError,
  InvalidParameterError,
  NotAuthorizedError,
  UnsupportedError,
  UserNotConfirmedException,
} from 'cognito-local/lib/errors';
import type { Route } from 'cognito-local/lib/server/Router';
import type { Services } from 'cognito-local/lib/services';
import type { AppClient } from 'cognito-local/lib/services/appClient';
import type { Context } from 'cognito-local/lib/services/context';
import { attributesToRecord, type User, type UserPoolService } from 'cognito-local/lib/services/userPoolService';
import { flowNotEnabled, incorrectUsernameOrPassword, passwordResetRequired, userDoesNotExist, userIsDisabled } from '../errors';
import { invokeTrigger, type LambdaInvoker, type TriggerFunctions, type TriggerName } from '../lambda';
import { preventsUserExistenceErrors } from './pre-authentication';
import { signInClient } from './sign-in-client';

interface InitiateCustomAuthRequest {
  readonly AuthFlow: 'CUSTOM_AUTH';
  readonly ClientId: string;
  readonly AuthParameters?: { readonly USERNAME?: string; readonly CHALLENGE_NAME?: string; readonly SECRET_HASH?: string };
  readonly ClientMetadata?: Record<string, string>;
}

interface CustomChallengeRequest {
  readonly ChallengeName: 'CUSTOM_CHALLENGE';
  readonly ClientId: string;
  readonly Session?: string;
  readonly ChallengeResponses?: { readonly USERNAME?: string; readonly ANSWER?: string; readonly SECRET_HASH?: string };
  readonly ClientMetadata?: Record<string, string>;
}

/** One element of the `session` the challenge triggers receive, oldest first. */
export interface ChallengeResult {
  readonly challengeName: string;
  readonly challengeResult: boolean;
  /** CreateAuthChallenge's `challengeMetadata`; null when it set none. */
  readonly challengeMetadata: string | null;
}

/** What the pool keeps between two calls of one custom sign-in. */
interface PendingChallenge {
  readonly poolId: string;
  readonly clientId: string;
  /** The pool's username of the user; for an unknown user, the name as typed. */
  readonly username: string;
  readonly userExists: boolean;
  readonly session: readonly ChallengeResult[];
  readonly challengeName: string;
  readonly privateChallengeParameters: Record<string, string>;
  readonly challengeMetadata: string | null;
  readonly expiresAt: number;
}

/**
 * Pending custom challenges, by the opaque Session handed to the client. Cognito issues a session token
 * at each step, valid for the app client's AuthSessionValidity (3 to 15 minutes, 3 by default; the
 * program sets it only for a stack with sign-in by link, and cognito-local ignores it, so the pool tells
 * this gap), and a session answers one challenge only: a replayed one is refused.
 * https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateUserPoolClient.html#CognitoUserPools-CreateUserPoolClient-request-AuthSessionValidity
 */
export class CustomAuthSessions {
  /** Cognito's default AuthSessionValidity, and its bounds. */
  static readonly DEFAULT_VALIDITY_MINUTES = 3;
  static readonly VALIDITY_MS = CustomAuthSessions.DEFAULT_VALIDITY_MINUTES * 60 * 1000;
  private readonly pending = new Map<string, PendingChallenge>();
  private readonly validityMs: number;

  constructor(
    private readonly now: () => number,
    validityMinutes = CustomAuthSessions.DEFAULT_VALIDITY_MINUTES,
  ) {
    if (!Number.isInteger(validityMinutes) || validityMinutes < 3 || validityMinutes > 15) {
      throw new InvalidParameterError('AuthSessionValidity must be from 3 to 15 minutes');
    }
    this.validityMs = validityMinutes * 60 * 1000;
  }

  open(challenge: Omit<PendingChallenge, 'expiresAt'>): string {
    this.forgetExpired();
    const session = randomBytes(192).toString('base64');
    this.pending.set(session, { ...challenge, expiresAt: this.now() + this.validityMs });
    return session;
  }

  /** The challenge of this session, removed (a session is used once): 'expired', or undefined when unknown. */
  take(session: string): PendingChallenge | 'expired' | undefined {
    const challenge = this.pending.get(session);
    this.pending.delete(session);
    if (challenge === undefined) return undefined;
    return challenge.expiresAt <= this.now() ? 'expired' : challenge;
  }

  private forgetExpired(): void {
    const now = this.now();
    for (const [key, challenge] of this.pending) if (challenge.expiresAt <= now) this.pending.delete(key);
  }
}

/** Where one custom sign-in stands: who, through which client, and the challenges answered so far. */
interface SignIn {
  readonly pool: UserPoolService;
  readonly client: AppClient;
  /** The pool's username, or the name as typed for an unknown user. */
  readonly username: string;
  readonly user: User | null;
  readonly session: readonly ChallengeResult[];
  /** RespondToAuthChallenge's ClientMetadata; InitiateAuth's reaches none of these triggers. */
  readonly clientMetadata: Record<string, string> | undefined;
}

const CUSTOM_CHALLENGE = 'CUSTOM_CHALLENGE';

/**
 * The CUSTOM_AUTH flow, which cognito-local 5.3 does not have, as the developer guide describes it
 * (https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-challenge.html):
 *
 * - InitiateAuth (AuthFlow CUSTOM_AUTH, USERNAME) needs a client that allows ALLOW_CUSTOM_AUTH and a
 *   DefineAuthChallenge trigger (InvalidParameterException "Custom auth lambda trigger is not configured
 *   for the user pool." without one). DefineAuthChallenge receives an empty `session`; its answer decides:
 *   `failAuthentication` → NotAuthorizedException "Incorrect username or password."; `issueTokens` →
 *   PostAuthentication, then tokens through cognito-local's token generator (so PreTokenGeneration runs);
 *   `challengeName: CUSTOM_CHALLENGE` → CreateAuthChallenge, whose `publicChallengeParameters` (with
 *   USERNAME added) go to the client with the challenge and a Session, and whose
 *   `privateChallengeParameters` stay with the pool.
 * - RespondToAuthChallenge (CUSTOM_CHALLENGE, USERNAME, ANSWER, Session) passes the answer and the private
 *   parameters to VerifyAuthChallengeResponse, appends `{challengeName, challengeResult: answerCorrect,
 *   challengeMetadata}` to the session and asks DefineAuthChallenge again: tokens, failure or the next
 *   challenge, as many rounds as it asks for (the documentation sets no limit; the session's validity
 *   bounds each round).
 * - An unknown username: with PreventUserExistenceErrors=ENABLED the same path, every trigger told
 *   `userNotFound: true` (no tokens can come of it); otherwise UserNotFoundException "User does not exist."
 *   (https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pool-managing-errors.html).
 * - PreAuthentication does not run for CUSTOM_AUTH (aws-amplify/amplify-js#5318): the challenge triggers
 *   are where a custom sign-in is refused. ClientMetadata reaches the challenge triggers, PostAuthentication
 *   and PreTokenGeneration only from RespondToAuthChallenge
 *   (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_InitiateAuth.html#CognitoUserPools-InitiateAuth-request-ClientMetadata).
 * - A disabled user, one who must reset the password, or an unconfirmed one is refused at InitiateAuth as
 *   in the other flows (aws-amplify/amplify-js#3448, aws-amplify/docs#4290); one with a temporary password
 *   gets NEW_PASSWORD_REQUIRED once DefineAuthChallenge issues tokens (aws-amplify/amplify-flutter#4890),
 *   answered by cognito-local's own RespondToAuthChallenge.
 * A trigger that throws fails the call with UserLambdaValidationException "<Trigger> failed with error
 * <message>.". Custom challenges after SRP (CHALLENGE_NAME SRP_A) are not supported here.
 */
export class CustomAuth {
  private readonly sessions: CustomAuthSessions;

  constructor(
    private readonly services: Services,
    private readonly invoker: LambdaInvoker | undefined,
    private readonly functions: TriggerFunctions,
    /** The app client's AuthSessionValidity (minutes), which cognito-local does not keep. */
    sessionValidityMinutes?: number,
  ) {
    this.sessions = new CustomAuthSessions(() => services.clock.get().getTime(), sessionValidityMinutes);
  }

  readonly initiate: Route = async (ctx: Context, req: InitiateCustomAuthRequest) => {
    const { pool, client } = await signInClient(this.services, ctx, req.ClientId);
    requireCustomAuth(client);
    const typed = req.AuthParameters?.USERNAME;
    if (!typed) throw new InvalidParameterError('Missing required parameter USERNAME');
    this.requireTrigger('DefineAuthChallenge');
    if (req.AuthParameters?.CHALLENGE_NAME !== undefined) {
      throw new UnsupportedError(`CUSTOM_AUTH with CHALLENGE_NAME ${req.AuthParameters.CHALLENGE_NAME} (custom challenges after SRP)`);
    }

    const user = await pool.getUserByUsername(ctx, typed);
    if (user === null && !preventsUserExistenceErrors(client)) throw userDoesNotExist();
    if (user !== null) {
      if (!user.Enabled) throw userIsDisabled();
      if (user.UserStatus === 'RESET_REQUIRED') throw passwordResetRequired();
      if (user.UserStatus === 'UNCONFIRMED') throw new UserNotConfirmedException();
    }
    return this.next(ctx, { pool, client, username: user?.Username ?? typed, user, session: [], clientMetadata: undefined });
  };

  readonly respond: Route = async (ctx: Context, req: CustomChallengeRequest) => {
    const username = req.ChallengeResponses?.USERNAME;
    const answer = req.ChallengeResponses?.ANSWER;
    if (!username) throw new InvalidParameterError('Missing required parameter USERNAME');
    if (answer === undefined) throw new InvalidParameterError('Missing required parameter ANSWER');
    if (!req.Session) throw new InvalidParameterError('Missing required parameter Session');
    const { pool, client } = await signInClient(this.services, ctx, req.ClientId);
    requireCustomAuth(client);

    const pending = this.sessions.take(req.Session);
    if (pending === 'expired') throw new NotAuthorizedError('Invalid session for the user, session is expired.');
    if (pending === undefined || pending.clientId !== client.ClientId || pending.poolId !== pool.options.Id) throw invalidSession();
    const user = pending.userExists ? await pool.getUserByUsername(ctx, username) : null;
    const sameUser = pending.userExists ? user?.Username === pending.username : username.toLowerCase() === pending.username.toLowerCase();
    if (!sameUser) throw invalidSession();

    const signIn: SignIn = { pool, client, username: pending.username, user, session: pending.session, clientMetadata: req.ClientMetadata };
    const verified = (await this.invoke('VerifyAuthChallengeResponse', signIn, {
      privateChallengeParameters: pending.privateChallengeParameters,
      challengeAnswer: answer,
    })) as { answerCorrect?: unknown } | null | undefined;
    const result: ChallengeResult = {
      challengeName: pending.challengeName,
      challengeResult: verified?.answerCorrect === true,
      challengeMetadata: pending.challengeMetadata,
    };
    return this.next(ctx, { ...signIn, session: [...pending.session, result] });
  };

  /** DefineAuthChallenge on the session so far, and what its answer leads to. */
  private async next(ctx: Context, signIn: SignIn): Promise<object> {
    const defined = ((await this.invoke('DefineAuthChallenge', signIn, { session: signIn.session })) ?? {}) as {
      challengeName?: unknown;
      issueTokens?: unknown;
      failAuthentication?: unknown;
    };
    if (defined.failAuthentication === true) throw incorrectUsernameOrPassword();
    if (defined.issueTokens === true) return this.signedIn(ctx, signIn);
    if (defined.challengeName === CUSTOM_CHALLENGE) return this.challenge(signIn);
    if (typeof defined.challengeName === 'string' && defined.challengeName !== '') {
      throw new UnsupportedError(`CUSTOM_AUTH with the challenge ${defined.challengeName} (only CUSTOM_CHALLENGE)`);
    }
    throw new InvalidLambdaResponseError();
  }

  private async challenge(signIn: SignIn): Promise<object> {
    this.requireTrigger('CreateAuthChallenge');
    const created = ((await this.invoke('CreateAuthChallenge', signIn, { challengeName: CUSTOM_CHALLENGE, session: signIn.session })) ?? {}) as {
      publicChallengeParameters?: Record<string, string> | null;
      privateChallengeParameters?: Record<string, string> | null;
      challengeMetadata?: string | null;
    };
    const session = this.sessions.open({
      poolId: signIn.pool.options.Id,
      clientId: signIn.client.ClientId,
      username: signIn.username,
      userExists: signIn.user !== null,
      session: signIn.session,
      challengeName: CUSTOM_CHALLENGE,
      privateChallengeParameters: created.privateChallengeParameters ?? {},
      challengeMetadata: created.challengeMetadata ?? null,
    });
    return {
      ChallengeName: CUSTOM_CHALLENGE,
      ChallengeParameters: { ...(created.publicChallengeParameters ?? {}), USERNAME: signIn.username },
      Session: session,
    };
  }

  /** DefineAuthChallenge issued tokens: for a user who exists, PostAuthentication and then the tokens. */
  private async signedIn(ctx: Context, { pool, client, user, clientMetadata }: SignIn): Promise<object> {
    if (user === null) throw incorrectUsernameOrPassword();
    if (user.UserStatus === 'FORCE_CHANGE_PASSWORD') {
      // cognito-local's RespondToAuthChallenge answers this challenge (and runs PostAuthentication then).
      return {
        ChallengeName: 'NEW_PASSWORD_REQUIRED',
        ChallengeParameters: {
          USER_ID_FOR_SRP: user.Username,
          requiredAttributes: JSON.stringify([]),
          userAttributes: JSON.stringify(attributesToRecord(user.Attributes)),
        },
        Session: randomBytes(192).toString('base64'),
      };
    }
    const { triggers, tokenGenerator } = this.services;
    if (triggers.enabled('PostAuthentication')) {
      await triggers.postAuthentication(ctx, {
        clientId: client.ClientId,
        clientMetadata,
        source: 'PostAuthentication_Authentication',
        userAttributes: user.Attributes,
        username: user.Username,
        userPoolId: pool.options.Id,
      });
    }
    const groups = await pool.listUserGroupMembership(ctx, user);
    const tokens = await tokenGenerator.generate(ctx, user, groups, client, clientMetadata, 'Authentication');
    await pool.storeRefreshToken(ctx, tokens.RefreshToken, user);
    return { ChallengeParameters: {}, AuthenticationResult: tokens };
  }

  private requireTrigger(trigger: TriggerName): void {
    if (this.invoker === undefined || this.functions[trigger] === undefined) {
      throw new InvalidParameterError('Custom auth lambda trigger is not configured for the user pool.');
    }
  }

  /** Invokes one of the three triggers with the event Cognito sends it; returns its `response`. */
  private invoke(trigger: 'DefineAuthChallenge' | 'CreateAuthChallenge' | 'VerifyAuthChallengeResponse', signIn: SignIn, request: Record<string, unknown>) {
    this.requireTrigger(trigger);
    return invokeTrigger(this.invoker!, this.functions, trigger, challengeEvent(trigger, signIn, request));
  }
}

/**
 * The event as Cognito sends it (captured events: version "1", the common fields, `request` with the
 * user's attributes and `cognito:user_status` first, ClientMetadata only when the call carried some,
 * `userNotFound` only under PreventUserExistenceErrors=ENABLED, and `response` with each field null).
 */
function challengeEvent(
  trigger: 'DefineAuthChallenge' | 'CreateAuthChallenge' | 'VerifyAuthChallengeResponse',
  { pool, client, username, user, clientMetadata }: SignIn,
  request: Record<string, unknown>,
): Record<string, unknown> {
  const userPoolId = pool.options.Id;
  const reportsExistence = preventsUserExistenceErrors(client);
  return {
    version: '1',
    triggerSource: `${trigger}_Authentication`,
    // The region is the pool id's prefix (cognito-local's pools are `local_…`).
    region: userPoolId.split('_')[0] ?? '',
    userPoolId,
    userName: username,
    // Cognito names the caller's SDK here; a sandbox cannot know it.
    callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: client.ClientId },
    request: {
      userAttributes: user === null ? {} : { ...attributesToRecord(user.Attributes), 'cognito:user_status': user.UserStatus },
      ...request,
      ...(clientMetadata === undefined ? {} : { clientMetadata }),
      ...(reportsExistence ? { userNotFound: user === null } : {}),
    },
    response: EMPTY_RESPONSES[trigger],
  };
}

const EMPTY_RESPONSES = {
  DefineAuthChallenge: { challengeName: null, issueTokens: null, failAuthentication: null },
  CreateAuthChallenge: { publicChallengeParameters: null, privateChallengeParameters: null, challengeMetadata: null },
  VerifyAuthChallengeResponse: { answerCorrect: null },
} as const;

/**
 * The client must allow custom authentication: ALLOW_CUSTOM_AUTH, or the deprecated CUSTOM_AUTH_FLOW_ONLY.
 * A client without a list keeps it, as Cognito gives such a client SRP, custom and refresh auth (and as
 * explicit-auth-flows.ts leaves it open).
 * https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateUserPoolClient.html#CognitoUserPools-CreateUserPoolClient-request-ExplicitAuthFlows
 */
function requireCustomAuth(client: AppClient): void {
  const flows: readonly string[] = client.ExplicitAuthFlows ?? [];
  if (flows.length === 0 || flows.includes('ALLOW_CUSTOM_AUTH') || flows.includes('CUSTOM_AUTH_FLOW_ONLY')) return;
  throw flowNotEnabled('CUSTOM_AUTH');
}

function invalidSession() {
  return new NotAuthorizedError('Invalid session for the user.');
}
