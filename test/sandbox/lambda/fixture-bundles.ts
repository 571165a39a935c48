import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Tiny bundles for what the real ones must never do (hang, crash, fail to load): each an `index.js` in
 * a temporary folder, CommonJS exporting `handler` as `npm run build` emits them.
 */
const SOURCES = {
  // Reports what it sees of its environment, and counts the invocations of this cold start.
  inspect: `
    let invocations = 0;
    const loadedAt = Date.now();
    exports.handler = async (event, context) => {
      invocations += 1;
      if (event.throw === 'error') throw new TypeError(event.message);
      if (event.throw === 'string') throw event.message;
      if (event.sleepMs) await new Promise((resolve) => setTimeout(resolve, event.sleepMs));
      if (event.nothing) return undefined;
      console.log(JSON.stringify({ level: 'INFO', message: 'inspected', requestId: context.awsRequestId }));
      console.error(JSON.stringify({ level: 'WARN', message: 'to stderr' }));
      return {
        pid: process.pid,
        invocations,
        loadedAt,
        startedAt: Date.now(),
        env: process.env,
        context: { ...context, remaining: context.getRemainingTimeInMillis() },
      };
    };
  `,
  // Never answers.
  hang: `
    let invocations = 0;
    exports.handler = (event) => {
      invocations += 1;
      if (event.hang) return new Promise(() => undefined);
      return Promise.resolve({ pid: process.pid, invocations });
    };
  `,
  // Ends its process: during an invocation, or just after answering one.
  crash: `
    exports.handler = async (event) => {
      if (event.exit !== undefined) process.exit(event.exit);
      if (event.throwLater) setTimeout(() => { throw new Error('a timer that throws'); }, 20);
      return { pid: process.pid };
    };
  `,
  // Fails its init phase until the file it reads exists.
  'init-fails': `
    const { existsSync } = require('node:fs');
    const { join } = require('node:path');
    if (!existsSync(join(__dirname, 'ready'))) throw new RangeError('configuration not found at init');
    exports.handler = async () => ({ pid: process.pid });
  `,
  // Exports no handler.
  'no-handler': `exports.other = async () => 'no';`,
  // An old-style handler that answers through its callback.
  callback: `exports.handler = (event, context, callback) => { setTimeout(() => callback(null, { echoed: event }), 5); };`,
} as const;

export type FixtureName = keyof typeof SOURCES;

export interface Fixtures {
  /** The `index.js` of a fixture. */
  bundle(name: FixtureName): string;
  /** Makes `init-fails` load from now on. */
  letInitSucceed(): void;
  remove(): void;
}

export function writeFixtures(): Fixtures {
  const root = mkdtempSync(join(tmpdir(), 'gatehouse-lambda-fixtures-'));
  for (const [name, source] of Object.entries(SOURCES)) {
    mkdirSync(join(root, name));
    writeFileSync(join(root, name, 'index.js'), `'use strict';\n${source}`);
  }
  return {
    bundle: (name) => join(root, name, 'index.js'),
    letInitSucceed: () => writeFileSync(join(root, 'init-fails', 'ready'), ''),
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** Whether a process is still there (a reaped process is gone; this one must not be our zombie). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/** The processes whose parent is `parent` and whose command line mentions `marker` (Linux /proc). */
export function childProcesses(parent: number, marker: string): number[] {
  if (!existsSync('/proc')) return [];
  const found: number[] = [];
  for (const entry of readdirSync('/proc').filter((name) => /^\d+$/.test(name)).map(Number)) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The fields after the command (which may hold spaces) start after its closing parenthesis.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid !== parent) continue;
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(marker)) found.push(entry);
    } catch {
      // Ended while we looked.
    }
  }
  return found;
}

/** Waits until `check` holds, polling; fails with `what` after `ms`. */
export async function eventually<T>(what: string, check: () => T | undefined | false, ms = 5000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
