import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';

/** The runtime a function's process runs: plain JavaScript, so the child needs no TypeScript loader. */
const RUNTIME = join(__dirname, 'function-runtime.cjs');

/** Lambda's own default memory size; infra sets its own (`gatehouse:functions.memoryMb`). */
const DEFAULT_MEMORY_MB = 128;
/** Cognito waits 5 seconds for a trigger, whatever the function's timeout. */
const DEFAULT_TIMEOUT_SECONDS = 5;
/** How long a stopped process may take to end after SIGTERM before it is killed. */
const STOP_GRACE_MS = 1000;

export interface FunctionSettings {
  /** The name the function is invoked by (`FunctionName`). */
  readonly name: string;
  /** The built bundle, `dist/lambda/<trigger>/index.js`, exporting `handler`. */
  readonly bundle: string;
  /**
   * Everything the function sees in `process.env` besides Lambda's reserved variables: nothing of the
   * parent's environment is inherited, so credentials and endpoints come from here, as a deployed
   * function gets its role's credentials and its configured variables and nothing else.
   */
  readonly environment: Readonly<Record<string, string>>;
  /** Default 5 (Cognito's budget). Lambda takes whole seconds; a fraction is accepted for tests. */
  readonly timeoutSeconds?: number;
  /** Default 128, Lambda's default. */
  readonly memoryMb?: number;
  /** Default: the environment's AWS_REGION, else us-east-1. */
  readonly region?: string;
  /** The account in the function's ARN; default 000000000000. */
  readonly accountId?: string;
}

/** A failed invocation, as Lambda reports it in the payload of a `FunctionError: Unhandled` answer. */
export interface FunctionError {
  readonly errorType: string;
  readonly errorMessage: string;
}

export type InvokeOutcome = { readonly result: unknown } | { readonly error: FunctionError };

/**
 * A line of a function's log: what it wrote to stdout or stderr (Powertools' JSON lines), or what the
 * platform records about it (a timeout, a process that ended).
 */
export interface LogLine {
  readonly functionName: string;
  readonly stream: 'stdout' | 'stderr' | 'platform';
  readonly line: string;
}

export type LogListener = (line: LogLine) => void;

export function functionArn(settings: FunctionSettings): string {
  return `arn:aws:lambda:${regionOf(settings)}:${settings.accountId ?? '000000000000'}:function:${settings.name}`;
}

function regionOf(settings: FunctionSettings): string {
  return settings.region ?? settings.environment['AWS_REGION'] ?? 'us-east-1';
}

/** One execution environment: a process that has loaded the bundle, or is loading it, or failed to. */
interface Environment {
  readonly child: ChildProcess;
  /** Settles once the bundle is loaded: with nothing, or with the error its init phase ended on. */
  readonly init: Promise<FunctionError | undefined>;
  readonly exited: Promise<void>;
  initialised: boolean;
  /** Ended on purpose (timeout, stop): not a crash to recover from. */
  retired: boolean;
}

interface Job {
  readonly event: unknown;
  readonly resolve: (outcome: InvokeOutcome) => void;
  readonly reject: (error: Error) => void;
}

/**
 * One function, run as Lambda runs it: its bundle in a process of its own, loaded once (a cold start)
 * and then invoked one event at a time.
 *
 * Concurrency: Lambda would start another environment for a second concurrent event; here invocations
 * wait in a queue (first come, first served) for the single process, so a trigger keeps one process and
 * one module state, as it does under light load. Each invocation's timeout starts when the process
 * receives it, not while it waits.
 *
 * Timeout: an invocation still running at its deadline is answered with Lambda's `Sandbox.Timedout`
 * error ("Task timed out after N seconds"), and its process is killed and replaced, as Lambda recycles
 * the environment: the next invocation meets a fresh cold start.
 *
 * Crashes: a process that ends on its own after a successful init is replaced at once (an invocation in
 * flight is answered with `Runtime.ExitError`). One that fails its init is not replaced until the next
 * invocation, which reports the init error if it fails again: a bundle that cannot load would otherwise
 * restart in a loop.
 */
