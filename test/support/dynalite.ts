import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTableInput } from '../../infra/table-schema';

export interface DynaliteHandle {
  readonly endpoint: string;
  readonly tableName: string;
  /** Requests received, by operation (`UpdateItem`, `PutItem`, …), since the last reset. */
  readonly requests: Map<string, number>;
  resetCounts(): void;
  stop(): Promise<void>;
}

let tables = 0;

/**
 * Starts dynalite (an in-memory DynamoDB) on 127.0.0.1, creates a table laid out as infra/ provisions
 * it, points the SDK's default configuration chain at it through AWS_ENDPOINT_URL_DYNAMODB, and counts
 * the requests it receives. `stop()` restores the environment.
 */
export async function startDynalite(): Promise<DynaliteHandle> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const dynalite = require('dynalite') as (options: Record<string, number>) => Server;
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  const requests = new Map<string, number>();
  server.on('request', (request) => {
    const target = String(request.headers['x-amz-target'] ?? '');
    const operation = target.split('.').pop() ?? target;
    requests.set(operation, (requests.get(operation) ?? 0) + 1);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const previousEndpoint = process.env.AWS_ENDPOINT_URL_DYNAMODB;
  process.env.AWS_ENDPOINT_URL_DYNAMODB = endpoint;

  tables += 1;
  const tableName = `gatehouse-test-${process.pid}-${tables}`;
  const client = new DynamoDBClient({ endpoint });
  await client.send(new CreateTableCommand(createTableInput(tableName)));
  client.destroy();
  requests.clear();

  return {
    endpoint,
    tableName,
    requests,
    resetCounts: () => requests.clear(),
    stop: async () => {
      if (previousEndpoint === undefined) delete process.env.AWS_ENDPOINT_URL_DYNAMODB;
      else process.env.AWS_ENDPOINT_URL_DYNAMODB = previousEndpoint;
      server.closeAllConnections?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
