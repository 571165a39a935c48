import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { randomBytes } from 'node:crypto';
import type { AuditTrail, SignInEvent } from '../../domain';
import { storeUnavailable } from './store-errors';
import { auditKey, expiresAt, TTL_ATTRIBUTE } from './table-keys';

export interface DynamoDbAuditTrailOptions {
  readonly tableName: string;
  readonly retentionDays: number;
}

/** The audit trail on the single table: one item per event under the account, expiring by TTL. */
export class DynamoDbAuditTrail implements AuditTrail {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly options: DynamoDbAuditTrailOptions,
  ) {}

  async record(event: SignInEvent): Promise<void> {
    try {
      await this.documents.send(
        new PutCommand({
          TableName: this.options.tableName,
          Item: {
            ...auditKey(event.account.username, event.at, randomBytes(4).toString('hex')),
            outcome: event.outcome,
            at: event.at,
            accountExists: event.accountExists,
            [TTL_ATTRIBUTE]: expiresAt(event.at, this.options.retentionDays * 86_400),
          },
        }),
      );
    } catch (error) {
      throw storeUnavailable('PutItem (audit)', error);
    }
  }
}