export class FunctionProcess {
  private current: Environment | undefined;
  private readonly queue: Job[] = [];
  private running = false;
  private stopped = false;
  private readonly exits = new Set<Promise<void>>();

  constructor(
    readonly settings: FunctionSettings,
    private readonly onLog: LogListener = () => undefined,
  ) {}

  get name(): string {
    return this.settings.name;
  }

  /** The process now serving the function, if one is running. */
  get pid(): number | undefined {
    return this.current?.child.pid;
  }

  /** Starts the process and waits for its init phase: the init error, if the bundle failed to load. */
  async start(): Promise<FunctionError | undefined> {
    return this.environment().init;
  }

  /** Runs one event through the handler, after those already queued. Rejects only once stopped. */
  invoke(event: unknown): Promise<InvokeOutcome> {
    if (this.stopped) return Promise.reject(new Error(`${this.name} is stopped`));
    return new Promise((resolve, reject) => {
      this.queue.push({ event, resolve, reject });
      void this.next();
    });
  }

  /** Ends the process (SIGTERM, then SIGKILL after a second) and fails whatever is still queued. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const job of this.queue.splice(0)) job.reject(new Error(`${this.name} is stopped`));
    if (this.current) this.retire(this.current, 'SIGTERM');
    await Promise.all([...this.exits]);
  }

  private async next(): Promise<void> {
    if (this.running) return;
    const job = this.queue.shift();
    if (!job) return;
    this.running = true;
    try {
      job.resolve(await this.run(job.event));
    } catch (error) {
      job.reject(error as Error);
    } finally {
      this.running = false;
      void this.next();
    }
  }

  private async run(event: unknown): Promise<InvokeOutcome> {
    const environment = this.environment();
    const initError = await environment.init;
    if (initError) {
      // Its process is ending: the next invocation starts afresh rather than meet the same error.
      this.retire(environment, 'SIGKILL');
      return { error: initError };
    }
    if (this.stopped || environment.retired) throw new Error(`${this.name} is stopped`);

    const requestId = randomUUID();
    const timeoutMs = (this.settings.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000;
    const started = Date.now();
    const { child } = environment;
    return new Promise<InvokeOutcome>((resolve) => {
      const settle = (outcome: InvokeOutcome) => {
        clearTimeout(timer);
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolve(outcome);
      };
      const onMessage = (message: RuntimeMessage) => {
        if (message.requestId !== requestId) return;
        if (message.type === 'result') settle({ result: JSON.parse(message.payload) as unknown });
        else if (message.type === 'error') settle({ error: message.error });
      };
      const onExit = (code: number | null, signal: NodeJS.Signals | null) =>
        settle({ error: { errorType: 'Runtime.ExitError', errorMessage: `RequestId: ${requestId} Error: ${exitDescription(code, signal)}` } });
      const timer = setTimeout(() => {
        const seconds = ((Date.now() - started) / 1000).toFixed(2);
        const errorMessage = `RequestId: ${requestId} Error: Task timed out after ${seconds} seconds`;
        this.platformLog(requestId, errorMessage);
        settle({ error: { errorType: 'Sandbox.Timedout', errorMessage } });
        this.retire(environment, 'SIGKILL');
        if (!this.stopped) this.environment();
      }, timeoutMs);
      child.on('message', onMessage);
      child.once('exit', onExit);
      // Ended between its init and this invocation: 'exit' has been and gone.
      if (child.exitCode !== null || child.signalCode !== null) return onExit(child.exitCode, child.signalCode);
      const invocation = { type: 'invoke', requestId, deadlineMs: started + timeoutMs, invokedFunctionArn: functionArn(this.settings), event };
      // A channel that closes under the message needs no answer here: the process's exit gives it.
      child.send(invocation, () => undefined);
    });
  }

  /** The environment serving the function, started (a cold start) when there is none. */
  private environment(): Environment {
    this.current ??= this.spawn();
    return this.current;
  }

