/**
 * The single table's keys, TTL attribute and index, as plain data: the program creates the table from
 * it (`components/single-table.ts`), and so do the local sandbox and the tests' stand-in, so that all
 * three hold items under the same key schema. The adapters' item layout is `adapters/dynamodb/table-keys.ts`.
 */
export const TABLE_SCHEMA = {
  partitionKey: 'pk',
  sortKey: 'sk',
  /** Both keys are strings. */
  keyType: 'S',
  ttlAttribute: 'expiresAt',
} as const;

/**
 * The sparse index of recent lockouts: only an attempts item whose lock engaged carries its partition
 * key (`lockoutDay`, the UTC day of the lock), sorted by the lock's time (`lastLockedAt`, epoch
 * milliseconds, an attribute the item holds anyway). The lock's own facts are projected so a listing
 * reads nothing else, and only those: counting an attempt changes none of them, so it never writes to
 * the index. An item leaves the index with the item (a success, a recovery, an unlock, TTL).
 */
export const RECENT_LOCKOUTS_INDEX = {
  name: 'recent-lockouts',
  partitionKey: 'lockoutDay',
  partitionKeyType: 'S',
  sortKey: 'lastLockedAt',
  sortKeyType: 'N',
  projectedAttributes: ['lockedUntil', 'lockouts', 'resetRequired'],
} as const;

/** The schema as DynamoDB's `CreateTable` takes it (what dynalite creates). */
export function createTableInput(tableName: string) {
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST' as const,
    AttributeDefinitions: [
      { AttributeName: TABLE_SCHEMA.partitionKey, AttributeType: TABLE_SCHEMA.keyType },
      { AttributeName: TABLE_SCHEMA.sortKey, AttributeType: TABLE_SCHEMA.keyType },
      { AttributeName: RECENT_LOCKOUTS_INDEX.partitionKey, AttributeType: RECENT_LOCKOUTS_INDEX.partitionKeyType },
      { AttributeName: RECENT_LOCKOUTS_INDEX.sortKey, AttributeType: RECENT_LOCKOUTS_INDEX.sortKeyType },
    ],
    KeySchema: [
      { AttributeName: TABLE_SCHEMA.partitionKey, KeyType: 'HASH' as const },
      { AttributeName: TABLE_SCHEMA.sortKey, KeyType: 'RANGE' as const },
    ],
    GlobalSecondaryIndexes: [
      {
        IndexName: RECENT_LOCKOUTS_INDEX.name,
        KeySchema: [
          { AttributeName: RECENT_LOCKOUTS_INDEX.partitionKey, KeyType: 'HASH' as const },
          { AttributeName: RECENT_LOCKOUTS_INDEX.sortKey, KeyType: 'RANGE' as const },
        ],
        Projection: { ProjectionType: 'INCLUDE' as const, NonKeyAttributes: [...RECENT_LOCKOUTS_INDEX.projectedAttributes] },
      },
    ],
  };
}
