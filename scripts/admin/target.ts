import { join } from 'node:path';
import { findRunning } from '../../sandbox/running';
import { UsageError, type TargetOptions } from './arguments';
import { readStackOutputs, TargetError, type StackOutputs } from './stack-outputs';

/** Where the command acts, resolved: the stack's resources, and the sandbox's endpoints when local. */
export interface Target {
  /** For messages: `stack prod`, `sandbox dev`, `table gatehouse-prod`. */
  readonly name: string;
  /** The stack whose `Pulumi.<stack>.yaml` may say how long audit entries are kept. */
  readonly stack?: string;
  readonly region: string;
  readonly tableName: string;
  readonly accountKeyParameter: string;
  readonly userPoolId?: string;
  readonly keyArn?: string;
  /** The running sandbox's stand-ins; absent for AWS. */
  readonly sandbox?: { readonly dynamodb: string; readonly ssm: string; readonly cognito?: string };
}

export interface ResolveOptions {
  readonly projectRoot: string;
  readonly env: NodeJS.ProcessEnv;
  readonly readOutputs?: (stack: string) => StackOutputs;
}

export function resolveTarget(options: TargetOptions, context: ResolveOptions): Target {
  if (options.sandbox !== undefined) return sandboxTarget(options.sandbox, options.data ?? join(context.projectRoot, '.sandbox', options.sandbox));
  const outputs: StackOutputs =
    options.stack === undefined ? {} : (context.readOutputs ?? ((stack) => readStackOutputs(stack, { cwd: context.projectRoot, env: context.env })))(options.stack);
  const tableName = options.table ?? outputs.tableName;
  const accountKeyParameter = options.accountKeyParameter ?? outputs.accountKeyParameter;
  if (options.stack === undefined && tableName === undefined) {
    throw new UsageError('name the target: --sandbox [stack], --stack <name>, or --table with --account-key-parameter');
  }
  const from = options.stack === undefined ? '' : ` (stack ${options.stack} has no output ${options.table === undefined ? 'tableName' : 'accountKeyParameter'})`;
  if (tableName === undefined) throw new UsageError(`no table: give --table${from}`);
  if (accountKeyParameter === undefined) throw new UsageError(`no account key parameter: give --account-key-parameter${from}`);
  const region = options.region ?? outputs.region ?? context.env.AWS_REGION ?? context.env.AWS_DEFAULT_REGION;
  if (region === undefined) throw new UsageError('no region: give --region, or set AWS_REGION');
  const userPoolId = options.userPoolId ?? outputs.userPoolId;
  const keyArn = options.keyArn ?? outputs.keyArn;
  return {
    name: options.stack === undefined ? `table ${tableName}` : `stack ${options.stack}`,
    ...(options.stack === undefined ? {} : { stack: options.stack }),
    region,
    tableName,
    accountKeyParameter,
    ...(userPoolId === undefined ? {} : { userPoolId }),
    ...(keyArn === undefined ? {} : { keyArn }),
  };
}

function sandboxTarget(stack: string, dataDirectory: string): Target {
  const running = findRunning(dataDirectory);
  if (!running) throw new TargetError(`no sandbox is running for stack "${stack}" (data in ${dataDirectory}): start it with \`npm start${stack === 'dev' ? '' : ` -- ${stack}`}\``);
  const { dynamodb, ssm, cognito } = running.endpoints;
  if (!running.tableName || !running.accountKeyParameter || !dynamodb || !ssm) {
    throw new TargetError(`the sandbox running for stack "${stack}" was started by an older version: restart it (\`npm start\`)`);
  }
  return {
    name: `sandbox ${stack}`,
    stack,
    region: running.region,
    tableName: running.tableName,
    accountKeyParameter: running.accountKeyParameter,
    userPoolId: running.userPoolId,
    sandbox: { dynamodb, ssm, ...(cognito ? { cognito } : {}) },
  };
}
