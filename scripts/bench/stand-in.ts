/**
 * The benchmark's remote services, in a process of their own so that the handlers' process is measured
 * as a Lambda function talking to services elsewhere: dynalite (an in-memory DynamoDB, tables created at
 * once) with one table laid out as infra/ provisions it (test/support/dynalite.ts), and the local SSM
 * endpoint serving the tests' account key secret (test/support/ssm-endpoint.ts). Both listen on
 * 127.0.0.1 on ports of the system's choosing.
 *
 * Started by the benchmark with an IPC channel, it announces itself with
 * `{ type: 'ready', dynamodb, ssm, tableName }` and answers requests `{ id, type, ... }`:
 * - `counts`: requests received per operation since the last `counts` (DynamoDB operations by their
 *   x-amz-target, SSM ones prefixed `SSM:`), then starts counting afresh;
 * - `put`: writes one item (DynamoDB JSON) into the table, e.g. a locked account.
 * Run on its own (`node --import tsx scripts/bench/stand-in.ts`), it prints the same JSON line and
 * serves until interrupted.
 */
import '../../test/setup'; // local credentials and region: talks only to 127.0.0.1
import { DynamoDBClient, PutItemCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { startDynalite } from '../../test/support/dynalite';
import { TEST_ACCOUNT_KEY_PARAMETER, TEST_ACCOUNT_KEY_SECRET } from '../../test/support/lambda-bundle';
import { SsmEndpoint } from '../../test/support/ssm-endpoint';

export interface StandInReady {
  readonly type: 'ready';
  readonly dynamodb: string;
  readonly ssm: string;
  readonly tableName: string;
}

export type StandInRequest =
  | { readonly id: number; readonly type: 'counts' }
  | { readonly id: number; readonly type: 'put'; readonly item: Record<string, AttributeValue> };

async function main(): Promise<void> {
  const dynamo = await startDynalite();
  const ssm = new SsmEndpoint({ [TEST_ACCOUNT_KEY_PARAMETER]: TEST_ACCOUNT_KEY_SECRET });
  const ssmEndpoint = await ssm.start();
  const client = new DynamoDBClient({ endpoint: dynamo.endpoint });
  let ssmSeen = 0;

  const counts = (): Record<string, number> => {
    const result: Record<string, number> = Object.fromEntries(dynamo.requests);
    for (const call of ssm.calls.slice(ssmSeen)) result[`SSM:${call.operation}`] = (result[`SSM:${call.operation}`] ?? 0) + 1;
    ssmSeen = ssm.calls.length;
    dynamo.resetCounts();
    return result;
  };

  const ready: StandInReady = { type: 'ready', dynamodb: dynamo.endpoint, ssm: ssmEndpoint, tableName: dynamo.tableName };
  const stop = async () => {
    client.destroy();
    await ssm.stop();
    await dynamo.stop();
    process.exit(0);
  };

  if (!process.send) {
    console.log(JSON.stringify(ready));
    process.on('SIGINT', () => void stop());
    return;
  }
  process.on('disconnect', () => void stop());
  process.on('message', (message: StandInRequest) => {
    const answer = async (): Promise<Record<string, unknown>> => {
      switch (message.type) {
        case 'counts':
          return { counts: counts() };
        case 'put':
          await client.send(new PutItemCommand({ TableName: dynamo.tableName, Item: message.item }));
          return {};
      }
    };
    answer().then(
      (reply) => process.send?.({ id: message.id, ...reply }),
      (error: unknown) => process.send?.({ id: message.id, error: String(error) }),
    );
  });
  process.send(ready);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
