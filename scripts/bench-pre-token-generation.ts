/**
 * What a token issue costs with Gatehouse's claims policy: the built PreTokenGeneration bundle
 * (dist/lambda/pre-token-generation/index.js), warm, invoked as Lambda invokes it with a V2_0 event, under
 * two policies of the same shape (tenant, roles from groups, a scope, email suppressed) that differ only in
 * where the tenant comes from:
 * - attribute: the user's custom attribute, in the event — no request at all;
 * - account-record: the account's record — one GetItem (the account key's secret is read once per cold
 *   start, before the first measured invocation).
 * The stand-in (dynalite and the SSM endpoint, scripts/bench/stand-in.ts) runs in a process of its own;
 * both policies run in this process, each from a fresh copy of the bundle, in alternating blocks so they
 * share the machine's noise. Every answer is checked (the tenant in both tokens) and the requests of each
 * block are counted by the stand-in. A last pair of scenarios holds every answer of the stand-in
 * BENCH_LATENCY_MS ms (a regional round trip, which the in-memory stand-in lacks). Prints p50, p90 and
 * p99 in ms and the requests per token issue. Logs are silenced and metrics off: the numbers are the
 * handler's work and its request, not CloudWatch's.
 *
 *   npm run build && npm run bench:tokens
 *
 *   BENCH_ISSUES       measured token issues per policy (default 2000)
 *   BENCH_BLOCK        token issues per alternation block (default 100)
 *   BENCH_LATENCY_MS   ms held per stand-in answer in the last scenarios (default 3; 0 skips them)
 *   BENCH_LATENCY_RUNS measured token issues per policy with that latency (default 400)
 */
import '../test/setup'; // local credentials and region: the benchmark talks only to 127.0.0.1
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { accountKey } from '../adapters/crypto/hmac-account-keys';
import { parseStackConfig } from '../infra/config';
import { claimsEnvironment } from '../infra/function-environment';
import { startStandIn } from './bench/children';
import { lambdaContext, preTokenGenerationEvent, type Person } from '../test/support/cognito-events';
import { functionEnvironment, TEST_ACCOUNT_KEY_SECRET } from '../test/support/lambda-bundle';

type Handler = (event: unknown, context: unknown) => Promise<unknown>;

