/**
 * A warm execution environment of one handler (bundled to dist/bench/warm-worker.js and run without any
 * loader): the benchmark starts one per handler, so neither shares a heap, an event loop or process-wide
 * hooks (AsyncLocalStorage, for one, slows every promise of the process it is used in) with the other.
 * It loads the bundle given as its argument, then runs blocks of invocations on request over IPC:
 *
 *   { id, type: 'run', users: string[], inFlight: number }
 *     → { id, latencies: number[] (ms, one per user, in completion order), wallMs, cpuMs, outcomes }
 *
 * `outcomes` counts 'ok' (the event came back) and each error message, so the benchmark can check
 * which path it measured; `cpuMs` is the CPU time (user + system) this process spent on the block, all
 * of it the handler's since nothing else runs here meanwhile. Events and contexts are built before the
 * clocks start.
 */
import { performance } from 'node:perf_hooks';
import { lambdaContext, preAuthenticationEvent } from '../../test/support/cognito-events';

type Handler = (event: unknown, context: unknown) => Promise<unknown>;

export interface RunRequest {
  readonly id: number;
  readonly type: 'run';
  readonly users: readonly string[];
  readonly inFlight: number;
}

export interface RunResult {
  readonly id: number;
  readonly latencies: number[];
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly outcomes: Record<string, number>;
}

const path = process.argv[2];
if (!path) throw new Error('usage: warm-worker.js <bundle path>');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { handler } = require(path) as { handler: Handler };

async function run(request: RunRequest): Promise<RunResult> {
  const invocations = request.users.map((userName) => ({
    event: preAuthenticationEvent({ userName, sub: userName, email: `${userName}@example.com` }),
    context: lambdaContext('bench-pre-authentication'),
  }));
  const latencies: number[] = [];
  const outcomes: Record<string, number> = {};
  let next = 0;
  const worker = async () => {
    while (next < invocations.length) {
      const { event, context } = invocations[next++]!;
      let outcome = 'ok';
      const started = performance.now();
      try {
        await handler(event, context);
      } catch (error) {
        outcome = (error as Error).message;
      }
      latencies.push(performance.now() - started);
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
    }
  };
  const cpu = process.cpuUsage();
  const started = performance.now();
  await Promise.all(Array.from({ length: Math.max(1, request.inFlight) }, worker));
  const wallMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return { id: request.id, latencies, wallMs, cpuMs: (used.user + used.system) / 1000, outcomes };
}

process.on('message', (request: RunRequest) => {
  run(request).then(
    (result) => process.send?.(result),
    (error: unknown) => process.send?.({ id: request.id, error: String(error) }),
  );
});
process.on('disconnect', () => process.exit(0));
process.send?.({ type: 'ready' });
