/**
 * PreAuthentication against its floor: the real bundle (dist/lambda/pre-authentication/index.js) and a
 * minimal hand-written handler doing one conditional UpdateItem with the same SDK
 * (scripts/bench/minimal-pre-authentication.ts, bundled with the same esbuild options) are measured in
 * the same run, alternately, against dynalite running in a process of its own on 127.0.0.1. Prints each
 * scenario, the DynamoDB/SSM requests it made per invocation, and a closing table of ratios
 * (gatehouse ÷ minimal) with the targets: warm p50 ≤ 1.3×, cold start ≤ 1.15×.
 *
 *   npm run build && npm run bench
 *
 * Numbers from an in-memory stand-in measure the handlers' own overhead, not DynamoDB's latency. The
 * stand-in shares the machine's two cores with the handler under test, and answers one request after
 * another: locally, a round trip is CPU, not network. The scenarios labelled "N ms service latency"
 * add the network back: the stand-in holds every answer N ms (BENCH_LATENCY_MS), answers to concurrent
 * requests side by side, as a regional service's round trips overlap.
 *
 * How (scripts/bench/): the stand-in (dynalite and a local SSM endpoint) runs in a child process of
 * its own and counts requests per operation; each handler runs in plain Node processes of its own (no
 * loader, no compile cache, a Lambda-like environment: the function's variables from
 * test/support/lambda-bundle.ts#functionEnvironment, POWERTOOLS_LOG_LEVEL=SILENT, local credentials).
 * - cold start: load (require of the bundle) and first invocation, timed inside a fresh Node process
 *   per repetition (Node's own boot, the same for both, is not counted), alternating the handlers;
 * - warm: one long-lived worker process per handler (never both in one process: Gatehouse's
 *   AsyncLocalStorage would slow the minimal handler's promises too), warmed up, then driven in
 *   alternating blocks (AB BA AB …) so both share the machine's noise; every invocation is timed
 *   on its own, the block's CPU time is taken from the worker, requests from the stand-in;
 * - the common path uses a fresh account (random UUID) per invocation: allowed, first attempt;
 * - the refused path locks accounts first (Gatehouse: LOCKOUT_MAX_FAILURES + 1 attempts each; minimal:
 *   an item written with lockedUntil an hour ahead), then rotates over them; every outcome is checked
 *   so a run that strayed from the labelled path fails instead of reporting;
 * - N ms service latency (run last, on the same stand-in and warm workers, so the scenarios above run
 *   as they would without it): the stand-in's latency front (scripts/bench/stand-in.ts) holds every
 *   DynamoDB and SSM answer at least BENCH_LATENCY_MS after the service produced it, each on a timer of
 *   its own; warm, sequential on the allowed path in alternating blocks (after 50 unmeasured
 *   invocations each), and cold start, total, BENCH_COLD_RUNS per handler. The requests per invocation
 *   must equal those of the same path without latency (a timeout or retry would show there), and every
 *   request the stand-in counted must have been held.
 *
 * Sizes (environment variables; counts are per handler):
 *   BENCH_COLD_RUNS          cold starts, each in a fresh process, alternating         (default 30; keep ≥ 15)
 *   BENCH_WARMUP             warm-up invocations before the warm scenarios             (default 400)
 *   BENCH_SEQUENTIAL         warm sequential invocations                                (default 4000; keep ≥ 1000)
 *   BENCH_SEQUENTIAL_BLOCK   sequential invocations per alternation block               (default 100)
 *   BENCH_CONCURRENT         warm invocations with BENCH_IN_FLIGHT in flight            (default 4000)
 *   BENCH_CONCURRENT_BLOCK   in-flight invocations per alternation block                (default 250)
 *   BENCH_IN_FLIGHT          invocations in flight                                      (default 16)
 *   BENCH_REFUSED            refused-while-locked invocations (after 50 of warm-up)     (default 1000)
 *   BENCH_LOCKED_ACCOUNTS    locked accounts the refused invocations rotate over        (default 8)
 *   BENCH_LATENCY_MS         ms the stand-in holds every DynamoDB/SSM answer in the
 *                            "service latency" scenarios: it models the network round
 *                            trip to a regional service (in-region: a few ms), not
 *                            DynamoDB's own service time (dynalite still does its work)
 *                            (default 3; 0 skips those scenarios)
 *   BENCH_LATENCY_RUNS       warm sequential invocations with service latency           (default 600)
 *   BENCH_CPU_PROF           a directory: run both warm workers with `node --cpu-prof`,
 *                            profiles in <dir>/minimal and <dir>/gatehouse (summarise
 *                            with scripts/bench/cpu-profile-summary.ts <dir>)           (default: off)
 */
