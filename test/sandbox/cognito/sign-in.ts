import {
  ConfirmSignUpCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  SignUpCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { createHmac } from 'node:crypto';
import { refusalOf, type Refusal } from '../../../sandbox/client/refusal';
import { parseStackConfig } from '../../../infra/config';
import { appClientSettings, poolSettings } from '../../../infra/pool-settings';
import type { CognitoLocalHandle } from '../../../sandbox/cognito/cognito-local';
import type { UserPoolDefinition } from '../../../sandbox/cognito/pool';

/** A password the default policy (15 characters, no classes required) accepts. */
export const PASSWORD = 'correct-horse-battery-staple';

/**
 * The pool as the program builds it for a stack with default settings: the sandbox is held to the
 * program's own settings, not to a copy of them. Account recovery is the program's (verified email).
 */
export function programPool(overrides: { readonly preventUserExistenceErrors?: string; readonly explicitAuthFlows?: readonly string[] } = {}): UserPoolDefinition {
  const config = parseStackConfig({});
  return {
    poolName: 'gatehouse-sandbox',
    clientName: 'gatehouse-sandbox-app',
    pool: { ...poolSettings(config), accountRecoverySetting: { recoveryMechanisms: [{ name: 'verified_email', priority: 1 }] } },
    appClient: { ...appClientSettings(config), ...overrides },
  };
}

/** Where a client signs in: the sandbox's endpoint, a pool and one of its app clients. */
export type PoolEndpoint = Pick<CognitoLocalHandle, 'endpoint' | 'userPoolId' | 'clientId'>;

/** What a failed sign-in reports, as amazon-cognito-identity-js passes it to `onFailure`. */
export type SignInFailure = Refusal;

export { signInWithSrp, type SignInOptions } from '../../../sandbox/client/srp-sign-in';

/** The failure of a sign-in (or any call) that should fail: a success is a test failure. */
export const signInFailure = (attempt: Promise<unknown>): Promise<SignInFailure> => refusalOf(attempt, 'the sign-in');

/**
 * A user who signed up and confirmed with the code the pool sent (so the address is verified, as
 * account recovery needs). Returns the user's username in the pool (the id Cognito generates).
 */
export async function confirmedUser(cognito: CognitoLocalHandle, email: string, password = PASSWORD): Promise<string> {
  const users = cognito.client();
  const { UserSub } = await users.send(
    new SignUpCommand({ ClientId: cognito.clientId, Username: email, Password: password, UserAttributes: [{ Name: 'email', Value: email }] }),
  );
  const code = cognito.deliveries.filter((delivery) => delivery.destination === email).at(-1)?.code;
  if (!UserSub || !code) throw new Error(`no sign-up code for ${email}`);
  await users.send(new ConfirmSignUpCommand({ ClientId: cognito.clientId, Username: email, ConfirmationCode: code }));
  return UserSub;
}

interface ClientHelper {
  getLargeAValue(callback: (error: unknown, A: { toString(radix: number): string }) => void): void;
  getPasswordAuthenticationKey(username: string, password: string, B: unknown, salt: unknown, callback: (error: unknown, key: Uint8Array) => void): void;
}
const unwrap = <T>(module: unknown): T => ((module as { default?: T }).default ?? module) as T;
// The package declares types for its entry point only: its SRP helper and big integers are loaded as they are.
/* eslint-disable @typescript-eslint/no-require-imports */
const AuthenticationHelper = unwrap<new (poolName: string) => ClientHelper>(require('amazon-cognito-identity-js/lib/AuthenticationHelper.js'));
const BigInteger = unwrap<new (hex: string, radix: number) => unknown>(require('amazon-cognito-identity-js/lib/BigInteger.js'));
const DateHelper = unwrap<new () => { getNowString(): string }>(require('amazon-cognito-identity-js/lib/DateHelper.js'));
/* eslint-enable @typescript-eslint/no-require-imports */

/**
 * The two calls of USER_SRP_AUTH made one by one through the SDK, computing what CognitoUser does in
 * between with the library's own helper, so a test can look at (or replay) each step.
 */
export async function srpChallenge(cognito: PoolEndpoint, client: CognitoIdentityProviderClient, username: string) {
  const poolName = cognito.userPoolId.split('_')[1] ?? '';
  const helper = new AuthenticationHelper(poolName);
  const A = await new Promise<string>((resolve, reject) =>
    helper.getLargeAValue((error, value) => (error ? reject(error as Error) : resolve(value.toString(16)))),
  );
  const initiated = await client.send(
    new InitiateAuthCommand({ AuthFlow: 'USER_SRP_AUTH', ClientId: cognito.clientId, AuthParameters: { USERNAME: username, SRP_A: A } }),
  );
  const parameters = initiated.ChallengeParameters ?? {};
  /** The PASSWORD_VERIFIER request that proves `password`. */
  const proof = async (password: string, timestamp = new DateHelper().getNowString()) => {
    const userId = parameters['USER_ID_FOR_SRP'] ?? '';
    const key = await new Promise<Uint8Array>((resolve, reject) =>
      helper.getPasswordAuthenticationKey(userId, password, new BigInteger(parameters['SRP_B'] ?? '', 16), new BigInteger(parameters['SALT'] ?? '', 16), (error, value) =>
        error ? reject(error as Error) : resolve(value),
      ),
    );
    const signature = createHmac('sha256', key)
      .update(Buffer.concat([Buffer.from(poolName), Buffer.from(userId), Buffer.from(parameters['SECRET_BLOCK'] ?? '', 'base64'), Buffer.from(timestamp)]))
      .digest('base64');
    return new RespondToAuthChallengeCommand({
      ClientId: cognito.clientId,
      ChallengeName: 'PASSWORD_VERIFIER',
      ChallengeResponses: {
        USERNAME: userId,
        PASSWORD_CLAIM_SECRET_BLOCK: parameters['SECRET_BLOCK'] ?? '',
        PASSWORD_CLAIM_SIGNATURE: signature,
        TIMESTAMP: timestamp,
      },
    });
  };
  return { initiated, parameters, proof };
}
