/**
 * A stand-in for the Pulumi engine and its Node.js language host, to run a program exactly the way
 * `pulumi up`/`pulumi preview` would, minus the cloud:
 *
 * - one gRPC server on 127.0.0.1 (kernel-chosen port) implements `pulumirpc.ResourceMonitor`, every
 *   method delegated to the SDK's own `MockMonitor` (the mock semantics `pulumi.runtime.setMocks`
 *   gives), and `pulumirpc.Engine` (logs, root resource);
 * - the program runs in a child process through `@pulumi/pulumi/cmd/run`, resolved from the program's
 *   folder like the language host's locateModule, with the arguments of its constructArguments, the
 *   environment of its execRuntime (PULUMI_CONFIG as constructConfig builds it, the secret keys, the
 *   TypeScript switches from `runtime.options`) and the working directory and entry point of the
 *   engine's getPwdMain. The child starts from the OS temp folder: it has only `--pwd` to go by.
 *
 * Not provided: the synchronous-invoke pipes (`--sync`), tracing, debugging, component `Call`s and
 * resource hooks (answered UNIMPLEMENTED), and anything a real engine does with the registrations.
 */
import * as grpc from '@grpc/grpc-js';
import * as pulumi from '@pulumi/pulumi';
import { EngineService } from '@pulumi/pulumi/proto/engine_grpc_pb';
import * as engineProto from '@pulumi/pulumi/proto/engine_pb';
import { ResourceMonitorService } from '@pulumi/pulumi/proto/resource_grpc_pb';
import * as resourceProto from '@pulumi/pulumi/proto/resource_pb';
import { MockMonitor } from '@pulumi/pulumi/runtime/mocks';
import type { AsyncLocalStorage } from 'node:async_hooks';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { readPulumiProject, splitNodeArgs, type PulumiProject } from './pulumi-project';
import type { RecordedResource, RecordingMocks } from './recording-mocks';

export type LogSeverity = 'debug' | 'info' | 'warning' | 'error';

export interface EngineLog {
  readonly severity: LogSeverity;
  readonly message: string;
  /** The resource the message is about, if any. */
  readonly urn: string;
}

export interface RunProgramOptions {
  /** The folder of Pulumi.yaml. */
  readonly projectRoot: string;
  readonly stack: string;
  /** Full key (`namespace:name`) → value as the engine hands config to a program (structured values as JSON). */
  readonly config?: Readonly<Record<string, string>>;
  readonly secretKeys?: readonly string[];
  /** Answer the resource monitor; what they record during the run is returned. */
  readonly mocks: RecordingMocks;
  /** `pulumi preview` (true) or `pulumi up` (false, the default). */
  readonly dryRun?: boolean;
  /** Default: the CLI's, four per CPU. */
  readonly parallel?: number;
  readonly organization?: string;
  /** The environment the language host inherits (default: this process's). */
  readonly env?: NodeJS.ProcessEnv;
  /** Default: 120 s. The child is killed when it runs longer. */
  readonly timeoutMs?: number;
  /** Default: the Node.js running this process (the language host takes `node` from PATH). */
  readonly nodeBinary?: string;
}

export interface ProgramRun {
  readonly project: PulumiProject;
  /** `@pulumi/pulumi/cmd/run` as resolved from the program's folder. */
  readonly runnerPath: string;
  readonly command: {
    readonly file: string;
    readonly args: readonly string[];
    /** Where the child was started (not the project root; the runner changes to `--pwd`). */
    readonly cwd: string;
    /** The variables the language host adds to the inherited environment. */
    readonly env: Readonly<Record<string, string>>;
  };
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly timedOut: boolean;
  readonly stdout: string;
  readonly stderr: string;
  /** Everything the runner and the program logged through the engine, in order. */
  readonly logs: readonly EngineLog[];
  /** The registrations the mocks recorded during this run, the root stack resource included. */
  readonly resources: readonly RecordedResource[];
  /** The outputs registered on the root `pulumi:pulumi:Stack` resource (secrets as "[secret]", unknowns marked). */
  readonly outputs: Record<string, unknown> | undefined;
}

