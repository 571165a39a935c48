import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
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
    await client.send(new CreateTableCommand(createTableInput(options.tableName))).catch((error: unknown) => {
      // A restart over kept data finds the table there.
      if (!(error instanceof Error && error.name === 'ResourceInUseException')) throw error;
    });
    // dynalite marks a new table ACTIVE on a timer, after its CREATING state reached the store (on disk,
    // that can take a while); until then every item request answers ResourceNotFoundException.
    for (let round = 0; ; round += 1) {
      const { Table } = await client.send(new DescribeTableCommand({ TableName: options.tableName }));
      if (Table?.TableStatus === 'ACTIVE') break;
      if (round >= 250) throw new Error(`the table ${options.tableName} stayed ${String(Table?.TableStatus)}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
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
