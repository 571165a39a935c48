import { FunctionProcess, type FunctionError, type FunctionSettings, type InvokeOutcome, type LogListener } from './function-process';

/** No function of that name runs here: the Invoke API answers ResourceNotFoundException. */
export class FunctionNotFoundError extends Error {
  override readonly name = 'FunctionNotFoundError';

  constructor(readonly functionName: string) {
    super(`Function not found: ${functionName}`);
  }
}

/** A function whose bundle failed its init phase when the host started. */
export interface InitFailure extends FunctionError {
  readonly functionName: string;
}

export interface FunctionHostOptions {
  readonly functions: readonly FunctionSettings[];
  /** Every line the functions log, with the function's name. Default: dropped. */
  readonly onLog?: LogListener;
}

/**
 * The functions of the sandbox, each in a process of its own (see FunctionProcess for how one is run,
 * queued, timed out and restarted), started together and stopped together.
 */
export class FunctionHost {
  private readonly processes: ReadonlyMap<string, FunctionProcess>;
  /** The functions whose bundle failed its init phase at start. */
  initFailures: readonly InitFailure[] = [];

  private constructor(options: FunctionHostOptions) {
    const names = options.functions.map((settings) => settings.name);
    const repeated = names.find((name, index) => names.indexOf(name) !== index);
    if (repeated !== undefined) throw new Error(`two functions are named ${repeated}`);
    this.processes = new Map(options.functions.map((settings) => [settings.name, new FunctionProcess(settings, options.onLog)]));
  }

  /**
   * Starts every function and waits for their cold starts. A bundle that fails to load does not stop
   * the others: it is listed in `initFailures`, and its invocations answer with its init error.
   */
  static async start(options: FunctionHostOptions): Promise<FunctionHost> {
    const host = new FunctionHost(options);
    const failures = await Promise.all(
      [...host.processes.values()].map(async (fn) => {
        const error = await fn.start();
        return error === undefined ? undefined : { functionName: fn.name, ...error };
      }),
    );
    host.initFailures = failures.filter((failure) => failure !== undefined);
    return host;
  }

  get functionNames(): readonly string[] {
    return [...this.processes.keys()];
  }

  has(functionName: string): boolean {
    return this.processes.has(functionName);
  }

  /** The process serving each function now (undefined between a crash and its replacement). */
  pids(): Record<string, number | undefined> {
    return Object.fromEntries([...this.processes].map(([name, fn]) => [name, fn.pid]));
  }

  /**
   * Invokes a function: its result, or the error it failed with (thrown, timed out, crashed) as Lambda
   * reports it. Throws FunctionNotFoundError for a name the host does not run, and rejects once stopped.
   */
  invoke(functionName: string, event: unknown): Promise<InvokeOutcome> {
    const fn = this.processes.get(functionName);
    if (!fn) return Promise.reject(new FunctionNotFoundError(functionName));
    return fn.invoke(event);
  }

  /** Stops every process and resolves once all of them have ended. */
  async stop(): Promise<void> {
    await Promise.all([...this.processes.values()].map((fn) => fn.stop()));
  }
}