import '../test/setup'; // local credentials and region: the benchmark talks only to 127.0.0.1
import { existsSync, statSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { buildBench, checkBundleOptions, paths } from './bench/build';
import { coldStart, startStandIn, startWarmWorker, type ColdStart, type StandIn, type WarmWorker } from './bench/children';
import type { Holds } from './bench/stand-in';
import { functionEnvironment } from '../test/support/lambda-bundle';

const size = (name: string, fallback: number, min = 1): number => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be a whole number >= ${min}`);
  return value;
};

const COLD_RUNS = size('BENCH_COLD_RUNS', 30);
const WARMUP = size('BENCH_WARMUP', 400);
const SEQUENTIAL = size('BENCH_SEQUENTIAL', 4000);
const SEQUENTIAL_BLOCK = size('BENCH_SEQUENTIAL_BLOCK', 100);
const CONCURRENT = size('BENCH_CONCURRENT', 4000);
const CONCURRENT_BLOCK = size('BENCH_CONCURRENT_BLOCK', 250);
const IN_FLIGHT = size('BENCH_IN_FLIGHT', 16);
const REFUSED = size('BENCH_REFUSED', 1000);
const REFUSED_WARMUP = 50;
const LOCKED_ACCOUNTS = size('BENCH_LOCKED_ACCOUNTS', 8);
const LATENCY_MS = size('BENCH_LATENCY_MS', 3, 0);
const LATENCY_RUNS = size('BENCH_LATENCY_RUNS', 600);
const LATENCY_WARMUP = 50;
const CPU_PROF_DIR = process.env.BENCH_CPU_PROF;

const LOCKED_MESSAGE = 'Too many failed sign-in attempts, please try again later';

type Who = 'minimal' | 'gatehouse';
const BOTH: readonly Who[] = ['minimal', 'gatehouse'];
/** AB, BA, AB, …: each handler goes first in every other round. */
const order = (round: number): readonly Who[] => (round % 2 === 0 ? BOTH : [...BOTH].reverse());

/** What each scenario measures: long in the scenario's heading, short in the closing table. */
const PATHS = {
  cold: 'allowed: a fresh account; load + first invocation, each in a new Node process',
  allowed: 'allowed: a fresh account per invocation (no attempts item yet), so none nears the limit',
  refused:
    'refused: an account locked beforehand (gatehouse: refused while locked, not counted; ' +
    'minimal: its ConditionalCheckFailed path)',
} as const;
const SHORT = {
  cold: 'allowed, fresh account, new process',
  allowed: 'allowed, fresh account',
  refused: 'refused while locked (minimal: condition failed)',
} as const;

// ---------------------------------------------------------------------------------------------------
// statistics and formatting

/** Nearest-rank percentile of sorted samples. */
function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

const sortedOf = (samples: readonly number[]) => [...samples].sort((a, b) => a - b);
const ms = (value: number) => `${value.toFixed(2)} ms`;
const ratioText = (value: number) => `${value.toFixed(2)}×`;

class Counts {
  private readonly totals = new Map<string, number>();
  invocations = 0;

  get requests(): number {
    return [...this.totals.values()].reduce((sum, n) => sum + n, 0);
  }

  add(counts: Record<string, number>, invocations: number): void {
    for (const [operation, n] of Object.entries(counts)) this.totals.set(operation, (this.totals.get(operation) ?? 0) + n);
    this.invocations += invocations;
  }

  /** Requests per invocation, by operation. */
  toString(): string {
    if (this.invocations === 0) return '(none)';
    const perInvocation = [...this.totals]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([operation, n]) => `${operation} ${Number((n / this.invocations).toFixed(3))}`);
    return `${perInvocation.join(', ') || 'none'} (${Number((this.requests / this.invocations).toFixed(3))} in all)`;
  }
}

interface Row {
  readonly scenario: string;
  readonly path: string;
  readonly minimal: string;
  readonly gatehouse: string;
  readonly ratio: number;
  readonly target?: number;
  /** Throughput: higher is better, so the target (if any) is a floor. */
  readonly higherIsBetter?: boolean;
}

function table(rows: readonly Row[]): string {
  const cells = [
    ['scenario', 'path', 'minimal', 'gatehouse', 'ratio', 'target', 'met'],
    ...rows.map((row) => [
      row.scenario,
      row.path,
      row.minimal,
      row.gatehouse,
      ratioText(row.ratio),
      row.target === undefined ? '-' : `${row.higherIsBetter ? '≥' : '≤'} ${ratioText(row.target)}`,
      row.target === undefined ? '-' : (row.higherIsBetter ? row.ratio >= row.target : row.ratio <= row.target) ? 'yes' : 'NO',
    ]),
  ];
  const widths = cells[0]!.map((_, column) => Math.max(...cells.map((line) => line[column]!.length)));
  const line = (values: readonly string[]) =>
    values.map((value, column) => (column >= 2 ? value.padStart(widths[column]!) : value.padEnd(widths[column]!))).join('  ');
  return [line(cells[0]!), widths.map((width) => '-'.repeat(width)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

function latencyLine(who: Who, samples: readonly number[]): string {
  const sorted = sortedOf(samples);
  return `  ${who.padEnd(10)} n=${String(samples.length).padStart(5)}  p50 ${ms(percentile(sorted, 50)).padStart(9)}  p95 ${ms(percentile(sorted, 95)).padStart(9)}  p99 ${ms(percentile(sorted, 99)).padStart(9)}  max ${ms(sorted[sorted.length - 1] ?? Number.NaN).padStart(9)}`;
}

/** Per handler: its process's CPU per invocation, and the requests it made (per invocation and per second). */
function warmDetails(results: WarmResults): string[] {
  return BOTH.map((who) => {
    const n = results.latencies[who].length;
    const cpu = (results.cpuMs[who] / n).toFixed(3);
    const perSecond = ((results.counts[who].requests / results.wallMs[who]) * 1000).toFixed(0);
    return `  ${who}: handler CPU ${cpu} ms/invocation; stand-in served ${perSecond} requests/s; requests per invocation: ${results.counts[who].toString()}`;
  });
}

/** The commit measured, and whether the handler code differs from it. */
function revision(): string {
  try {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: join(__dirname, '..'), encoding: 'utf8' }).trim();
    const dirty = git('status', '--porcelain', '--', 'handlers', 'adapters', 'domain') !== '';
    return `${git('rev-parse', '--short', 'HEAD')}${dirty ? ' + uncommitted changes in handlers/, adapters/ or domain/' : ''}`;
  } catch {
    return 'unknown';
  }
}

const loadText = (load: readonly number[]) => load.map((value) => value.toFixed(2)).join(' ');

const progress = (text: string) => process.stderr.write(`… ${text}\n`);

// ---------------------------------------------------------------------------------------------------
// scenarios

const bundleOf: Record<Who, string> = { minimal: paths.minimal, gatehouse: paths.gatehouse };
const freshUsers = (n: number) => Array.from({ length: n }, () => randomUUID());

function expectOnly(who: Who, scenario: string, outcomes: Record<string, number>, expected: string): void {
  const unexpected = Object.entries(outcomes).filter(([outcome]) => outcome !== expected);
  if (unexpected.length > 0) {
    throw new Error(`${scenario}: ${who} did not take the measured path (${JSON.stringify(outcomes)}); expected only '${expected}'`);
  }
}

/** The requests per invocation of a path with service latency must be those of the same path without it. */
function expectSameRequests(scenario: string, measured: Record<Who, Counts>, reference: Record<Who, Counts>): void {
  for (const who of BOTH) {
    if (measured[who].toString() !== reference[who].toString()) {
      throw new Error(
        `${scenario}: ${who} made other requests than without latency (${measured[who].toString()} against ${reference[who].toString()})`,
      );
    }
  }
}

/** Every request the stand-in counted in a latency scenario must have been held. */
function expectAllHeld(scenario: string, held: Holds, counts: Record<Who, Counts>): void {
  const requests = counts.minimal.requests + counts.gatehouse.requests;
  if (held.count !== requests) throw new Error(`${scenario}: the stand-in held ${held.count} answers of ${requests} requests`);
}

const holdsText = (held: Holds) =>
  `  stand-in held ${held.count} answers: mean ${held.meanMs.toFixed(2)} ms, min ${held.minMs.toFixed(2)} ms, max ${held.maxMs.toFixed(2)} ms`;

interface ColdResults {
  readonly runs: Record<Who, ColdStart[]>;
  readonly counts: Record<Who, Counts>;
}

async function coldScenario(standIn: StandIn, env: NodeJS.ProcessEnv, beforeMeasuring?: () => Promise<unknown>): Promise<ColdResults> {
  const runs: Record<Who, ColdStart[]> = { minimal: [], gatehouse: [] };
  const counts: Record<Who, Counts> = { minimal: new Counts(), gatehouse: new Counts() };
  // One unmeasured pair first: the file cache, not V8, is what it warms.
  for (const who of BOTH) await coldStart(bundleOf[who], randomUUID(), env);
  await standIn.counts();
  await beforeMeasuring?.();
  for (let round = 0; round < COLD_RUNS; round += 1) {
    for (const who of order(round)) {
      const run = await coldStart(bundleOf[who], randomUUID(), env);
      if (run.outcome !== 'ok') throw new Error(`cold start: ${who} did not take the allowed path (${run.outcome})`);
      runs[who].push(run);
      counts[who].add(await standIn.counts(), 1);
    }
  }
  return { runs, counts };
}

const COLD_PARTS: readonly [string, (run: ColdStart) => number][] = [
  ['load', (run) => run.loadMs],
  ['first invocation', (run) => run.firstMs],
  ['total', (run) => run.loadMs + run.firstMs],
];

function coldStats(results: ColdResults, who: Who, pick: (run: ColdStart) => number): { median: number; p90: number } {
  const sorted = sortedOf(results.runs[who].map(pick));
  return { median: percentile(sorted, 50), p90: percentile(sorted, 90) };
}

/** Median / p90 of each part, per handler, and the requests per invocation. */
function printCold(results: ColdResults): void {
  console.log(`  ${''.padEnd(10)} ${COLD_PARTS.map(([name]) => name.padStart(22)).join('')}`);
  for (const who of BOTH) {
    const values = COLD_PARTS.map(([, pick]) => coldStats(results, who, pick)).map(({ median, p90 }) => `${median.toFixed(1)} / ${p90.toFixed(1)} ms`);
    console.log(`  ${who.padEnd(10)} ${values.map((value) => value.padStart(22)).join('')}`);
  }
  for (const who of BOTH) console.log(`  ${who}: requests per invocation: ${results.counts[who].toString()}`);
}

interface WarmResults {
  readonly latencies: Record<Who, number[]>;
  readonly wallMs: Record<Who, number>;
  /** CPU time of the handler's process over its blocks. */
  readonly cpuMs: Record<Who, number>;
  readonly counts: Record<Who, Counts>;
}

/** Runs `total` invocations per handler in alternating blocks; `users(who, n)` names the accounts of a block. */
async function alternate(
  scenario: string,
  workers: Record<Who, WarmWorker>,
  standIn: StandIn,
  options: { total: number; block: number; inFlight: number; expected: Record<Who, string>; users(who: Who, n: number): string[] },
): Promise<WarmResults> {
  const results: WarmResults = {
    latencies: { minimal: [], gatehouse: [] },
    wallMs: { minimal: 0, gatehouse: 0 },
    cpuMs: { minimal: 0, gatehouse: 0 },
    counts: { minimal: new Counts(), gatehouse: new Counts() },
  };
  await standIn.counts();
  for (let done = 0, round = 0; done < options.total; done += options.block, round += 1) {
    const n = Math.min(options.block, options.total - done);
    for (const who of order(round)) {
      const result = await workers[who].run(options.users(who, n), options.inFlight);
      expectOnly(who, scenario, result.outcomes, options.expected[who]);
      results.latencies[who].push(...result.latencies);
      results.wallMs[who] += result.wallMs;
      results.cpuMs[who] += result.cpuMs;
      results.counts[who].add(await standIn.counts(), n);
    }
  }
  return results;
}

async function lockAccounts(workers: Record<Who, WarmWorker>, standIn: StandIn, maxFailures: number): Promise<Record<Who, string[]>> {
  const accounts: Record<Who, string[]> = { minimal: freshUsers(LOCKED_ACCOUNTS), gatehouse: freshUsers(LOCKED_ACCOUNTS) };
  // Gatehouse locks an account itself: maxFailures attempts are allowed, the next one engages the lock.
  const attempts = accounts.gatehouse.flatMap((account) => Array.from({ length: maxFailures + 1 }, () => account));
  const locking = await workers.gatehouse.run(attempts, 1);
  if (locking.outcomes[LOCKED_MESSAGE] !== LOCKED_ACCOUNTS) {
    throw new Error(`could not lock the real bundle's accounts: ${JSON.stringify(locking.outcomes)}`);
  }
  // The minimal handler has no lock of its own: its accounts are written locked for an hour.
  for (const account of accounts.minimal) {
    await standIn.put({
      pk: { S: `USER#${account.toLowerCase()}` },
      sk: { S: 'ATTEMPTS' },
      attempts: { N: String(maxFailures) },
      lockedUntil: { N: String(Date.now() + 3_600_000) },
    });
  }
  return accounts;
}

