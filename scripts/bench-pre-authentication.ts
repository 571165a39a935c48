/**
 * Benchmark of the built bundles against dynalite on 127.0.0.1: cold load time of each bundle, and
 * PreAuthentication latency (sequential and 16 in flight) with the DynamoDB requests per invocation.
 * Numbers from an in-memory stand-in measure Gatehouse's own overhead, not DynamoDB's latency.
 *
 *   npm run build && npm run bench
 */
import { performance } from 'node:perf_hooks';
import '../test/setup'; // local credentials and region: the benchmark talks only to 127.0.0.1
import { preAuthenticationEvent, postAuthenticationEvent, type Person } from '../test/support/cognito-events';
import { startDynalite } from '../test/support/dynalite';
import { functionEnvironment, loadBundle, withEnvironment } from '../test/support/lambda-bundle';

const SEQUENTIAL = Number(process.env.BENCH_SEQUENTIAL ?? 500);
const CONCURRENT = Number(process.env.BENCH_CONCURRENT ?? 1000);
const IN_FLIGHT = 16;

const person = (n: number): Person => ({
  userName: `bench-${n}`,
  sub: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  email: `bench${n}@example.com`,
});

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

function summary(label: string, samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const f = (n: number) => n.toFixed(2).padStart(7);
  return `${label.padEnd(38)} n=${String(samples.length).padStart(5)}  p50 ${f(percentile(sorted, 50))} ms  p95 ${f(percentile(sorted, 95))} ms  p99 ${f(percentile(sorted, 99))} ms`;
}

async function main(): Promise<void> {
  const dynamo = await startDynalite();
  const restore = withEnvironment({ ...functionEnvironment(dynamo.tableName), POWERTOOLS_LOG_LEVEL: 'SILENT' });
  try {
    for (const trigger of ['pre-authentication', 'post-authentication', 'post-confirmation']) {
      const started = performance.now();
      loadBundle(trigger);
      console.log(`${`cold load ${trigger}`.padEnd(38)} ${(performance.now() - started).toFixed(1)} ms`);
    }

    const preAuthentication = loadBundle('pre-authentication');
    const postAuthentication = loadBundle('post-authentication');
    await preAuthentication(preAuthenticationEvent(person(0))); // first invocation builds the container

    dynamo.resetCounts();
    const sequential: number[] = [];
    for (let i = 0; i < SEQUENTIAL; i += 1) {
      const p = person(i + 1);
      const started = performance.now();
      await preAuthentication(preAuthenticationEvent(p));
      sequential.push(performance.now() - started);
      await postAuthentication(postAuthenticationEvent(p));
    }
    const counts = Object.fromEntries(dynamo.requests);
    console.log(summary('pre-authentication, sequential', sequential));
    console.log(`requests for ${SEQUENTIAL} sign-ins (pre + post): ${JSON.stringify(counts)}`);

    const concurrent: number[] = [];
    let next = 0;
    const worker = async () => {
      while (next < CONCURRENT) {
        const p = person(100_000 + (next++ % 50));
        const started = performance.now();
        await preAuthentication(preAuthenticationEvent(p)).catch(() => undefined);
        concurrent.push(performance.now() - started);
      }
    };
    const started = performance.now();
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
    const seconds = (performance.now() - started) / 1000;
    console.log(summary(`pre-authentication, ${IN_FLIGHT} in flight`, concurrent));
    console.log(`throughput ${(CONCURRENT / seconds).toFixed(0)} invocations/s (bounded by the stand-in)`);
  } finally {
    restore();
    await dynamo.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
