import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ContainerModule } from 'inversify';
import { createDynamoDbClient } from '../../../adapters/dynamodb/dynamodb-client';
import { DynamoDbAccountStore } from '../../../adapters/dynamodb/dynamodb-account-store';
import { DynamoDbAttemptLedger } from '../../../adapters/dynamodb/dynamodb-attempt-ledger';
import { DynamoDbAuditTrail } from '../../../adapters/dynamodb/dynamodb-audit-trail';
import type { AccountStore, AttemptLedger, AuditTrail } from '../../../domain';
import type { HandlerConfig } from '../handler-config';
import { TOKENS } from '../tokens';

/** How long an attempts item outlives its last write: long enough to outlast any window, lock and backoff memory. */
export function attemptRetentionSeconds(config: HandlerConfig): number {
  const { windowSeconds, maxLockoutSeconds, backoffMemorySeconds } = config.policy.lockout;
  return Math.max(windowSeconds, maxLockoutSeconds) + backoffMemorySeconds;
}

/** The single table: attempt ledger, account store and audit trail. */
export const dynamoDbModule = new ContainerModule(({ bind }) => {
  bind<DynamoDBClient>(TOKENS.DynamoDbClient)
    .toResolvedValue((config: HandlerConfig) => createDynamoDbClient(config.client), [TOKENS.Config])
    .inSingletonScope();
  bind<AttemptLedger>(TOKENS.AttemptLedger)
    .toResolvedValue(
      (client: DynamoDBClient, config: HandlerConfig) =>
        new DynamoDbAttemptLedger(client, {
          tableName: config.tableName,
          retentionSeconds: attemptRetentionSeconds(config),
        }),
      [TOKENS.DynamoDbClient, TOKENS.Config],
    )
    .inSingletonScope();
  bind<AccountStore>(TOKENS.AccountStore)
    .toResolvedValue(
      (client: DynamoDBClient, config: HandlerConfig) =>
        new DynamoDbAccountStore(client, { tableName: config.tableName }),
      [TOKENS.DynamoDbClient, TOKENS.Config],
    )
    .inSingletonScope();
  bind<AuditTrail>(TOKENS.AuditTrail)
    .toResolvedValue(
      (client: DynamoDBClient, config: HandlerConfig) =>
        new DynamoDbAuditTrail(client, { tableName: config.tableName, retentionDays: config.auditRetentionDays }),
      [TOKENS.DynamoDbClient, TOKENS.Config],
    )
    .inSingletonScope();
});