/** The runner exits with this code once it has logged the error through the engine. */
export const EXIT_AFTER_LOGGED_ERROR = 32;

const STACK_TYPE = 'pulumi:pulumi:Stack';
const SECRET_PLACEHOLDER = '[secret]';
const UNKNOWN_PLACEHOLDER = '[unknown until deployed]';

/** Variables the language host sets (or the runner derives from its arguments), never inherited. */
const HOST_VARIABLES = [
  'PULUMI_CONFIG',
  'PULUMI_CONFIG_SECRET_KEYS',
  'PULUMI_NODEJS_TYPESCRIPT',
  'PULUMI_NODEJS_TSCONFIG_PATH',
  'PULUMI_NODEJS_ORGANIZATION',
  'PULUMI_NODEJS_PROJECT',
  'PULUMI_NODEJS_ROOT_DIRECTORY',
  'PULUMI_NODEJS_STACK',
  'PULUMI_NODEJS_DRY_RUN',
  'PULUMI_NODEJS_PARALLEL',
  'PULUMI_NODEJS_MONITOR',
  'PULUMI_NODEJS_ENGINE',
  'PULUMI_NODEJS_SYNC',
];

const SEVERITIES: Record<number, LogSeverity> = {
  [engineProto.LogSeverity.DEBUG]: 'debug',
  [engineProto.LogSeverity.INFO]: 'info',
  [engineProto.LogSeverity.WARNING]: 'warning',
  [engineProto.LogSeverity.ERROR]: 'error',
};

/**
 * constructConfig: `ns:name` (or the old `ns:config:name`) becomes `ns:config:name`, the form every
 * version of the SDK reads.
 */
export function configEnvironment(config: Readonly<Record<string, string>>): string {
  const transformed: Record<string, string> = {};
  for (const [key, value] of Object.entries(config)) {
    const parts = key.split(':');
    let namespace: string;
    let name: string;
    if (parts.length === 2 && parts[0] && parts[1]) [namespace, name] = parts as [string, string];
    else if (parts.length === 3 && parts[1] === 'config' && parts[0] && parts[2]) [namespace, , name] = parts as [string, string, string];
    else throw new Error(`could not parse ${key} as a configuration key (configuration keys should be of the form \`<namespace>:<name>\`)`);
    transformed[`${namespace}:config:${name}`] = value;
  }
  return JSON.stringify(transformed);
}

/** locateModule: `require.resolve` of the runner from the program's folder. */
export function locateRunner(programDirectory: string): string {
  try {
    return createRequire(join(programDirectory, 'locate-runner.js')).resolve('@pulumi/pulumi/cmd/run');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND') {
      throw new Error(`It looks like the Pulumi SDK has not been installed (from ${programDirectory}). Have you run pulumi install?`);
    }
    throw error;
  }
}

/** The runner's command line (constructArguments) for a program. */
export function runnerArguments(
  project: PulumiProject,
  runnerPath: string,
  address: string,
  options: Pick<RunProgramOptions, 'stack' | 'dryRun' | 'parallel' | 'organization'>,
): string[] {
  return [
    ...splitNodeArgs(project.runtime.options.nodeargs),
    runnerPath,
    '--monitor',
    address,
    '--engine',
    address,
    ...(options.organization ? ['--organization', options.organization] : []),
    '--project',
    project.name,
    '--root-directory',
    project.root,
    '--stack',
    options.stack,
    '--pwd',
    project.pwd,
    ...(options.dryRun ? ['--dry-run'] : []),
    '--parallel',
    String(options.parallel ?? availableParallelism() * 4),
    project.entryPoint,
  ];
}

/** Stack outputs as plain data: secrets and values unknown in a preview replaced by placeholders. */
function plainOutputs(value: unknown): Record<string, unknown> {
  const plain = (item: unknown): unknown => {
    if (item === pulumi.unknown) return UNKNOWN_PLACEHOLDER;
    if (Array.isArray(item)) return item.map(plain);
    if (typeof item !== 'object' || item === null) return item;
    const record = item as Record<string, unknown>;
    if (record[pulumi.runtime.specialSigKey] === pulumi.runtime.specialSecretSig) return SECRET_PLACEHOLDER;
    return Object.fromEntries(Object.entries(record).map(([key, entry]) => [key, plain(entry)]));
  };
  return plain(value) as Record<string, unknown>;
}

