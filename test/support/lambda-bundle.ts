import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseStackConfig } from '../../infra/config';
import { functionEnvironment as deployedEnvironment } from '../../infra/function-environment';
import { lambdaContext } from './cognito-events';
import { SsmEndpoint } from '../../sandbox/secrets/ssm-endpoint';

type Handler = (event: unknown, context: unknown) => Promise<unknown>;

const distRoot = join(__dirname, '..', '..', 'dist', 'lambda');

/**
 * Loads a fresh copy of a built bundle, as a new Lambda execution environment would: its module
 * state (composition root, clients) starts empty and reads the environment at its first invocation.
 */
export function loadBundle(trigger: string, options: { remainingMs?: number } = {}): (event: unknown) => Promise<unknown> {
  const path = join(distRoot, trigger, 'index.js');
  if (!existsSync(path)) throw new Error(`${path} is missing: run \`npm run build\` first`);
  delete require.cache[require.resolve(path)];
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { handler } = require(path) as { handler: Handler };
  return (event) => {
    const context = lambdaContext(`gatehouse-test-${trigger}`);
    if (options.remainingMs === undefined) return handler(event, context);
    // The function's own clock, as Lambda gives it: what is left of its timeout.
    const deadline = Date.now() + options.remainingMs;
    return handler(event, { ...context, getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()) });
  };
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

  /** The log lines (a metric's line in the embedded metric format is not one: see `metrics`). */
  entries(): Record<string, unknown>[] {
    return this.all().filter((entry) => entry['_aws'] === undefined);
  }

  /** The metrics written in CloudWatch's embedded metric format, one line each. */
  metrics(): Record<string, unknown>[] {
    return this.all().filter((entry) => entry['_aws'] !== undefined);
  }

  private all(): Record<string, unknown>[] {
    return this.lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  }

  clear(): void {
    this.lines.length = 0;
  }
}

/**
 * The environment infra/ gives the deployed functions for the default stack configuration, with the
 * table of the test and the client timeout raised: a burst of 200 invocations queues at the in-memory
 * stand-in on a 2-core machine.
 */
export function functionEnvironment(tableName: string, overrides: Record<string, string> = {}): Record<string, string> {
  const config = parseStackConfig({ functions: { clientTimeoutMs: 4000, clientMaxAttempts: 1 } });
  return { ...deployedEnvironment(config, { stack: 'test', tableName, accountKeyParameter: TEST_ACCOUNT_KEY_PARAMETER }), ...overrides };
}

/** The account key secret of the tests' stack, served by a local SSM endpoint (see `startSecrets`). */
export const TEST_ACCOUNT_KEY_PARAMETER = '/gatehouse-test/account-key';
export const TEST_ACCOUNT_KEY_SECRET = 'bm90LWEtcmVhbC1zZWNyZXQtYnV0LWxvbmctZW5vdWdoLWZvci10ZXN0cw';

/**
 * Serves the stack's secrets on a local SSM endpoint and points the SDK's default configuration chain
 * at it (AWS_ENDPOINT_URL_SSM); `stop()` restores the environment.
 */
export async function startSecrets(): Promise<{ endpoint: SsmEndpoint; stop(): Promise<void> }> {
  const endpoint = new SsmEndpoint({ [TEST_ACCOUNT_KEY_PARAMETER]: TEST_ACCOUNT_KEY_SECRET });
  const restore = withEnvironment({ AWS_ENDPOINT_URL_SSM: await endpoint.start() });
  return {
    endpoint,
    async stop() {
      restore();
      await endpoint.stop();
    },
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
