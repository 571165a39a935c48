import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { InvalidParameterError, NotAuthorizedError, UserNotConfirmedException } from 'cognito-local/lib/errors';
import type { Route } from 'cognito-local/lib/server/Router';
import type { Services } from 'cognito-local/lib/services';
import type { Context } from 'cognito-local/lib/services/context';
import { incorrectUsernameOrPassword, passwordResetRequired, userDoesNotExist, userIsDisabled } from '../errors';
import { acceptableA, parseHex, passwordAuthenticationKey, passwordClaimSignature, serverEphemeral, verifier } from '../srp';
import { SrpSessions } from '../srp-sessions';
import { requireAuthFlow } from './explicit-auth-flows';
import { preventsUserExistenceErrors, type PreAuthentication } from './pre-authentication';
import { signInClient } from './sign-in-client';

interface InitiateSrpRequest {
  readonly AuthFlow: 'USER_SRP_AUTH';
  readonly ClientId: string;
  readonly AuthParameters?: { readonly USERNAME?: string; readonly SRP_A?: string };
  readonly ClientMetadata?: Record<string, string>;
}

interface PasswordVerifierRequest {
  readonly ChallengeName: 'PASSWORD_VERIFIER';
  readonly ClientId: string;
  readonly ChallengeResponses?: {
    readonly USERNAME?: string;
    readonly PASSWORD_CLAIM_SECRET_BLOCK?: string;
    readonly PASSWORD_CLAIM_SIGNATURE?: string;
    readonly TIMESTAMP?: string;
  };
  readonly ClientMetadata?: Record<string, string>;
}

/**
 * USER_SRP_AUTH, which cognito-local refuses as unsupported: InitiateAuth answers the PASSWORD_VERIFIER
 * challenge (SALT, SRP_B, SECRET_BLOCK, USER_ID_FOR_SRP, USERNAME) and RespondToAuthChallenge checks
 * PASSWORD_CLAIM_SIGNATURE over PASSWORD_CLAIM_SECRET_BLOCK and TIMESTAMP, then signs the user in as
 * cognito-local's USER_PASSWORD_AUTH does. cognito-local keeps passwords in clear, so the verifier is
 * computed from the password at each sign-in, with a salt fixed per user.
 * https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_InitiateAuth.html
 * https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_RespondToAuthChallenge.html
 */
export class UserSrpAuth {
  private readonly sessions: SrpSessions;

  constructor(
    private readonly services: Services,
    private readonly preAuthentication: PreAuthentication,
    /** cognito-local's InitiateAuth: it answers NEW_PASSWORD_REQUIRED and MFA challenges once the password is proven. */
    private readonly initiateAuth: Route,
  ) {
    this.sessions = new SrpSessions(() => services.clock.get().getTime());
  }

  /**
   * PreAuthentication runs here, at the first call, before any proof. For an unknown user, with
   * PreventUserExistenceErrors=ENABLED, Cognito answers a simulated challenge "as described in RFC 5054",
   * with the same salt and a UUID user id for the same username and pool, and fails the proof that
   * follows; with LEGACY it says the user does not exist.
   * https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pool-managing-errors.html
   */
  readonly initiate: Route = async (ctx: Context, req: InitiateSrpRequest) => {
    const { pool, client } = await signInClient(this.services, ctx, req.ClientId);
    requireAuthFlow(client, 'USER_SRP_AUTH');
    const username = req.AuthParameters?.USERNAME;
    const A = parseHex(req.AuthParameters?.SRP_A ?? '');
    if (!username || A === undefined) throw new InvalidParameterError('Missing required parameter USERNAME or SRP_A');
    if (!acceptableA(A)) throw new InvalidParameterError('Invalid SRP_A');

    const user = await pool.getUserByUsername(ctx, username);
    await this.preAuthentication.run({ pool, client, username, user, clientMetadata: req.ClientMetadata });
    if (user === null && !preventsUserExistenceErrors(client)) throw userDoesNotExist();

    const poolId = pool.options.Id;
    const userIdForSrp = user?.Username ?? simulatedUserId(poolId, username);
    const salt = saltFor(poolId, userIdForSrp);
    // RFC 5054 section 2.5.1.3: for an unknown user, a verifier no password matches.
    const v = user === null ? BigInt(`0x${randomBytes(384).toString('hex')}`) : verifier(poolName(poolId), userIdForSrp, user.Password, salt);
    const ephemeral = serverEphemeral(v);
    const secretBlock = this.sessions.open({ poolId, clientId: client.ClientId, userIdForSrp, userExists: user !== null, A, v, ephemeral });
    return {
      ChallengeName: 'PASSWORD_VERIFIER',
      ChallengeParameters: {
        SALT: salt,
        SRP_B: ephemeral.B.toString(16),
        SECRET_BLOCK: secretBlock,
        USER_ID_FOR_SRP: userIdForSrp,
        USERNAME: userIdForSrp,
      },
    };
  };