  private spawn(): Environment {
    const { settings } = this;
    const child = spawn(process.execPath, [RUNTIME, settings.bundle], {
      env: lambdaEnvironment(settings, logStreamName()),
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'json',
    });
    for (const stream of ['stdout', 'stderr'] as const) {
      createInterface({ input: child[stream]!, crlfDelay: Infinity }).on('line', (line) =>
        this.onLog({ functionName: settings.name, stream, line }),
      );
    }
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const init = new Promise<FunctionError | undefined>((resolve) => {
      child.on('message', (message: RuntimeMessage) => {
        if (message.type === 'ready') resolve(undefined);
        else if (message.type === 'init-error') resolve(message.error);
      });
      child.once('exit', (code, signal) =>
        resolve({ errorType: 'Runtime.ExitError', errorMessage: `Error: ${exitDescription(code, signal)}` }),
      );
      // Spawning itself failed (no such executable): 'exit' may never come.
      child.once('error', (error) => resolve({ errorType: 'Runtime.ExitError', errorMessage: `Error: ${error.message}` }));
    });
    const environment: Environment = { child, init, exited, initialised: false, retired: false };
    void init.then((error) => {
      environment.initialised = error === undefined;
    });
    this.exits.add(exited);
    child.once('error', () => undefined);
    child.once('exit', (code, signal) => {
      this.exits.delete(exited);
      if (this.current === environment) this.current = undefined;
      if (environment.retired || this.stopped) return;
      this.platformLog(undefined, `Error: ${exitDescription(code, signal)}`);
      if (environment.initialised) this.environment();
    });
    return environment;
  }

  private retire(environment: Environment, signal: NodeJS.Signals): void {
    environment.retired = true;
    if (this.current === environment) this.current = undefined;
    if (environment.child.exitCode !== null || environment.child.signalCode !== null) return;
    environment.child.kill(signal);
    if (signal !== 'SIGKILL') {
      const timer = setTimeout(() => environment.child.kill('SIGKILL'), STOP_GRACE_MS);
      void environment.exited.then(() => clearTimeout(timer));
    }
  }

  /** What Lambda's platform records in the function's log (JSON log format). */
  private platformLog(requestId: string | undefined, message: string): void {
    const record = { timestamp: new Date().toISOString(), level: 'ERROR', ...(requestId ? { requestId } : {}), message };
    this.onLog({ functionName: this.name, stream: 'platform', line: JSON.stringify(record) });
  }
}

type RuntimeMessage =
  | { readonly type: 'ready'; readonly requestId?: undefined }
  | { readonly type: 'init-error'; readonly requestId?: undefined; readonly error: FunctionError }
  | { readonly type: 'result'; readonly requestId: string; readonly payload: string }
  | { readonly type: 'error'; readonly requestId: string; readonly error: FunctionError };

/** How Lambda words a runtime that ended: "Runtime exited with error: exit status 1" or "signal: killed". */
function exitDescription(code: number | null, signal: NodeJS.Signals | null): string {
  if (signal !== null) return `Runtime exited with error: signal: ${signal === 'SIGKILL' ? 'killed' : signal}`;
  return code === 0 ? 'Runtime exited without providing a reason' : `Runtime exited with error: exit status ${code}`;
}

/** A log stream name as Lambda gives each environment: the date, the version, a random id. */
function logStreamName(): string {
  const day = new Date().toISOString().slice(0, 10).replaceAll('-', '/');
  return `${day}/[$LATEST]${randomBytes(16).toString('hex')}`;
}

/** The function's configured variables with the reserved ones Lambda sets in every environment. */
function lambdaEnvironment(settings: FunctionSettings, streamName: string): Record<string, string> {
  const region = regionOf(settings);
  return {
    ...settings.environment,
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
    AWS_LAMBDA_FUNCTION_NAME: settings.name,
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(settings.memoryMb ?? DEFAULT_MEMORY_MB),
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${settings.name}`,
    AWS_LAMBDA_LOG_STREAM_NAME: streamName,
    LAMBDA_TASK_ROOT: dirname(settings.bundle),
    _HANDLER: 'index.handler',
    TZ: settings.environment['TZ'] ?? 'UTC',
  };
}
