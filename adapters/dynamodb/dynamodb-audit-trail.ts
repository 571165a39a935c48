import { PutItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { AuditOptions, AuditTrail, SignInEvent } from '../../domain';
import { booleanValue, keyAttributes, numberValue, stringValue } from './attribute-values';
import { isConditionalCheckFailure, storeFailure } from './store-errors';
import { auditKey, expiresAt, TTL_ATTRIBUTE } from './table-keys';

export interface DynamoDbAuditTrailOptions {
  readonly tableName: string;
  readonly retentionDays: number;
}

/**
 * The audit trail on the single table: one item per event under the account, expiring by TTL. The
 * event id is part of the key, so writing an event again replaces its entry; a provisional write is
 * conditional and never replaces the final one, whichever reaches DynamoDB first.
 */
export class DynamoDbAuditTrail implements AuditTrail {
  constructor(
    private readonly dynamo: DynamoDBClient,
    private readonly options: DynamoDbAuditTrailOptions,
  ) {}

  async record(event: SignInEvent, options: AuditOptions = {}): Promise<void> {
    try {
      await this.dynamo.send(
        new PutItemCommand({
          TableName: this.options.tableName,
          Item: {
            ...keyAttributes(auditKey(event.account.key, event.at, event.id)),
            outcome: stringValue(event.outcome),
            at: numberValue(event.at),
            accountExists: booleanValue(event.accountExists),
            [TTL_ATTRIBUTE]: numberValue(expiresAt(event.at, this.options.retentionDays * 86_400)),
          },
          ...(options.provisional ? { ConditionExpression: 'attribute_not_exists(pk)' } : {}),
        }),
      );
    } catch (error) {
      if (options.provisional && isConditionalCheckFailure(error)) return; // the final entry is already there
      throw storeFailure('PutItem (audit)', error);
    }
  }
}
