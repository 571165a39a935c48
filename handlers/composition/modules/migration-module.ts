import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SSMClient } from '@aws-sdk/client-ssm';
import { ContainerModule, type Container } from 'inversify';
import { createCognitoClient } from '../../../adapters/cognito/cognito-client';
import { CognitoLegacyDirectory } from '../../../adapters/cognito/cognito-legacy-directory';
import { DynamoDbImportedUsers } from '../../../adapters/dynamodb/dynamodb-imported-users';
import { DynamoDbLockReader } from '../../../adapters/dynamodb/dynamodb-lock-reader';
import { HttpLegacyDirectory } from '../../../adapters/http/http-legacy-directory';
import { SsmSecret } from '../../../adapters/ssm/ssm-secret';
import { MigrateUser, type AccountKeys, type Clock, type LegacyDirectory, type LockReader } from '../../../domain';
import { ConfigurationError, type HandlerConfig, type MigrationConfig } from '../handler-config';
import { TOKENS } from '../tokens';

function migrationOf(config: HandlerConfig): MigrationConfig {
  if (!config.migration) throw new ConfigurationError('the stack has no migration (MIGRATION_SOURCE is none)');
  return config.migration;
}

/**
 * Just-in-time migration (needs `ssmModule`, `accountKeysModule` and `dynamoDbModule`): the legacy
 * directory the stack names — an older Cognito pool through its own client (its region), the old
 * system's HTTP endpoint with the shared secret read from SSM once per cold start, or the users imported
 * into the table with their password hashes — the lock reader, and the use case.
 */
export const migrationModule = new ContainerModule(({ bind }) => {
  bind<LockReader>(TOKENS.LockReader)
    .toResolvedValue((client: DynamoDBClient, config: HandlerConfig) => new DynamoDbLockReader(client, { tableName: config.tableName }), [
      TOKENS.DynamoDbClient,
      TOKENS.Config,
    ])
    .inSingletonScope();
  bind<CognitoIdentityProviderClient>(TOKENS.LegacyCognitoClient)
    .toResolvedValue(
      (config: HandlerConfig) => {
        const { legacy } = migrationOf(config);
        if (legacy.source !== 'cognito') throw new ConfigurationError('the stack migrates from an HTTP endpoint, not a Cognito pool');
        return createCognitoClient(config.client, { region: legacy.region, ...(legacy.endpoint ? { endpoint: legacy.endpoint } : {}) });
      },
      [TOKENS.Config],
    )
    .inSingletonScope();
  bind<SsmSecret>(TOKENS.LegacyEndpointSecret)
    .toResolvedValue(
      (client: SSMClient, config: HandlerConfig) => {
        const { legacy } = migrationOf(config);
        if (legacy.source !== 'http') throw new ConfigurationError('the stack migrates from a Cognito pool, which needs no shared secret');
        return new SsmSecret(client, legacy.secretParameter);
      },
      [TOKENS.SsmClient, TOKENS.Config],
    )
    .inSingletonScope();
  bind<LegacyDirectory>(TOKENS.LegacyDirectory)
    .toDynamicValue((context) => {
      const config = context.get<HandlerConfig>(TOKENS.Config);
      const { legacy } = migrationOf(config);
      if (legacy.source === 'cognito') {
        return new CognitoLegacyDirectory(context.get<CognitoIdentityProviderClient>(TOKENS.LegacyCognitoClient), {
          userPoolId: legacy.userPoolId,
          clientId: legacy.clientId,
        });
      }
      if (legacy.source === 'imported') {
        return new DynamoDbImportedUsers(context.get<DynamoDBClient>(TOKENS.DynamoDbClient), context.get<AccountKeys>(TOKENS.AccountKeys), {
          tableName: config.tableName,
        });
      }
      const secret = context.get<SsmSecret>(TOKENS.LegacyEndpointSecret);
      return new HttpLegacyDirectory({ url: legacy.url, secret: () => secret.value(), timeoutMs: config.client.timeoutMs });
    })
    .inSingletonScope();
  bind<MigrateUser>(TOKENS.MigrateUser)
    .toDynamicValue((context) => {
      const config = context.get<HandlerConfig>(TOKENS.Config);
      return new MigrateUser(
        context.get<AccountKeys>(TOKENS.AccountKeys),
        context.get<LockReader>(TOKENS.LockReader),
        context.get<LegacyDirectory>(TOKENS.LegacyDirectory),
        context.get<Clock>(TOKENS.Clock),
        migrationOf(config).policy,
        config.policy.storeFailureMode,
      );
    })
    .inSingletonScope();
});

/** Starts reading the legacy endpoint's secret while the function initialises; nothing for a Cognito pool. */
export function readLegacyEndpointSecret(container: Container): Promise<unknown> {
  const config = container.get<HandlerConfig>(TOKENS.Config);
  if (config.migration?.legacy.source !== 'http') return Promise.resolve();
  return container.get<SsmSecret>(TOKENS.LegacyEndpointSecret).value();
}
