import {
  BatchWriteItemCommand,
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ScanCommand,
  type AttributeValue,
} from '@aws-sdk/client-dynamodb';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTableInput } from '../../infra/table-schema';

export interface SandboxDynamoOptions {
  readonly tableName: string;
  readonly port: number;
  /** A folder that keeps the data across restarts; in memory without one. */
  readonly dataDirectory?: string;
}

export interface SandboxDynamo {
  readonly endpoint: string;
  stop(): Promise<void>;
}

/**
 * DynamoDB for the sandbox: dynalite on 127.0.0.1, its data in a folder (LevelDB) so that a restart
 * keeps users' sign-in state, with the table created from the program's own key schema. dynalite
 * expires nothing (TTL is not implemented): ephemeral items stay until `--reset`.
 */
export async function startSandboxDynamo(options: SandboxDynamoOptions): Promise<SandboxDynamo> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const dynalite = require('dynalite') as (settings: Record<string, unknown>) => Server;
  const server = dynalite({
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
    ...(options.dataDirectory === undefined ? {} : { path: options.dataDirectory }),
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = new DynamoDBClient({ endpoint, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  try {
    const created = await client.send(new CreateTableCommand(createTableInput(options.tableName))).then(
      () => true,
      (error: unknown) => {
        // A restart over kept data finds the table there.
        if (!(error instanceof Error && error.name === 'ResourceInUseException')) throw error;
        return false;
      },
    );
    await untilActive(client, options.tableName);
    if (!created) await addMissingIndexes(client, options.tableName);
  } finally {
    client.destroy();
  }
  return {
    endpoint,
    stop: async () => {
      server.closeAllConnections?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * dynalite marks a new table ACTIVE on a timer, after its CREATING state reached the store (on disk,
 * that can take a while); until then every item request answers ResourceNotFoundException, and so can
 * DescribeTable right after CreateTable on a busy machine.
 */
export async function untilActive(client: DynamoDBClient, tableName: string): Promise<void> {
  for (let round = 0; ; round += 1) {
    const Table = await client.send(new DescribeTableCommand({ TableName: tableName })).then(
      (output) => output.Table,
      (error: unknown) => {
        if (error instanceof Error && error.name === 'ResourceNotFoundException') return undefined;
        throw error;
      },
    );
    if (Table?.TableStatus === 'ACTIVE') return;
    if (round >= 250) throw new Error(`the table ${tableName} stayed ${String(Table?.TableStatus)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * A data folder made before the table had an index it has now (the recent-lockouts index) keeps its
 * table without it. DynamoDB adds an index in place (UpdateTable, as `pulumi up` does); dynalite cannot,
 * so the table is made again from the schema and every item written back. Items are indexed as they
 * are written, as a deployed table's backfill indexes them: a lock engaged before the index existed
 * carries no index key and is listed from its next lock on.
 */
export async function addMissingIndexes(client: DynamoDBClient, tableName: string): Promise<string[]> {
  const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
  const present = new Set((Table?.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName));
  const missing = (createTableInput(tableName).GlobalSecondaryIndexes ?? []).map((index) => index.IndexName).filter((name) => !present.has(name));
  if (missing.length === 0) return [];
  const items: Record<string, AttributeValue>[] = [];
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: tableName, ConsistentRead: true, ...(start ? { ExclusiveStartKey: start } : {}) }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  await client.send(new DeleteTableCommand({ TableName: tableName }));
  for (let round = 0; ; round += 1) {
    const gone = await client.send(new DescribeTableCommand({ TableName: tableName })).then(
      () => false,
      (error: unknown) => error instanceof Error && error.name === 'ResourceNotFoundException',
    );
    if (gone) break;
    if (round >= 250) throw new Error(`the table ${tableName} could not be made again with its indexes`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await client.send(new CreateTableCommand(createTableInput(tableName)));
  await untilActive(client, tableName);
  for (let offset = 0; offset < items.length; offset += 25) {
    let pending = items.slice(offset, offset + 25).map((Item) => ({ PutRequest: { Item } }));
    while (pending.length > 0) {
      const output = await client.send(new BatchWriteItemCommand({ RequestItems: { [tableName]: pending } }));
      pending = (output.UnprocessedItems?.[tableName] ?? []).map((request) => ({ PutRequest: { Item: request.PutRequest?.Item ?? {} } }));
    }
  }
  return missing;
}
