/** The benchmark's child processes: the stand-in, one warm worker per handler, and one process per cold start. */
import { execFile, fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { paths } from './build';
import type { Holds, StandInReady } from './stand-in';
import type { RunResult } from './warm-worker';

/** A child spoken to over IPC: requests carry an id, answers come back with it. */
export class Child {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  private readonly ready: Promise<unknown>;

  constructor(
    readonly name: string,
    private readonly child: ChildProcess,
  ) {
    this.ready = new Promise((resolve, reject) => {
      child.on('message', (message: { id?: number; type?: string; error?: string }) => {
        if (message.type === 'ready') return resolve(message);
        const waiting = message.id === undefined ? undefined : this.pending.get(message.id);
        if (!waiting || message.id === undefined) return;
        this.pending.delete(message.id);
        if (message.error !== undefined) waiting.reject(new Error(`${name}: ${message.error}`));
        else waiting.resolve(message);
      });
      child.on('exit', (code, signal) => {
        const error = new Error(`${name} exited (${signal ?? code})`);
        reject(error);
        for (const waiting of this.pending.values()) waiting.reject(error);
        this.pending.clear();
      });
    });
  }

  whenReady<T>(): Promise<T> {
    return this.ready as Promise<T>;
  }

  request<T>(message: Record<string, unknown>): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.child.send({ ...message, id });
    });
  }

  /** Closes the IPC channel (the child exits on disconnect) and waits for the exit. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    if (this.child.connected) this.child.disconnect();
    else this.child.kill();
    await exited;
  }
}

export interface StandIn {
  readonly ready: StandInReady;
  /** Requests per operation since the previous call. */
  counts(): Promise<Record<string, number>>;
  put(item: Record<string, unknown>): Promise<void>;
  /** Holds every answer `ms` ms from now on (0: none); returns the holds made under the previous setting. */
  latency(ms: number): Promise<Holds>;
  stop(): Promise<void>;
}

export async function startStandIn(): Promise<StandIn> {
  const child = new Child(
    'stand-in',
    fork(join(__dirname, 'stand-in.ts'), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }),
  );
  const ready = await child.whenReady<StandInReady>();
  return {
    ready,
    counts: async () => (await child.request<{ counts: Record<string, number> }>({ type: 'counts' })).counts,
    put: async (item) => {
      await child.request({ type: 'put', item });
    },
    latency: async (ms) => (await child.request<{ held: Holds }>({ type: 'latency', ms })).held,
    stop: () => child.stop(),
  };
}

export interface WarmWorker {
  run(users: readonly string[], inFlight: number): Promise<RunResult>;
  stop(): Promise<void>;
}

/** A warm execution environment of one bundle, in a plain Node process of its own. */
export async function startWarmWorker(
  name: string,
  bundle: string,
  env: NodeJS.ProcessEnv,
  execArgv: string[] = [],
): Promise<WarmWorker> {
  const child = new Child(name, fork(paths.warmWorker, [bundle], { execArgv, env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
  await child.whenReady();
  return {
    run: (users, inFlight) => child.request<RunResult>({ type: 'run', users, inFlight }),
    stop: () => child.stop(),
  };
}

export interface ColdStart {
  readonly loadMs: number;
  readonly firstMs: number;
  readonly outcome: string;
}

const execFileAsync = promisify(execFile);

/** Load + first invocation of a bundle in a fresh Node process (no loader, no compile cache). */
export async function coldStart(bundle: string, userName: string, env: NodeJS.ProcessEnv): Promise<ColdStart> {
  const { stdout } = await execFileAsync(process.execPath, [paths.coldStart, bundle, userName], { env });
  return JSON.parse(stdout) as ColdStart;
}
