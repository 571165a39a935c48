import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminSetUserPasswordCommand,
  type AttributeType,
} from '@aws-sdk/client-cognito-identity-provider';
import { startCognitoLocal, type CognitoLocalHandle } from '../cognito/cognito-local';
import { LEGACY_POOL_NAME } from './demo-users';

/** A user of the old pool: the password only a stand-in may know. */
export interface LegacyPoolUser {
  readonly email: string;
  readonly password: string;
  readonly emailVerified?: boolean;
  readonly attributes?: Readonly<Record<string, string>>;
}

export interface LegacyPool {
  readonly endpoint: string;
  readonly userPoolId: string;
  readonly clientId: string;
  /** The emulator itself, for tests that count its requests or make it fail. */
  readonly cognito: CognitoLocalHandle;
  stop(): Promise<void>;
}

/**
 * The pool a stack migrates from, on this machine: a cognito-local of its own, apart from the stack's
 * pool, because cognito-local runs one set of triggers for every pool it holds (the old pool must not run
 * the new pool's UserMigration). Email as username, like the new pool, and an app client that allows
 * ADMIN_USER_PASSWORD_AUTH without a secret, as the migration needs. The users are created confirmed,
 * with their passwords, the first time (a kept data folder keeps them).
 */
export async function startLegacyPool(options: {
  readonly users: readonly LegacyPoolUser[];
  readonly port?: number;
  readonly dataDirectory?: string;
}): Promise<LegacyPool> {
  const cognito = await startCognitoLocal({
    ...(options.port !== undefined ? { port: options.port } : {}),
    ...(options.dataDirectory !== undefined ? { dataDirectory: options.dataDirectory } : {}),
    pool: {
      poolName: LEGACY_POOL_NAME,
      clientName: 'legacy-migration',
      pool: { usernameAttributes: ['email'], usernameConfiguration: { caseSensitive: false }, autoVerifiedAttributes: ['email'] },
      appClient: { generateSecret: false, explicitAuthFlows: ['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] },
    },
  });
  const client = cognito.client();
  try {
    for (const user of options.users) {
      const exists = await client.send(new AdminGetUserCommand({ UserPoolId: cognito.userPoolId, Username: user.email })).then(
        () => true,
        () => false,
      );
      if (exists) continue;
      const attributes: AttributeType[] = [
        { Name: 'email', Value: user.email },
        { Name: 'email_verified', Value: String(user.emailVerified ?? true) },
        ...Object.entries(user.attributes ?? {}).map(([Name, Value]) => ({ Name, Value })),
      ];
      await client.send(new AdminCreateUserCommand({ UserPoolId: cognito.userPoolId, Username: user.email, UserAttributes: attributes, MessageAction: 'SUPPRESS' }));
      await client.send(new AdminSetUserPasswordCommand({ UserPoolId: cognito.userPoolId, Username: user.email, Password: user.password, Permanent: true }));
    }
  } catch (error) {
    await cognito.stop();
    throw error;
  } finally {
    client.destroy();
  }
  return { endpoint: cognito.endpoint, userPoolId: cognito.userPoolId, clientId: cognito.clientId, cognito, stop: () => cognito.stop() };
}
