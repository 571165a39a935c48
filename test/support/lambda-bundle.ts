import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { lambdaContext } from './cognito-events';

type Handler = (event: unknown, context: unknown) => Promise<unknown>;

const distRoot = join(__dirname, '..', '..', 'dist', 'lambda');

/**
 * Loads a fresh copy of a built bundle, as a new Lambda execution environment would: its module
 * state (composition root, clients) starts empty and reads the environment at its first invocation.
 */
export function loadBundle(trigger: string): (event: unknown) => Promise<unknown> {
  const path = join(distRoot, trigger, 'index.js');
  if (!existsSync(path)) throw new Error(`${path} is missing: run \`npm run build\` first`);
  delete require.cache[require.resolve(path)];
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { handler } = require(path) as { handler: Handler };
  return (event) => handler(event, lambdaContext(`gatehouse-test-${trigger}`));
}

/** Captures what the bundles log: Powertools writes JSON lines to stdout, warnings and errors to stderr. */
export class LogCapture {
  private readonly lines: string[] = [];
  private readonly originals = new Map<NodeJS.WriteStream, typeof process.stdout.write>();

  start(): void {
    for (const stream of [process.stdout, process.stderr]) {
      const original = stream.write.bind(stream) as typeof process.stdout.write;
      this.originals.set(stream, original);
      stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
        const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
        if (text.startsWith('{')) {
          this.lines.push(...text.split('\n').filter((line) => line.length > 0));
          return true;
        }
        return (original as (...args: unknown[]) => boolean)(chunk, ...rest);
      }) as typeof process.stdout.write;
    }
  }

  stop(): void {
    for (const [stream, original] of this.originals) stream.write = original;
    this.originals.clear();
  }

  get text(): string {
    return this.lines.join('\n');
  }

  entries(): Record<string, unknown>[] {
    return this.lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  }

  clear(): void {
    this.lines.length = 0;
  }
}

/** Environment of the deployed functions, as infra/ sets it, with test values. */
export function functionEnvironment(tableName: string, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    TABLE_NAME: tableName,
    LOCKOUT_MAX_FAILURES: '5',
    LOCKOUT_WINDOW_SECONDS: '900',
    LOCKOUT_SECONDS: '300',
    LOCKOUT_MAX_SECONDS: '3600',
    LOCKOUT_BACKOFF_MEMORY_SECONDS: '86400',
    FORCED_RESET_ENABLED: 'false',
    FORCED_RESET_AFTER_LOCKOUTS: '3',
    FORCED_RESET_AFTER_FAILURES: '0',
    STORE_FAILURE_MODE: 'open',
    AUDIT_RETENTION_DAYS: '90',
    // Generous: a burst of 200 invocations queues at the in-memory stand-in on a 2-core machine.
    CLIENT_TIMEOUT_MS: '4000',
    CLIENT_MAX_ATTEMPTS: '1',
    POWERTOOLS_SERVICE_NAME: 'gatehouse',
    POWERTOOLS_LOG_LEVEL: 'INFO',
    ...overrides,
  };
}

/** Sets environment variables and returns a function that restores the previous values. */
export function withEnvironment(values: Record<string, string>): () => void {
  const previous = Object.fromEntries(Object.keys(values).map((key) => [key, process.env[key]]));
  Object.assign(process.env, values);
  return () => {
    for (const [key, value] of Object.entries(previous)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
}
