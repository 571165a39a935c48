/**
 * The part of a cold start a bundle's size decides: loading it (reading, compiling and evaluating the
 * minified file, and building its composition root) in a fresh Node process, as Lambda's init phase
 * does before the first invocation. Each bundle is loaded BENCH_LOAD_RUNS times (default 15), each in a
 * new process, alternating bundles so that a noisy machine slows them alike; p50 and p90 in ms.
 *
 *   npm run bench:load [-- <trigger> ...]      default: every built bundle
 *
 * The first invocation's own calls (SSM, KMS, the provider) are not part of it: they depend on the
 * network, not on the bundle.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..');
const dist = join(root, 'dist', 'lambda');
const runs = Number(process.env.BENCH_LOAD_RUNS ?? 15);

/** What a function's environment holds for its composition root to build (no AWS call is made at load). */
const ENVIRONMENT = {
  TABLE_NAME: 'gatehouse-bench',
  ACCOUNT_KEY_PARAMETER: '/gatehouse-bench/account-key',
  CODE_KEY_ARN: 'arn:aws:kms:eu-west-1:123456789012:key/0f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a',
  MAIL_FROM: 'no-reply@example.com',
  MESSAGES_EMAIL: 'custom-sender',
  AWS_REGION: 'eu-west-1',
  // Nothing is listening: a warm-up read fails fast and quietly, as it would be retried at the first invocation.
  AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  POWERTOOLS_LOG_LEVEL: 'SILENT',
};

const LOADER = `const t=process.hrtime.bigint();require(process.argv[1]);process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))`;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

function main(): void {
  const asked = process.argv.slice(2);
  const triggers = (asked.length > 0 ? asked : readdirSync(dist)).filter((trigger) => existsSync(join(dist, trigger, 'index.js')));
  if (triggers.length === 0) throw new Error('no bundle found: run `npm run build` first');
  const times = new Map<string, number[]>(triggers.map((trigger) => [trigger, []]));
  for (let run = 0; run < runs; run += 1) {
    for (const trigger of triggers) {
      const out = execFileSync(process.execPath, ['-e', LOADER, join(dist, trigger, 'index.js')], {
        env: { ...process.env, ...ENVIRONMENT },
        encoding: 'utf8',
      });
      times.get(trigger)?.push(Number(out));
    }
  }
  console.log(`bundle load in a fresh process, ${runs} runs each (ms)\n`);
  console.log(`${'bundle'.padEnd(22)} ${'size KiB'.padStart(9)} ${'p50'.padStart(8)} ${'p90'.padStart(8)}`);
  for (const trigger of triggers) {
    const sorted = [...(times.get(trigger) ?? [])].sort((a, b) => a - b);
    const size = statSync(join(dist, trigger, 'index.js')).size / 1024;
    console.log(`${trigger.padEnd(22)} ${size.toFixed(1).padStart(9)} ${percentile(sorted, 50).toFixed(1).padStart(8)} ${percentile(sorted, 90).toFixed(1).padStart(8)}`);
  }
}

main();
