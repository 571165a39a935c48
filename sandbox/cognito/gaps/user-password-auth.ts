import { InvalidParameterError } from 'cognito-local/lib/errors';
import type { Route } from 'cognito-local/lib/server/Router';
import type { Services } from 'cognito-local/lib/services';
import type { Context } from 'cognito-local/lib/services/context';
import { incorrectUsernameOrPassword, passwordResetRequired, userDoesNotExist, userIsDisabled } from '../errors';
import { requireAuthFlow } from './explicit-auth-flows';
import { preventsUserExistenceErrors, type PreAuthentication } from './pre-authentication';
import { signInClient } from './sign-in-client';
import type { UserMigration } from './user-migration';

interface UserPasswordAuthRequest {
  readonly AuthFlow: 'USER_PASSWORD_AUTH';
  readonly ClientId: string;
  readonly AuthParameters?: { readonly USERNAME?: string; readonly PASSWORD?: string };
  readonly ClientMetadata?: Record<string, string>;
}

/**
 * InitiateAuth with USER_PASSWORD_AUTH, as Cognito answers it, in front of cognito-local's own flow:
 * - the client must allow the flow;
 * - PreAuthentication runs first, before the password is looked at (see `PreAuthentication`);
 * - an unknown user is then handed to UserMigration, when the pool has it (see `UserMigration`);
 * - an unknown user gets NotAuthorizedException "Incorrect username or password." with
 *   PreventUserExistenceErrors=ENABLED, UserNotFoundException "User does not exist." without;
 * - a wrong password gets NotAuthorizedException "Incorrect username or password." (cognito-local
 *   answers InvalidPasswordException, which Cognito keeps for passwords that break the policy);
 * - only a right password learns that the user is disabled or must reset the password (amplify-js#4890:
 *   "Password reset required for the user" is seen only with the correct username and password).
 * The rest (unconfirmed users, NEW_PASSWORD_REQUIRED, MFA, PostAuthentication, tokens) is cognito-local's.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pool-managing-errors.html
 */
export function userPasswordAuth(services: Services, preAuthentication: PreAuthentication, migration: UserMigration, initiateAuth: Route): Route {
  return async (ctx: Context, req: UserPasswordAuthRequest) => {
    const { pool, client } = await signInClient(services, ctx, req.ClientId);
    requireAuthFlow(client, 'USER_PASSWORD_AUTH');
    const username = req.AuthParameters?.USERNAME;
    const password = req.AuthParameters?.PASSWORD;
    if (!username || password === undefined) throw new InvalidParameterError('Missing required parameter USERNAME or PASSWORD');

    let user = await pool.getUserByUsername(ctx, username);
    await preAuthentication.run({ pool, client, username, user, clientMetadata: req.ClientMetadata });
    if (user === null) {
      if (!migration.enabled) throw preventsUserExistenceErrors(client) ? incorrectUsernameOrPassword() : userDoesNotExist();
      // UserMigration after PreAuthentication, with the same typed username (see gaps/user-migration.ts).
      user = await migration.signIn(ctx, { pool, client, username, password, ...(req.ClientMetadata ? { clientMetadata: req.ClientMetadata } : {}) });
    }
    if (user.Password !== password) throw incorrectUsernameOrPassword();
    if (!user.Enabled) throw userIsDisabled();
    if (user.UserStatus === 'RESET_REQUIRED') throw passwordResetRequired();
    // By the pool's own username: cognito-local finds an email alias only as it was stored, case and all.
    return initiateAuth(ctx, { ...req, AuthParameters: { ...req.AuthParameters, USERNAME: user.Username } });
  };
}
