/**
 * The single table's keys and TTL attribute, as plain data: the program creates the table from it
 * (`components/single-table.ts`), and so do the local sandbox and the tests' stand-in, so that all
 * three hold items under the same key schema. The adapters' item layout is `adapters/dynamodb/table-keys.ts`.
 */
export const TABLE_SCHEMA = {
  partitionKey: 'pk',
  sortKey: 'sk',
  /** Both keys are strings. */
  keyType: 'S',
  ttlAttribute: 'expiresAt',
} as const;

/** The schema as DynamoDB's `CreateTable` takes it (what dynalite creates). */
export function createTableInput(tableName: string) {
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST' as const,
    AttributeDefinitions: [
      { AttributeName: TABLE_SCHEMA.partitionKey, AttributeType: TABLE_SCHEMA.keyType },
      { AttributeName: TABLE_SCHEMA.sortKey, AttributeType: TABLE_SCHEMA.keyType },
    ],
    KeySchema: [
      { AttributeName: TABLE_SCHEMA.partitionKey, KeyType: 'HASH' as const },
      { AttributeName: TABLE_SCHEMA.sortKey, KeyType: 'RANGE' as const },
    ],
  };
}