// ---------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  if (!existsSync(paths.built)) throw new Error(`${paths.built} is missing: run \`npm run build\` first`);
  const loadAtStart = loadavg();
  const minimalBytes = await buildBench();
  const optionsMatch = await checkBundleOptions();

  const standIn = await startStandIn();
  const { ready } = standIn;
  const functionEnv: Record<string, string> = { ...functionEnvironment(ready.tableName), POWERTOOLS_LOG_LEVEL: 'SILENT' };
  // What a Lambda execution environment would have: the function's variables, credentials, region; no
  // NODE_OPTIONS, no compile cache, no loader.
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    AWS_REGION: process.env.AWS_REGION,
    AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID,
    AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_ENDPOINT_URL_DYNAMODB: ready.dynamodb,
    AWS_ENDPOINT_URL_SSM: ready.ssm,
    ...functionEnv,
  };
  const maxFailures = Number(functionEnv.LOCKOUT_MAX_FAILURES);

  const header = [
    'PreAuthentication: Gatehouse against a minimal hand-written handler (one conditional UpdateItem, same SDK)',
    `code: ${revision()}`,
    `node ${process.version}, ${availableParallelism()} cores, load average ${loadText(loadAtStart)}; ` +
      'stand-in: dynalite in its own process on 127.0.0.1',
    `gatehouse: dist/lambda/pre-authentication/index.js (${(statSync(paths.gatehouse).size / 1024).toFixed(1)} KiB, measured ` +
      `as a copy taken now), minimal: dist/bench/minimal-pre-authentication/index.js (${(minimalBytes / 1024).toFixed(1)} KiB), ` +
      'same esbuild options',
    `environment: test/support/lambda-bundle.ts#functionEnvironment (CLIENT_TIMEOUT_MS=${functionEnv.CLIENT_TIMEOUT_MS}, ` +
      `CLIENT_MAX_ATTEMPTS=${functionEnv.CLIENT_MAX_ATTEMPTS}, LOCKOUT_MAX_FAILURES=${maxFailures}), POWERTOOLS_LOG_LEVEL=SILENT`,
  ];
  if (!optionsMatch) {
    header.push(
      'WARNING: dist/lambda/pre-authentication/index.js differs from what scripts/bench/build.ts#lambdaBundleOptions makes of the',
      '         current source: stale build (run `npm run build`) or options drifted from scripts/bundle.ts',
    );
  }
  console.log(header.join('\n'));

  const workers: Partial<Record<Who, WarmWorker>> = {};
  const rows: Row[] = [];
  try {
    // -- cold start -------------------------------------------------------------------------------------
    progress(`cold starts: ${COLD_RUNS} per handler, alternating, each in a fresh process`);
    const cold = await coldScenario(standIn, env);
    console.log(`\ncold start — ${PATHS.cold}; ${COLD_RUNS} per handler, alternating (median / p90)`);
    printCold(cold);
    for (const [name, pick] of COLD_PARTS) {
      const minimal = coldStats(cold, 'minimal', pick).median;
      const gatehouse = coldStats(cold, 'gatehouse', pick).median;
      rows.push({
        scenario: `cold start, ${name} (median)`,
        path: SHORT.cold,
        minimal: ms(minimal),
        gatehouse: ms(gatehouse),
        ratio: gatehouse / minimal,
        ...(name === 'total' ? { target: 1.15 } : {}),
      });
    }

    // -- warm ---------------------------------------------------------------------------------------------
    const profiling = (who: Who) => (CPU_PROF_DIR ? ['--cpu-prof', '--cpu-prof-dir', join(CPU_PROF_DIR, who)] : []);
    workers.minimal = await startWarmWorker('minimal', paths.minimal, env, profiling('minimal'));
    workers.gatehouse = await startWarmWorker('gatehouse', paths.gatehouse, env, profiling('gatehouse'));
    const both = workers as Record<Who, WarmWorker>;
    progress(`warm-up: ${WARMUP} invocations per handler (half sequential, half ${IN_FLIGHT} in flight)`);
    for (const who of BOTH) {
      await both[who].run(freshUsers(Math.ceil(WARMUP / 2)), 1);
      await both[who].run(freshUsers(Math.floor(WARMUP / 2)), IN_FLIGHT);
    }
    const allowed = { minimal: 'ok', gatehouse: 'ok' };

    progress(`warm, sequential: ${SEQUENTIAL} per handler in alternating blocks of ${SEQUENTIAL_BLOCK}`);
    const sequential = await alternate('warm, sequential', both, standIn, {
      total: SEQUENTIAL,
      block: SEQUENTIAL_BLOCK,
      inFlight: 1,
      expected: allowed,
      users: (_, n) => freshUsers(n),
    });
    console.log(`\nwarm, sequential — ${PATHS.allowed}; alternating blocks of ${SEQUENTIAL_BLOCK}`);
    for (const who of BOTH) console.log(latencyLine(who, sequential.latencies[who]));
    console.log(warmDetails(sequential).join('\n'));
    const seq = (who: Who, p: number) => percentile(sortedOf(sequential.latencies[who]), p);
    rows.push(
      { scenario: 'warm, sequential p50', path: SHORT.allowed, minimal: ms(seq('minimal', 50)), gatehouse: ms(seq('gatehouse', 50)), ratio: seq('gatehouse', 50) / seq('minimal', 50), target: 1.3 },
      { scenario: 'warm, sequential p99', path: SHORT.allowed, minimal: ms(seq('minimal', 99)), gatehouse: ms(seq('gatehouse', 99)), ratio: seq('gatehouse', 99) / seq('minimal', 99) },
      {
        scenario: 'warm, sequential CPU/invocation',
        path: SHORT.allowed,
        minimal: ms(sequential.cpuMs.minimal / SEQUENTIAL),
        gatehouse: ms(sequential.cpuMs.gatehouse / SEQUENTIAL),
        ratio: sequential.cpuMs.gatehouse / sequential.cpuMs.minimal,
      },
    );

    progress(`warm, ${IN_FLIGHT} in flight: ${CONCURRENT} per handler in alternating blocks of ${CONCURRENT_BLOCK}`);
    const concurrent = await alternate(`warm, ${IN_FLIGHT} in flight`, both, standIn, {
      total: CONCURRENT,
      block: CONCURRENT_BLOCK,
      inFlight: IN_FLIGHT,
      expected: allowed,
      users: (_, n) => freshUsers(n),
    });
    const throughput = (who: Who) => (concurrent.latencies[who].length / concurrent.wallMs[who]) * 1000;
    console.log(`\nwarm, ${IN_FLIGHT} in flight — ${PATHS.allowed}; alternating blocks of ${CONCURRENT_BLOCK}`);
    for (const who of BOTH) console.log(`${latencyLine(who, concurrent.latencies[who])}  ${throughput(who).toFixed(0)} invocations/s`);
    console.log(warmDetails(concurrent).join('\n'));
    const conc = (who: Who) => percentile(sortedOf(concurrent.latencies[who]), 50);
    rows.push(
      { scenario: `warm, ${IN_FLIGHT} in flight p50`, path: SHORT.allowed, minimal: ms(conc('minimal')), gatehouse: ms(conc('gatehouse')), ratio: conc('gatehouse') / conc('minimal') },
      {
        scenario: `warm, ${IN_FLIGHT} in flight throughput`,
        path: SHORT.allowed,
        minimal: `${throughput('minimal').toFixed(0)}/s`,
        gatehouse: `${throughput('gatehouse').toFixed(0)}/s`,
        ratio: throughput('gatehouse') / throughput('minimal'),
        higherIsBetter: true,
      },
    );

    // -- refused while locked ---------------------------------------------------------------------------
    progress(`refused while locked: ${LOCKED_ACCOUNTS} locked accounts per handler, ${REFUSED} invocations each after ${REFUSED_WARMUP} of warm-up`);
    const locked = await lockAccounts(both, standIn, maxFailures);
    const rotate = (who: Who, n: number) => Array.from({ length: n }, (_, i) => locked[who][i % LOCKED_ACCOUNTS]!);
    const refusedOptions = { block: SEQUENTIAL_BLOCK, inFlight: 1, expected: { minimal: LOCKED_MESSAGE, gatehouse: LOCKED_MESSAGE }, users: rotate };
    await alternate('refused while locked (warm-up)', both, standIn, { ...refusedOptions, total: REFUSED_WARMUP });
    const refused = await alternate('refused while locked', both, standIn, { ...refusedOptions, total: REFUSED });
    console.log(`\nwarm, sequential, refused — ${PATHS.refused}; alternating blocks of ${SEQUENTIAL_BLOCK}`);
    for (const who of BOTH) console.log(latencyLine(who, refused.latencies[who]));
    console.log(warmDetails(refused).join('\n'));
    const ref = (who: Who) => percentile(sortedOf(refused.latencies[who]), 50);
    rows.push({ scenario: 'refused while locked p50', path: SHORT.refused, minimal: ms(ref('minimal')), gatehouse: ms(ref('gatehouse')), ratio: ref('gatehouse') / ref('minimal') });

    // -- with service latency ---------------------------------------------------------------------------
    if (LATENCY_MS > 0) {
      const label = `${LATENCY_MS} ms service latency`;
      progress(`warm, sequential, ${label}: ${LATENCY_RUNS} per handler in alternating blocks of ${SEQUENTIAL_BLOCK}, after ${LATENCY_WARMUP} of warm-up`);
      await standIn.latency(LATENCY_MS);
      const sequentialOptions = { block: SEQUENTIAL_BLOCK, inFlight: 1, expected: allowed, users: (_: Who, n: number) => freshUsers(n) };
      await alternate(`warm, sequential, ${label} (warm-up)`, both, standIn, { ...sequentialOptions, total: LATENCY_WARMUP });
      await standIn.latency(LATENCY_MS);
      const delayed = await alternate(`warm, sequential, ${label}`, both, standIn, { ...sequentialOptions, total: LATENCY_RUNS });
      const delayedHeld = await standIn.latency(LATENCY_MS);
      console.log(`\nwarm, sequential, ${label} — ${PATHS.allowed}; every answer held ${LATENCY_MS} ms; alternating blocks of ${SEQUENTIAL_BLOCK}`);
      for (const who of BOTH) console.log(latencyLine(who, delayed.latencies[who]));
      console.log(warmDetails(delayed).join('\n'));
      console.log(holdsText(delayedHeld));
      expectSameRequests(`warm, sequential, ${label}`, delayed.counts, sequential.counts);
      expectAllHeld(`warm, sequential, ${label}`, delayedHeld, delayed.counts);
      const del = (who: Who) => percentile(sortedOf(delayed.latencies[who]), 50);
      rows.push({ scenario: `warm, sequential p50, ${label}`, path: SHORT.allowed, minimal: ms(del('minimal')), gatehouse: ms(del('gatehouse')), ratio: del('gatehouse') / del('minimal'), target: 1.3 });

      progress(`cold starts, ${label}: ${COLD_RUNS} per handler, alternating, each in a fresh process`);
      // Holds are counted from the first measured run on, like requests.
      const coldDelayed = await coldScenario(standIn, env, () => standIn.latency(LATENCY_MS));
      const coldHeld = await standIn.latency(0);
      const total = (who: Who) => coldStats(coldDelayed, who, (run) => run.loadMs + run.firstMs);
      console.log(`\ncold start, ${label} — ${PATHS.cold}; every answer held ${LATENCY_MS} ms; ${COLD_RUNS} per handler, alternating (median / p90)`);
      printCold(coldDelayed);
      console.log(holdsText(coldHeld));
      expectSameRequests(`cold start, ${label}`, coldDelayed.counts, cold.counts);
      expectAllHeld(`cold start, ${label}`, coldHeld, coldDelayed.counts);
      rows.push({
        scenario: `cold start, total (median), ${label}`,
        path: SHORT.cold,
        minimal: ms(total('minimal').median),
        gatehouse: ms(total('gatehouse').median),
        ratio: total('gatehouse').median / total('minimal').median,
        target: 1.15,
      });
    }
  } finally {
    await Promise.all(Object.values(workers).map((worker) => worker.stop()));
    await standIn.stop();
  }

  console.log(`\nsummary (ratio = gatehouse ÷ minimal; targets from the issue: warm p50 ≤ 1.3×, cold start ≤ 1.15×)\n${table(rows)}`);
  if (LATENCY_MS > 0) {
    console.log(
      `note: the "${LATENCY_MS} ms service latency" rows hold every answer ${LATENCY_MS} ms (concurrent ones overlapping) to model the ` +
        'network round trip to a regional service; the other rows measure CPU-bound local serving, one request after another',
    );
  }
  console.log(`load average at the end: ${loadText(loadavg())} (other work on the machine shows here; the run alternates to share it)`);
  if (CPU_PROF_DIR) {
    console.log(`\nCPU profiles of the warm workers: ${CPU_PROF_DIR}/{minimal,gatehouse}; summary: node --import tsx scripts/bench/cpu-profile-summary.ts ${CPU_PROF_DIR}`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
