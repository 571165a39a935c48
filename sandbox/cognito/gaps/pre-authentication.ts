import type { AppClient } from 'cognito-local/lib/services/appClient';
import { attributesToRecord, type User, type UserPoolService } from 'cognito-local/lib/services/userPoolService';
import { invokeTrigger, type LambdaInvoker, type TriggerFunctions } from '../lambda';

/** One sign-in attempt as it reaches the pool, before any password is looked at. */
export interface SignInAttempt {
  readonly pool: UserPoolService;
  readonly client: AppClient;
  /** What the user typed as USERNAME. */
  readonly username: string;
  /** The account it names, or null when the pool has none. */
  readonly user: User | null;
  /** InitiateAuth's ClientMetadata: PreAuthentication receives it as `validationData`. */
  readonly clientMetadata: Record<string, string> | undefined;
}

/**
 * With PreventUserExistenceErrors=ENABLED an unknown username gets the answers a wrong password gets,
 * and PreAuthentication runs for it; with LEGACY (the API default) Cognito says the user does not exist.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pool-managing-errors.html
 */
export function preventsUserExistenceErrors(client: AppClient): boolean {
  return client.PreventUserExistenceErrors === 'ENABLED';
}

/**
 * cognito-local 5.3 never invokes PreAuthentication. Cognito invokes it when a user attempts to sign in,
 * before the password is checked (with SRP: at InitiateAuth, before any proof), once per attempt; for an
 * unknown username only when the app client has PreventUserExistenceErrors=ENABLED, then with
 * `userNotFound: true` and the name as typed. Its request carries `userAttributes`, `validationData`
 * (InitiateAuth's ClientMetadata) and `userNotFound`, populated when PreventUserExistenceErrors is ENABLED.
 * An error it throws ends the attempt as UserLambdaValidationException "PreAuthentication failed with
 * error <message>." (the same wording cognito-local gives its own triggers' errors).
 * https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-pre-authentication.html
 */
export class PreAuthentication {
  constructor(
    private readonly invoker: LambdaInvoker | undefined,
    private readonly functions: TriggerFunctions,
  ) {}

  async run(attempt: SignInAttempt): Promise<void> {
    if (this.invoker === undefined || this.functions.PreAuthentication === undefined) return;
    const reportsExistence = preventsUserExistenceErrors(attempt.client);
    if (attempt.user === null && !reportsExistence) return;
    await invokeTrigger(this.invoker, this.functions, 'PreAuthentication', preAuthenticationEvent(attempt, reportsExistence));
  }
}

/** The event as the developer guide lays it out (common parameters, then the request). */
function preAuthenticationEvent({ pool, client, username, user, clientMetadata }: SignInAttempt, reportsExistence: boolean) {
  const userPoolId = pool.options.Id;
  return {
    version: '1',
    triggerSource: 'PreAuthentication_Authentication',
    // The region is the pool id's prefix (cognito-local's pools are `local_…`).
    region: userPoolId.split('_')[0] ?? '',
    userPoolId,
    // The pool's username (with email as username, the id Cognito generated); for an unknown user, what was typed.
    userName: user?.Username ?? username,
    // Cognito names the caller's SDK here; a sandbox cannot know it.
    callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: client.ClientId },
    request: {
      userAttributes: user === null ? {} : { ...attributesToRecord(user.Attributes), 'cognito:user_status': user.UserStatus },
      validationData: clientMetadata ?? {},
      ...(reportsExistence ? { userNotFound: user === null } : {}),
    },
    response: {},
  };
}
