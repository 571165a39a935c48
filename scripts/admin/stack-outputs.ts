import { spawnSync } from 'node:child_process';

/** What the command reads from a stack's outputs (see README, "Stack outputs"). */
export interface StackOutputs {
  readonly region?: string;
  readonly tableName?: string;
  readonly accountKeyParameter?: string;
  readonly userPoolId?: string;
  readonly keyArn?: string;
}

/** The target could not be found: an unknown stack, no Pulumi CLI, no sandbox running. */
export class TargetError extends Error {
  override readonly name = 'TargetError';
}

const OUTPUTS = ['region', 'tableName', 'accountKeyParameter', 'userPoolId', 'keyArn'] as const;

/**
 * A deployed stack's outputs as `pulumi stack output --json --stack <name>` prints them, from the
 * project folder (the stack is looked up in the backend the operator is logged in to). Only the outputs
 * the command uses are kept; none of them is secret.
 */
export function readStackOutputs(stack: string, options: { readonly cwd: string; readonly env?: NodeJS.ProcessEnv }): StackOutputs {
  const result = spawnSync('pulumi', ['stack', 'output', '--json', '--stack', stack], {
    cwd: options.cwd,
    env: options.env ?? process.env,
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (result.error) {
    if ((result.error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new TargetError(
        'the Pulumi CLI is not on PATH: install it and log in to the stack\'s backend, or name the stack\'s resources with ' +
          '--table, --account-key-parameter, --user-pool-id and --region (its outputs tableName, accountKeyParameter, userPoolId, region)',
      );
    }
    throw new TargetError(`pulumi stack output could not run: ${result.error.message}`);
  }
  if (result.status !== 0) {
    const said = firstLine(result.stderr) ?? firstLine(result.stdout) ?? `exit code ${String(result.status)}`;
    if (/no stack named|stack .* not found|could not find|does not exist/i.test(said)) throw new TargetError(`unknown stack "${stack}": ${said}`);
    throw new TargetError(`pulumi stack output --stack ${stack} failed: ${said}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(result.stdout);
  } catch {
    throw new TargetError(`pulumi stack output --stack ${stack} printed something other than JSON`);
  }
  if (typeof parsed !== 'object' || parsed === null) throw new TargetError(`pulumi stack output --stack ${stack} printed no outputs`);
  const outputs: Record<string, string> = {};
  for (const name of OUTPUTS) {
    const value = (parsed as Record<string, unknown>)[name];
    if (typeof value === 'string' && value.length > 0) outputs[name] = value;
  }
  return outputs;
}

function firstLine(text: string | undefined): string | undefined {
  return text
    ?.split('\n')
    .map((line) => line.trim())
    .find((line) => line.length > 0);
}
