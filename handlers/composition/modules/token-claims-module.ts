import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ContainerModule } from 'inversify';
import { DynamoDbTenantDirectory } from '../../../adapters/dynamodb/dynamodb-tenant-directory';
import { CustomiseTokenClaims, type AccountKeys, type TenantDirectory } from '../../../domain';
import type { HandlerConfig } from '../handler-config';
import { TOKENS } from '../tokens';

/**
 * The claims policy of the stack's tokens. Only a policy that takes the tenant from the account record
 * resolves the account keys and the table (`accountKeysModule`, `ssmModule`, `dynamoDbModule`): any other
 * creates no AWS client at all.
 */
export const tokenClaimsModule = new ContainerModule(({ bind }) => {
  bind<TenantDirectory>(TOKENS.TenantDirectory)
    .toResolvedValue(
      (client: DynamoDBClient, config: HandlerConfig) => new DynamoDbTenantDirectory(client, { tableName: config.tableName }),
      [TOKENS.DynamoDbClient, TOKENS.Config],
    )
    .inSingletonScope();
  bind<CustomiseTokenClaims>(TOKENS.CustomiseTokenClaims)
    .toDynamicValue((context) => {
      const { claims } = context.get<HandlerConfig>(TOKENS.Config);
      if (claims.tenant?.from !== 'account-record') return new CustomiseTokenClaims(claims);
      return new CustomiseTokenClaims(claims, {
        keys: context.get<AccountKeys>(TOKENS.AccountKeys),
        tenants: context.get<TenantDirectory>(TOKENS.TenantDirectory),
      });
    })
    .inSingletonScope();
});