type Callback = (error: grpc.ServiceError | Error | null, response?: unknown) => void;
type Handler = (call: { request: unknown }, callback: Callback) => void;
type MethodDefinitions = Record<string, { responseType: new () => unknown }>;

const unimplemented = (service: string, method: string) =>
  Object.assign(new Error(`the engine stand-in does not implement ${service}.${method}`), { code: grpc.status.UNIMPLEMENTED });

/** MockMonitor answers a few methods with plain objects; gRPC needs the generated messages. */
function asMessage(method: string, definitions: MethodDefinitions, response: unknown): unknown {
  if (typeof (response as { serializeBinary?: unknown } | undefined)?.serializeBinary === 'function') return response;
  if (method === 'supportsFeature') {
    return new resourceProto.SupportsFeatureResponse().setHassupport((response as { getHassupport(): boolean }).getHassupport());
  }
  return new (definitions[method] as MethodDefinitions[string]).responseType();
}

function resourceMonitor(monitor: MockMonitor, store: SettingsStore, onStackOutputs: (outputs: Record<string, unknown>) => void) {
  const definitions = ResourceMonitorService as unknown as MethodDefinitions;
  const delegate = monitor as unknown as Record<string, ((request: unknown, callback: Callback) => unknown) | undefined>;
  const implementation: Record<string, Handler> = {};
  for (const method of Object.keys(definitions)) {
    implementation[method] = (call, callback) => {
      if (method === 'signalAndWaitForShutdown') {
        // Nothing is left to wait for: the mocks answer every registration before it returns.
        callback(null, asMessage(method, definitions, undefined));
        return;
      }
      const handler = delegate[method];
      if (typeof handler !== 'function') {
        callback(unimplemented('ResourceMonitor', method));
        return;
      }
      try {
        if (method === 'registerResourceOutputs') {
          const request = call.request as resourceProto.RegisterResourceOutputsRequest;
          if (request.getUrn().split('::')[2] === STACK_TYPE) {
            const outputs = request.getOutputs();
            onStackOutputs(inSettings(store, () => plainOutputs(outputs ? pulumi.runtime.deserializeProperties(outputs) : {})));
          }
        }
        void inSettings(store, () =>
          handler.call(monitor, call.request, (error, response) =>
            error ? callback(error instanceof Error ? error : new Error(String(error))) : callback(null, asMessage(method, definitions, response)),
          ),
        );
      } catch (error) {
        callback(error instanceof Error ? error : new Error(String(error)));
      }
    };
  }
  return implementation;
}

function engine(logs: EngineLog[]) {
  const definitions = EngineService as unknown as MethodDefinitions;
  let rootUrn = '';
  const implementation: Record<string, Handler> = {
    log: (call, callback) => {
      const request = call.request as engineProto.LogRequest;
      logs.push({ severity: SEVERITIES[request.getSeverity()] ?? 'info', message: request.getMessage(), urn: request.getUrn() });
      callback(null, asMessage('log', definitions, undefined));
    },
    getRootResource: (_call, callback) => callback(null, new engineProto.GetRootResourceResponse().setUrn(rootUrn)),
    setRootResource: (call, callback) => {
      rootUrn = (call.request as engineProto.SetRootResourceRequest).getUrn();
      callback(null, new engineProto.SetRootResourceResponse());
    },
  };
  for (const method of Object.keys(definitions)) {
    implementation[method] ??= (_call, callback) => callback(unimplemented('Engine', method));
  }
  return implementation;
}

/** Pulumi's settings store (`@pulumi/pulumi/runtime/state`, internal, so typed here by hand). */
interface SettingsStore {
  settings: { options: Record<string, unknown> };
  [flag: `supports${string}`]: boolean;
}
const { LocalStore } = require('@pulumi/pulumi/runtime/state') as { LocalStore: new () => SettingsStore };

