/**
 * The benchmark's remote services, in a process of their own so that the handlers' process is measured
 * as a Lambda function talking to services elsewhere: dynalite (an in-memory DynamoDB, tables created at
 * once) with one table laid out as infra/ provisions it (test/support/dynalite.ts), and the local SSM
 * endpoint serving the tests' account key secret (sandbox/secrets/ssm-endpoint.ts). Both listen on
 * 127.0.0.1 on ports of the system's choosing.
 *
 * Started by the benchmark with an IPC channel, it announces itself with
 * `{ type: 'ready', dynamodb, ssm, tableName }` and answers requests `{ id, type, ... }`:
 * - `counts`: requests received per operation since the last `counts` (DynamoDB operations by their
 *   x-amz-target, SSM ones prefixed `SSM:`), then starts counting afresh;
 * - `put`: writes one item (DynamoDB JSON) into the table, e.g. a locked account;
 * - `latency` `{ ms }`: from now on, holds every answer (DynamoDB's and SSM's) at least `ms` ms after it
 *   is ready before sending it (0: at once), each on a timer of its own, so answers to concurrent
 *   requests are held side by side, as a remote service's round trips overlap; replies with the holds
 *   made since the previous `latency` request (`{ held: { count, meanMs, minMs, maxMs } }`). The
 *   services still do their own work, one request after another, before the hold starts: the hold
 *   models the network round trip to a regional service, added on top.
 * Run on its own (`node --import tsx scripts/bench/stand-in.ts`), it prints the same JSON line and
 * serves until interrupted.
 */
import '../../test/setup'; // local credentials and region: talks only to 127.0.0.1
import { subscribe } from 'node:diagnostics_channel';
import type { ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { DynamoDBClient, PutItemCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { startDynalite } from '../../test/support/dynalite';
import { TEST_ACCOUNT_KEY_PARAMETER, TEST_ACCOUNT_KEY_SECRET } from '../../test/support/lambda-bundle';
import { SsmEndpoint } from '../../sandbox/secrets/ssm-endpoint';

export interface StandInReady {
  readonly type: 'ready';
  readonly dynamodb: string;
  readonly ssm: string;
  readonly tableName: string;
}

export type StandInRequest =
  | { readonly id: number; readonly type: 'counts' }
  | { readonly id: number; readonly type: 'put'; readonly item: Record<string, AttributeValue> }
  | { readonly id: number; readonly type: 'latency'; readonly ms: number };

/** Answers held back by the `latency` front since the last `latency` request. */
export interface Holds {
  readonly count: number;
  readonly meanMs: number;
  readonly minMs: number;
  readonly maxMs: number;
}

/**
 * The latency front: every HTTP request this process serves (dynalite's and the SSM endpoint's) is
 * seen as it starts through Node's `http.server.request.start` diagnostics channel, before the server's
 * own handler runs; while a latency is set, its response's `end` is deferred by that many ms (at least:
 * timers have millisecond granularity) after the service calls it. Both services answer with a single
 * `end(body)` and headers set before it, so nothing reaches the socket until the hold is over.
 */
class LatencyFront {
  private ms = 0;
  private held: number[] = [];

  constructor() {
    subscribe('http.server.request.start', (message) => {
      const ms = this.ms;
      if (ms > 0) this.hold((message as { response: ServerResponse }).response, ms);
    });
  }

  /** Sets the latency for requests starting from now on; returns the holds made since the previous call. */
  set(ms: number): Holds {
    const held = this.held;
    this.ms = ms;
    this.held = [];
    return {
      count: held.length,
      meanMs: held.length === 0 ? 0 : held.reduce((sum, value) => sum + value, 0) / held.length,
      minMs: held.length === 0 ? 0 : Math.min(...held),
      maxMs: held.length === 0 ? 0 : Math.max(...held),
    };
  }

  private hold(response: ServerResponse, ms: number): void {
    const end = response.end;
    response.end = ((...args: unknown[]) => {
      const ready = performance.now();
      const release = () => {
        const held = performance.now() - ready;
        if (held < ms) return void setTimeout(release, Math.ceil(ms - held));
        this.held.push(held);
        (end as (...endArgs: unknown[]) => ServerResponse).apply(response, args);
      };
      setTimeout(release, ms);
      return response;
    }) as ServerResponse['end'];
  }
}

async function main(): Promise<void> {
  const latency = new LatencyFront();
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
        case 'latency':
          return { held: latency.set(message.ms) };
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
