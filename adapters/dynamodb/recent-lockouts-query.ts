import { BatchGetItemCommand, QueryCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { StoreRejectedError, StoreUnavailableError, type Account, type LockoutQuery, type RecentLockout } from '../../domain';
import { toRecord } from './account-record';
import { keyAttributes, numberValue, stringValue } from './attribute-values';
import { storeFailure } from './store-errors';
import { accountKey, accountPartition, lockoutDay, RECENT_LOCKOUTS, SORT_KEYS } from './table-keys';

/** BatchGetItem takes at most 100 keys a request. */
const BATCH_SIZE = 100;
/** DynamoDB may leave keys unprocessed under load: asked again this many times, then reported. */
const BATCH_ROUNDS = 5;
const DAY_MS = 86_400_000;

/**
 * The lockouts engaged in a period, newest first: one Query per UTC day of the period on the sparse
 * `recent-lockouts` index (newest day first, stopping at the limit), then the listed accounts' records
 * in BatchGetItem requests, to name them. The index is eventually consistent: a lock engaged a moment
 * ago may show a moment later.
 */
export async function queryRecentLockouts(dynamo: DynamoDBClient, tableName: string, query: LockoutQuery): Promise<RecentLockout[]> {
  const found: RecentLockout[] = [];
  for (const day of daysOf(query.since, query.until)) {
    let start: Record<string, AttributeValue> | undefined;
    do {
      let output;
      try {
        output = await dynamo.send(
          new QueryCommand({
            TableName: tableName,
            IndexName: RECENT_LOCKOUTS.indexName,
            KeyConditionExpression: '#day = :day AND #at BETWEEN :since AND :until',
            ExpressionAttributeNames: { '#day': RECENT_LOCKOUTS.dayAttribute, '#at': RECENT_LOCKOUTS.atAttribute },
            ExpressionAttributeValues: { ':day': stringValue(day), ':since': numberValue(query.since), ':until': numberValue(query.until) },
            ScanIndexForward: false,
            Limit: query.limit - found.length,
            ...(start ? { ExclusiveStartKey: start } : {}),
          }),
        );
      } catch (error) {
        throw missingIndex(error) ?? storeFailure('Query (recent lockouts)', error);
      }
      for (const raw of output.Items ?? []) {
        const lockout = toRecentLockout(unmarshall(raw));
        if (lockout) found.push(lockout);
      }
      start = output.LastEvaluatedKey;
    } while (start && found.length < query.limit);
    if (found.length >= query.limit) break;
  }
  const records = await accountRecords(dynamo, tableName, found.map((lockout) => lockout.account.key));
  return found.map((lockout) => {
    const record = records.get(lockout.account.key);
    return record ? { ...lockout, record } : lockout;
  });
}

/** The index partitions a period spans, the newest day first. */
export function daysOf(since: number, until: number): string[] {
  const days: string[] = [];
  const first = Math.floor(since / DAY_MS);
  for (let day = Math.floor(until / DAY_MS); day >= first; day -= 1) days.push(lockoutDay(day * DAY_MS));
  return days;
}

/** The account records kept under these keys (those that have one). */
async function accountRecords(dynamo: DynamoDBClient, tableName: string, keys: readonly string[]): Promise<Map<string, Partial<Account>>> {
  const records = new Map<string, Partial<Account>>();
  const unique = [...new Set(keys)];
  for (let offset = 0; offset < unique.length; offset += BATCH_SIZE) {
    let pending: Record<string, AttributeValue>[] = unique.slice(offset, offset + BATCH_SIZE).map((key) => keyAttributes(accountKey(key)));
    for (let round = 0; pending.length > 0; round += 1) {
      if (round === BATCH_ROUNDS) throw new StoreUnavailableError(`DynamoDB BatchGetItem (account records) left keys unprocessed ${BATCH_ROUNDS} times`);
      let output;
      try {
        output = await dynamo.send(new BatchGetItemCommand({ RequestItems: { [tableName]: { Keys: pending } } }));
      } catch (error) {
        throw storeFailure('BatchGetItem (account records)', error);
      }
      for (const raw of output.Responses?.[tableName] ?? []) {
        const item = unmarshall(raw);
        records.set(String(item.pk).slice(accountPartition('').length), toRecord(item));
      }
      pending = output.UnprocessedKeys?.[tableName]?.Keys ?? [];
    }
  }
  return records;
}

function toRecentLockout(item: Record<string, unknown>): RecentLockout | undefined {
  const prefix = accountPartition('');
  if (typeof item.pk !== 'string' || !item.pk.startsWith(prefix) || item.sk !== SORT_KEYS.attempts) return undefined;
  if (typeof item.lastLockedAt !== 'number') return undefined;
  return {
    account: { key: item.pk.slice(prefix.length) },
    lockedAt: item.lastLockedAt,
    ...(typeof item.lockedUntil === 'number' ? { lockedUntil: item.lockedUntil } : {}),
    level: typeof item.lockouts === 'number' ? item.lockouts : 0,
    resetRequired: item.resetRequired === true,
  };
}

/** A table created before the index: DynamoDB says so with a ValidationException. */
function missingIndex(error: unknown): StoreRejectedError | undefined {
  if (!(error instanceof Error) || error.name !== 'ValidationException' || !/index/i.test(error.message)) return undefined;
  return new StoreRejectedError(`the table has no ${RECENT_LOCKOUTS.indexName} index (a table made before it: deploy the current program)`, { cause: error });
}
