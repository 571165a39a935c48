import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ContainerModule } from 'inversify';
import { DynamoDbTenantDirectory } from '../../../adapters/dynamodb/dynamodb-tenant-directory';
import type { TenantDirectory } from '../../../domain';
import type { HandlerConfig } from '../handler-config';
import { TOKENS } from '../tokens';
import { accountKeysModule, readAccountKeySecret } from './account-keys-module';
import { dynamoDbModule } from './dynamodb-module';
import { ssmModule } from './ssm-module';

export { readAccountKeySecret };

/** The tenant from the account's record: the account keys (the stack secret from SSM) and one GetItem on the table. */
export const tenantRecordsModules: readonly ContainerModule[] = [
  ssmModule,
  accountKeysModule,
  dynamoDbModule,
  new ContainerModule(({ bind }) => {
    bind<TenantDirectory>(TOKENS.TenantDirectory)
      .toResolvedValue(
        (client: DynamoDBClient, config: HandlerConfig) => new DynamoDbTenantDirectory(client, { tableName: config.tableName }),
        [TOKENS.DynamoDbClient, TOKENS.Config],
      )
      .inSingletonScope();
  }),
];
