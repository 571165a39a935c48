import {
  DeleteItemCommand,
  PutItemCommand,
  QueryCommand,
  type AttributeValue,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type {
  AccountAdministration,
  AccountRef,
  AccountSnapshot,
  AuditEntry,
  LockoutQuery,
  LoginAttempts,
  ReadOptions,
  RecentLockout,
  Unlock,
} from '../../domain';
import { UnauditedUnlockError } from '../../domain';
import { booleanValue, keyAttributes, numberValue, stringValue } from './attribute-values';
import { toRecord } from './account-record';
import { toLoginAttempts } from './dynamodb-attempt-ledger';
import { queryRecentLockouts } from './recent-lockouts-query';
import { isConditionalCheckFailure, storeFailure } from './store-errors';
import { accountPartition, attemptsKey, auditKey, expiresAt, SORT_KEYS, TTL_ATTRIBUTE } from './table-keys';

export interface DynamoDbAccountAdministrationOptions {
  readonly tableName: string;
  /** How long the unlock's audit entry is kept, as the triggers keep theirs. */
  readonly auditRetentionDays: number;
}

/** Audit entries an operator reads at once unless asked for fewer. */
export const DEFAULT_AUDIT_LIMIT = 100;
/** `AUDIT#` and any ISO time sort below this. */
const AFTER_EVERY_AUDIT_ENTRY = `${SORT_KEYS.auditPrefix}~`;

/**
 * Operators' reads and unlocks on the single table. An account's items share its partition, so a read
 * is two queries side by side: the record and the protection state (the sort keys below `AUDIT#`), and
 * the newest audit entries. An unlock is a delete of the attempts item that returns what it removed,
 * then the audit entry. dynalite, the tests' stand-in, has no transactions; and an entry written after
 * its action can never claim an unlock that did not happen. An entry that fails after the delete is
 * reported as `UnauditedUnlockError`, never silent.
 */
export class DynamoDbAccountAdministration implements AccountAdministration {
  constructor(
    private readonly dynamo: DynamoDBClient,
    private readonly options: DynamoDbAccountAdministrationOptions,
  ) {}

  async read(account: AccountRef, options: ReadOptions = {}): Promise<AccountSnapshot> {
    const [state, audit] = await Promise.all([this.state(account), this.audit(account, options)]);
    return { ...state, audit };
  }

  async unlock(account: AccountRef, unlock: Unlock): Promise<LoginAttempts | undefined> {
    let cleared: LoginAttempts;
    try {
      const output = await this.dynamo.send(
        new DeleteItemCommand({
          TableName: this.options.tableName,
          Key: keyAttributes(attemptsKey(account.key)),
          ConditionExpression: 'attribute_exists(pk)',
          ReturnValues: 'ALL_OLD',
        }),
      );
      cleared = toLoginAttempts(output.Attributes ? unmarshall(output.Attributes) : {});
    } catch (error) {
      if (isConditionalCheckFailure(error)) return undefined;
      throw storeFailure('DeleteItem (unlock)', error);
    }
    try {
      await this.dynamo.send(
        new PutItemCommand({
          TableName: this.options.tableName,
          Item: {
            ...keyAttributes(auditKey(account.key, unlock.at, unlock.id)),
            outcome: stringValue('unlocked'),
            at: numberValue(unlock.at),
            accountExists: booleanValue(true),
            operator: stringValue(unlock.operator),
            [TTL_ATTRIBUTE]: numberValue(expiresAt(unlock.at, this.options.auditRetentionDays * 86_400)),
          },
        }),
      );
    } catch (error) {
      throw new UnauditedUnlockError(`the account was unlocked, but ${storeFailure('PutItem (audit of the unlock)', error).message}`, { cause: error });
    }
    return cleared;
  }

  recentLockouts(query: LockoutQuery): Promise<RecentLockout[]> {
    return queryRecentLockouts(this.dynamo, this.options.tableName, query);
  }

  private async state(account: AccountRef): Promise<Omit<AccountSnapshot, 'audit'>> {
    let items: Record<string, AttributeValue>[];
    try {
      const output = await this.dynamo.send(
        new QueryCommand({
          TableName: this.options.tableName,
          KeyConditionExpression: 'pk = :pk AND sk < :audit',
          ExpressionAttributeValues: { ':pk': stringValue(accountPartition(account.key)), ':audit': stringValue(SORT_KEYS.auditPrefix) },
          ConsistentRead: true,
        }),
      );
      items = output.Items ?? [];
    } catch (error) {
      throw storeFailure('Query (account)', error);
    }
    let snapshot: Omit<AccountSnapshot, 'audit'> = {};
    for (const raw of items) {
      const item = unmarshall(raw);
      if (item.sk === SORT_KEYS.account) snapshot = { ...snapshot, record: toRecord(item) };
      if (item.sk === SORT_KEYS.attempts) snapshot = { ...snapshot, protection: toLoginAttempts(item) };
    }
    return snapshot;
  }

  private async audit(account: AccountRef, options: ReadOptions): Promise<AuditEntry[]> {
    const limit = options.auditLimit ?? DEFAULT_AUDIT_LIMIT;
    if (limit <= 0) return [];
    const from = options.auditSince === undefined ? SORT_KEYS.auditPrefix : `${SORT_KEYS.auditPrefix}${new Date(options.auditSince).toISOString()}`;
    const entries: AuditEntry[] = [];
    let start: Record<string, AttributeValue> | undefined;
    try {
      do {
        const output = await this.dynamo.send(
          new QueryCommand({
            TableName: this.options.tableName,
            KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
            ExpressionAttributeValues: {
              ':pk': stringValue(accountPartition(account.key)),
              ':from': stringValue(from),
              ':to': stringValue(AFTER_EVERY_AUDIT_ENTRY),
            },
            ScanIndexForward: false,
            Limit: limit - entries.length,
            ...(start ? { ExclusiveStartKey: start } : {}),
          }),
        );
        for (const raw of output.Items ?? []) {
          const entry = toAuditEntry(unmarshall(raw));
          if (entry) entries.push(entry);
        }
        start = output.LastEvaluatedKey;
      } while (start && entries.length < limit);
    } catch (error) {
      throw storeFailure('Query (audit trail)', error);
    }
    return entries;
  }
}

function optionalNumber(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined;
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/**
 * An audit item, whoever wrote it: the triggers and unlocks write `at`; the reminder workflow writes
 * only the key, whose sort key carries the time (`AUDIT#<ISO time>#<id>`).
 */
export function toAuditEntry(item: Record<string, unknown>): AuditEntry | undefined {
  const sk = optionalString(item.sk);
  if (!sk?.startsWith(SORT_KEYS.auditPrefix)) return undefined;
  const rest = sk.slice(SORT_KEYS.auditPrefix.length);
  const separator = rest.indexOf('#');
  const time = Date.parse(separator === -1 ? rest : rest.slice(0, separator));
  const at = optionalNumber(item.at) ?? (Number.isNaN(time) ? undefined : time);
  const outcome = optionalString(item.outcome);
  if (at === undefined || outcome === undefined) return undefined;
  const operator = optionalString(item.operator);
  return {
    id: separator === -1 ? '' : rest.slice(separator + 1),
    outcome,
    at,
    accountExists: item.accountExists !== false,
    ...(operator !== undefined ? { operator } : {}),
  };
}