const size = (name: string, fallback: number, min = 1): number => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be a whole number >= ${min}`);
  return value;
};
const ISSUES = size('BENCH_ISSUES', 2000);
const BLOCK = size('BENCH_BLOCK', 100);
const LATENCY_MS = size('BENCH_LATENCY_MS', 3, 0);
const LATENCY_RUNS = size('BENCH_LATENCY_RUNS', 400);
const WARMUP = 200;
const USERS = 64;

const bundle = join(__dirname, '..', 'dist', 'lambda', 'pre-token-generation', 'index.js');
const POLICY = { enabled: true, eventVersion: 'V2_0', roles: { groups: { admins: ['admin', 'billing-reader'] } }, scopes: ['api.example.com/orders.read'] };
const POLICIES = {
  attribute: { ...POLICY, tenant: { from: 'attribute', attribute: 'custom:tenant' } },
  'account-record': { ...POLICY, tenant: { from: 'account-record' } },
} as const;
type PolicyName = keyof typeof POLICIES;

const people: Person[] = Array.from({ length: USERS }, (_, index) => {
  const id = `0b0b0b0b-0000-4000-8000-${String(index).padStart(12, '0')}`;
  return { userName: id, sub: id, email: `user${index}@example.com` };
});
const events = people.map((person) => preTokenGenerationEvent(person, { version: 'V2_0', groups: ['admins'], attributes: { 'custom:tenant': 'acme' } }));

/** A fresh copy of the bundle (a new execution environment) whose composition root reads `environment`. */
async function loadWith(environment: Record<string, string>): Promise<Handler> {
  Object.assign(process.env, environment);
  delete require.cache[require.resolve(bundle)];
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { handler } = require(bundle) as { handler: Handler };
  // The first invocation builds the container and reads the secret: the cold start, not measured here.
  await handler(events[0], lambdaContext('bench'));
  return handler;
}

function check(answer: unknown, tenant: string): void {
  const details = (answer as { response?: { claimsAndScopeOverrideDetails?: { accessTokenGeneration?: { claimsToAddOrOverride?: Record<string, unknown> } } } })
    .response?.claimsAndScopeOverrideDetails;
  if (details?.accessTokenGeneration?.claimsToAddOrOverride?.['tenant'] !== tenant) throw new Error(`an answer without the tenant ${tenant}: ${JSON.stringify(answer)}`);
}

async function block(handler: Handler, count: number, offset: number, tenant: string): Promise<number[]> {
  const contexts = Array.from({ length: count }, () => lambdaContext('bench'));
  const latencies: number[] = [];
  for (let index = 0; index < count; index += 1) {
    const event = events[(offset + index) % events.length];
    const started = performance.now();
    const answer = await handler(event, contexts[index]);
    latencies.push(performance.now() - started);
    check(answer, tenant);
  }
  return latencies;
}

const TENANT: Record<PolicyName, string> = { attribute: 'acme', 'account-record': 'globex' };

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

interface Row {
  readonly scenario: string;
  issues: number;
  readonly requests: Record<string, number>;
  readonly latencies: number[];
}

/** Alternating blocks (AB BA AB …) of both policies; the stand-in's counts are read after every block. */
async function measure(handlers: Record<PolicyName, Handler>, total: number, label: string, standIn: Awaited<ReturnType<typeof startStandIn>>): Promise<Row[]> {
  const rows: Record<PolicyName, Row> = {
    attribute: { scenario: `attribute${label}`, issues: 0, requests: {}, latencies: [] },
    'account-record': { scenario: `account-record${label}`, issues: 0, requests: {}, latencies: [] },
  };
  await standIn.counts();
  for (let done = 0, round = 0; done < total; done += BLOCK, round += 1) {
    const count = Math.min(BLOCK, total - done);
    const order: PolicyName[] = round % 2 === 0 ? ['attribute', 'account-record'] : ['account-record', 'attribute'];
    for (const name of order) {
      const row = rows[name];
      row.latencies.push(...(await block(handlers[name], count, done, TENANT[name])));
      row.issues += count;
      for (const [operation, requests] of Object.entries(await standIn.counts())) row.requests[operation] = (row.requests[operation] ?? 0) + requests;
    }
  }
  return Object.values(rows);
}

async function main(): Promise<void> {
  if (!existsSync(bundle)) throw new Error(`${bundle} is missing: run \`npm run build\` first`);
  const standIn = await startStandIn();
  try {
    const { dynamodb, ssm, tableName } = standIn.ready;
    // The records' tenants, keyed as the functions key accounts.
    for (const person of people) {
      await standIn.put({ pk: { S: `ACCT#${accountKey(TEST_ACCOUNT_KEY_SECRET, person.userName)}` }, sk: { S: 'ACCOUNT' }, username: { S: person.userName }, tenant: { S: 'globex' } });
    }
    const base = { ...functionEnvironment(tableName), AWS_ENDPOINT_URL_DYNAMODB: dynamodb, AWS_ENDPOINT_URL_SSM: ssm, POWERTOOLS_LOG_LEVEL: 'SILENT', POWERTOOLS_METRICS_DISABLED: 'true' };
    const handlers = {
      attribute: await loadWith({ ...base, ...claimsEnvironment(parseStackConfig({ claims: POLICIES.attribute })) }),
      'account-record': await loadWith({ ...base, ...claimsEnvironment(parseStackConfig({ claims: POLICIES['account-record'] })) }),
    };
    for (const name of ['attribute', 'account-record'] as const) await block(handlers[name], WARMUP, 0, TENANT[name]);
    const rows = await measure(handlers, ISSUES, '', standIn);
    if (LATENCY_MS > 0) {
      await standIn.latency(LATENCY_MS);
      await block(handlers['account-record'], 50, 0, TENANT['account-record']);
      rows.push(...(await measure(handlers, LATENCY_RUNS, `, ${LATENCY_MS} ms service latency`, standIn)));
      const held = await standIn.latency(0);
      if (held.count === 0) throw new Error('the latency scenarios held no answer');
    }
    console.log(`PreTokenGeneration, warm, V2_0 event, ${people.length} users rotating (Node ${process.version}):`);
    console.log(`${'scenario'.padEnd(44)} ${'issues'.padStart(6)}  ${'requests/issue'.padEnd(16)} ${'p50 ms'.padStart(7)} ${'p90 ms'.padStart(7)} ${'p99 ms'.padStart(7)}`);
    for (const row of rows) {
      const sorted = [...row.latencies].sort((a, b) => a - b);
      const perIssue = Object.entries(row.requests).map(([operation, count]) => `${operation} ${(count / row.issues).toFixed(2)}`).join(', ') || 'none';
      console.log(
        `${row.scenario.padEnd(44)} ${String(row.issues).padStart(6)}  ${perIssue.padEnd(16)} ${percentile(sorted, 50).toFixed(2).padStart(7)} ${percentile(sorted, 90).toFixed(2).padStart(7)} ${percentile(sorted, 99).toFixed(2).padStart(7)}`,
      );
    }
  } finally {
    await standIn.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