/**
 * The settings `pulumi.runtime.setMocks(mocks, project, stack, preview)` gives the program's process,
 * scoped to the stand-in's calls (Pulumi's own AsyncLocalStorage), so that the MockMonitor serialises
 * exactly as under setMocks (URNs, unknowns in a preview, secrets) and this process's Pulumi settings,
 * which in-process tests use, stay untouched.
 */
function mockSettings(project: string, stack: string, dryRun: boolean, organization = ''): SettingsStore {
  const store = new LocalStore();
  Object.assign(store.settings.options, { project, stack, dryRun, organization, parallel: -1, engineAddr: '', monitorAddr: 'mock' });
  Object.assign(store, {
    supportsSecrets: true,
    supportsResourceReferences: true,
    supportsOutputValues: false,
    supportsDeletedWith: true,
    supportsReplaceWith: true,
    supportsAliasSpecs: true,
    supportsTransforms: true,
    supportsInvokeTransforms: true,
    supportsParameterization: true,
    supportsResourceHooks: true,
    supportsErrorHooks: true,
    supportsInvokeDependsOn: false,
  });
  return store;
}

function inSettings<T>(store: SettingsStore, action: () => T): T {
  const storage = (globalThis as unknown as { asyncLocalStorage: AsyncLocalStorage<SettingsStore> }).asyncLocalStorage;
  return storage.run(store, action);
}

function listen(server: grpc.Server): Promise<number> {
  return new Promise((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, port) => (error ? reject(error) : resolve(port))),
  );
}

/** Runs the project's program once through Pulumi's Node.js runner against the mocks. */
export async function runProgram(options: RunProgramOptions): Promise<ProgramRun> {
  const project = readPulumiProject(options.projectRoot);
  const runnerPath = locateRunner(project.pwd);
  const logs: EngineLog[] = [];
  let outputs: Record<string, unknown> | undefined;
  const firstResource = options.mocks.resources.length;

  const server = new grpc.Server();
  server.addService(
    ResourceMonitorService,
    resourceMonitor(
      new MockMonitor(options.mocks.mocks),
      mockSettings(project.name, options.stack, options.dryRun ?? false, options.organization),
      (registered) => {
        outputs = registered;
      },
    ) as grpc.UntypedServiceImplementation,
  );
  server.addService(EngineService, engine(logs) as grpc.UntypedServiceImplementation);

  try {
    const address = `127.0.0.1:${await listen(server)}`;
    const hostVariables: Record<string, string> = {
      PULUMI_CONFIG: configEnvironment(options.config ?? {}),
      PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(options.secretKeys ?? []),
      ...(project.runtime.options.typescript ? { PULUMI_NODEJS_TYPESCRIPT: 'true' } : {}),
      ...(project.runtime.options.tsconfig ? { PULUMI_NODEJS_TSCONFIG_PATH: project.runtime.options.tsconfig } : {}),
    };
    const inherited = { ...(options.env ?? process.env) };
    for (const name of HOST_VARIABLES) delete inherited[name];
    const command = {
      file: options.nodeBinary ?? process.execPath,
      args: runnerArguments(project, runnerPath, address, options),
      cwd: tmpdir(),
      env: hostVariables,
    };

    const child = spawn(command.file, command.args, {
      cwd: command.cwd,
      env: { ...inherited, ...hostVariables },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs ?? 120_000);
    const { exitCode, signal } = await new Promise<{ exitCode: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
      child.once('error', reject);
      child.once('close', (code, closeSignal) => resolve({ exitCode: code, signal: closeSignal }));
    }).finally(() => {
      clearTimeout(timer);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    });

    return {
      project,
      runnerPath,
      command,
      exitCode,
      signal,
      timedOut,
      stdout,
      stderr,
      logs,
      resources: options.mocks.resources.slice(firstResource),
      outputs,
    };
  } finally {
    server.forceShutdown();
  }
}

/** The working directory the runner reports when it starts the program (its own debug log). */
export function reportedProgramDirectory(run: Pick<ProgramRun, 'logs'>): string | undefined {
  for (const { severity, message } of run.logs) {
    const match = /^Running program '.*' in pwd '(.*)' w\/ args:/s.exec(message);
    if (severity === 'debug' && match) return match[1];
  }
  return undefined;
}