  /**
   * The proof. A wrong one, an unknown user's, or a session that is not this client's gets
   * NotAuthorizedException "Incorrect username or password."; only a right one learns that the user is
   * disabled, must reset the password or is unconfirmed. PostAuthentication and PreTokenGeneration receive
   * this call's ClientMetadata, as Cognito passes RespondToAuthChallenge's to them.
   * https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-post-authentication.html
   */
  readonly respond: Route = async (ctx: Context, req: PasswordVerifierRequest) => {
    const responses = req.ChallengeResponses ?? {};
    const { USERNAME: username, PASSWORD_CLAIM_SECRET_BLOCK: secretBlock, PASSWORD_CLAIM_SIGNATURE: signature, TIMESTAMP: timestamp } = responses;
    if (!username || !secretBlock || !signature || !timestamp) {
      throw new InvalidParameterError('Missing required parameter USERNAME, PASSWORD_CLAIM_SECRET_BLOCK, PASSWORD_CLAIM_SIGNATURE or TIMESTAMP');
    }
    const { pool, client } = await signInClient(this.services, ctx, req.ClientId);
    const session = this.sessions.take(secretBlock);
    if (session === 'expired') throw new NotAuthorizedError('Invalid session for the user, session is expired.');
    if (session === undefined || session.clientId !== client.ClientId || session.poolId !== pool.options.Id) {
      throw new NotAuthorizedError('Invalid session for the user.');
    }
    if (!session.userExists) throw incorrectUsernameOrPassword();

    const user = await pool.getUserByUsername(ctx, username);
    if (user === null || user.Username !== session.userIdForSrp) throw incorrectUsernameOrPassword();
    const key = passwordAuthenticationKey(session.A, session.v, session.ephemeral);
    const expected = key && passwordClaimSignature(key, poolName(session.poolId), session.userIdForSrp, secretBlock, timestamp);
    if (!expected || !sameSignature(expected, signature)) throw incorrectUsernameOrPassword();

    if (!user.Enabled) throw userIsDisabled();
    if (user.UserStatus === 'RESET_REQUIRED') throw passwordResetRequired();
    if (user.UserStatus === 'UNCONFIRMED') throw new UserNotConfirmedException();
    if (user.UserStatus === 'FORCE_CHANGE_PASSWORD' || mfaApplies(pool.options.MfaConfiguration, user)) {
      // The challenge cognito-local's own flow answers for a proven password (NEW_PASSWORD_REQUIRED or MFA).
      return this.initiateAuth(ctx, {
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: req.ClientId,
        AuthParameters: { USERNAME: user.Username, PASSWORD: user.Password },
        ClientMetadata: req.ClientMetadata,
      });
    }

    const { triggers, tokenGenerator } = this.services;
    if (triggers.enabled('PostAuthentication')) {
      await triggers.postAuthentication(ctx, {
        clientId: client.ClientId,
        clientMetadata: req.ClientMetadata,
        source: 'PostAuthentication_Authentication',
        userAttributes: user.Attributes,
        username: user.Username,
        userPoolId: pool.options.Id,
      });
    }
    const groups = await pool.listUserGroupMembership(ctx, user);
    const tokens = await tokenGenerator.generate(ctx, user, groups, client, req.ClientMetadata, 'Authentication');
    await pool.storeRefreshToken(ctx, tokens.RefreshToken, user);
    return { ChallengeParameters: {}, AuthenticationResult: tokens };
  };
}

/** The pool's name in SRP: the part of its id after "_" (`local_AbCd1234` → `AbCd1234`), as the client takes it. */
function poolName(poolId: string): string {
  return poolId.split('_')[1] ?? poolId;
}

/**
 * A user's SRP salt: 16 bytes, the same at every sign-in, derived from the pool and the user id. Nothing
 * here is secret (the salt is public in SRP, and a sandbox protects nothing), so an unknown username's
 * salt comes out the same way.
 */
function saltFor(poolId: string, userIdForSrp: string): string {
  return createHash('sha256').update(`salt\n${poolId}\n${userIdForSrp}`).digest().subarray(0, 16).toString('hex');
}

/** The UUID an unknown username is given, stable for the same username (case aside) and pool. */
function simulatedUserId(poolId: string, username: string): string {
  const bytes = createHash('sha256').update(`unknown-user\n${poolId}\n${username.toLowerCase()}`).digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function sameSignature(expected: string, given: string): boolean {
  const a = Buffer.from(expected, 'base64');
  const b = Buffer.from(given, 'base64');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** cognito-local's own rule for answering an MFA challenge after the password (its USER_PASSWORD_AUTH). */
function mfaApplies(configuration: string | undefined, user: { MFAOptions?: unknown[]; UserMFASettingList?: unknown[] }): boolean {
  const userHasMfa = (user.MFAOptions ?? []).length > 0 || (user.UserMFASettingList ?? []).length > 0;
  return configuration === 'ON' || (configuration !== 'OFF' && userHasMfa);
}
