import { randomBytes, randomUUID } from 'node:crypto';
import { InvalidParameterError } from 'cognito-local/lib/errors';
import type { Route } from 'cognito-local/lib/server/Router';
import type { Services } from 'cognito-local/lib/services';
import type { AppClient } from 'cognito-local/lib/services/appClient';
import type { Context } from 'cognito-local/lib/services/context';
import { attributesFromRecord, type User, type UserPoolService } from 'cognito-local/lib/services/userPoolService';
import { incorrectUsernameOrPassword, passwordResetRequired, userDoesNotExist } from '../errors';
import { invokeTrigger, type LambdaInvoker, type TriggerFunctions } from '../lambda';
import { preventsUserExistenceErrors } from './pre-authentication';
import { signInClient } from './sign-in-client';

/** What UserMigration answers: `userAttributes` set means "create this user"; unset or empty, "no such user". */
interface MigrationResponse {
  readonly userAttributes?: Record<string, string> | null;
  readonly finalUserStatus?: string | null;
  readonly messageAction?: string | null;
}

interface ForgotPasswordRequest {
  readonly ClientId: string;
  readonly Username?: string;
  readonly ClientMetadata?: Record<string, string>;
}

const FINAL_STATUSES = new Set(['CONFIRMED', 'RESET_REQUIRED']);

/**
 * UserMigration as Cognito runs it, where cognito-local 5.3 gets it wrong:
 * - an empty response (no `userAttributes`) means "no such user": Cognito answers as for any unknown
 *   user (with PreventUserExistenceErrors, "Incorrect username or password." at sign-in, a simulated code
 *   delivery at ForgotPassword); cognito-local creates a user without attributes instead;
 * - the event is Cognito's (version 1, the typed `userName`, `validationData` from InitiateAuth's
 *   ClientMetadata, `clientMetadata` from ForgotPassword's) and a thrown error ends the flow as
 *   UserLambdaValidationException "UserMigration failed with error <message>." (cognito-local answers
 *   NotAuthorizedException);
 * - the user Cognito creates gets a generated username and `sub` (cognito-local gives it no `sub`) and
 *   the status the trigger chose; RESET_REQUIRED at sign-in answers PasswordResetRequiredException;
 * - cognito-local never runs UserMigration_ForgotPassword: an unknown user's ForgotPassword fails with
 *   UserNotFoundException even with PreventUserExistenceErrors ENABLED.
 * PreAuthentication has already run for the attempt (gaps/user-password-auth.ts), before this.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-migrate-user.html
 * https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pool-managing-errors.html
 */
export class UserMigration {
  constructor(
    private readonly services: Services,
    private readonly invoker: LambdaInvoker | undefined,
    private readonly functions: TriggerFunctions,
  ) {}

  get enabled(): boolean {
    return this.invoker !== undefined && this.functions.UserMigration !== undefined;
  }

  /**
   * At a USER_PASSWORD_AUTH sign-in of a username the pool does not know: the migrated user, created in
   * the pool (with the typed password), for the flow to go on; otherwise Cognito's answer for an unknown user.
   */
  async signIn(ctx: Context, attempt: { pool: UserPoolService; client: AppClient; username: string; password: string; clientMetadata?: Record<string, string> }): Promise<User> {
    const response = await this.invoke(attempt.pool, attempt.client, 'UserMigration_Authentication', attempt.username, {
      password: attempt.password,
      validationData: attempt.clientMetadata ?? {},
    });
    const user = await this.create(ctx, attempt.pool, response, { password: attempt.password, defaultStatus: 'CONFIRMED' });
    if (user === undefined) throw preventsUserExistenceErrors(attempt.client) ? incorrectUsernameOrPassword() : userDoesNotExist();
    if (user.UserStatus === 'RESET_REQUIRED') throw passwordResetRequired();
    return user;
  }

  /** ForgotPassword in front of cognito-local's: an unknown user may be migrated first, and gets Cognito's answer if not. */
  forgotPassword(forgotPassword: Route): Route {
    return async (ctx: Context, req: ForgotPasswordRequest) => {
      if (!req.Username) throw new InvalidParameterError('Missing required parameter Username');
      const { pool, client } = await signInClient(this.services, ctx, req.ClientId);
      const known = await pool.getUserByUsername(ctx, req.Username);
      if (known !== null || !this.enabled) return forgotPassword(ctx, req);
      const response = await this.invoke(pool, client, 'UserMigration_ForgotPassword', req.Username, { clientMetadata: req.ClientMetadata ?? {} });
      // Migrated for a reset: no password yet, so the user must reset it (the code follows).
      const user = await this.create(ctx, pool, response, { defaultStatus: 'RESET_REQUIRED' });
      if (user !== undefined) return forgotPassword(ctx, req);
      if (!preventsUserExistenceErrors(client)) throw userDoesNotExist();
      // The answer a real user's reset gets, to an address that looks like what was typed.
      return { CodeDeliveryDetails: { AttributeName: 'email', DeliveryMedium: 'EMAIL', Destination: masked(req.Username) } };
    };
  }

  private async invoke(pool: UserPoolService, client: AppClient, triggerSource: string, username: string, request: Record<string, unknown>): Promise<MigrationResponse> {
    const userPoolId = pool.options.Id;
    const event = {
      version: '1',
      triggerSource,
      region: userPoolId.split('_')[0] ?? '',
      userPoolId,
      userName: username,
      callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: client.ClientId },
      request,
      response: { userAttributes: null, finalUserStatus: null, messageAction: null, desiredDeliveryMediums: null, forceAliasCreation: null, enableSMSMFA: null },
    };
    if (this.invoker === undefined) throw new Error('UserMigration is not configured');
    return ((await invokeTrigger(this.invoker, this.functions, 'UserMigration', event)) ?? {}) as MigrationResponse;
  }

  private async create(
    ctx: Context,
    pool: UserPoolService,
    response: MigrationResponse,
    options: { readonly password?: string; readonly defaultStatus: 'CONFIRMED' | 'RESET_REQUIRED' },
  ): Promise<User | undefined> {
    const attributes = response.userAttributes ?? {};
    if (Object.keys(attributes).length === 0) return undefined;
    const status = response.finalUserStatus ?? options.defaultStatus;
    if (!FINAL_STATUSES.has(status)) throw new InvalidParameterError(`Invalid finalUserStatus ${status}`);
    // With email as username, Cognito names the user with a generated id, which is also its sub.
    const sub = randomUUID();
    const now = new Date();
    const user: User = {
      Username: sub,
      Attributes: attributesFromRecord({ ...attributes, sub }),
      Enabled: true,
      UserStatus: status,
      // Migrated for a reset, the user has no password yet: one nobody knows stands in until the reset.
      Password: options.password ?? randomBytes(32).toString('base64'),
      UserCreateDate: now,
      UserLastModifiedDate: now,
      RefreshTokens: [],
    } as User;
    await pool.saveUser(ctx, user);
    return user;
  }
}

/** `alice@example.com` as Cognito shows a destination: `a***@e***`. */
function masked(typed: string): string {
  const [local = '', domain = ''] = typed.trim().split('@');
  return `${local.charAt(0)}***@${domain.charAt(0)}***`;
}
