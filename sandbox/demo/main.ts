/**
 * `npm run demo [-- <stack>] [--data <folder>]`: the demo journey against the sandbox `npm start` runs
 * for the stack (found through its data folder). Without one, the demo starts a sandbox of its own on
 * free ports, over temporary data, its waits sped up, and stops it at the end.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findProjectRoot } from '../../infra/project-root';
import { explain, UsageError } from '../explain';
import { findRunning, type RunningSandbox } from '../running';
import { EPHEMERAL_PORTS, startSandbox, type Sandbox } from '../sandbox';
import { loadSandboxStack } from '../stack';
import { runJourney } from './journey';

/** The pace of the demo's own sandbox: a week of the reminder workflow passes in about three seconds. */
export const OWN_SANDBOX_TIME_SCALE = 200_000;

interface Arguments {
  stack: string;
  dataDirectory?: string;
}

function parseArguments(argv: readonly string[]): Arguments {
  const parsed: Arguments = { stack: 'dev' };
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index] as string;
    if (argument === '--data') {
      const value = argv[(index += 1)];
      if (value === undefined || value.startsWith('-')) throw new UsageError('--data takes a folder');
      parsed.dataDirectory = value;
    } else if (argument.startsWith('-')) throw new UsageError(`unknown option ${argument}`);
    else parsed.stack = argument;
  }
  return parsed;
}

const print = (line: string) => void process.stdout.write(`${line}\n`);

async function main(): Promise<number> {
  const args = parseArguments(process.argv.slice(2));
  const root = findProjectRoot();
  const { config } = loadSandboxStack(args.stack, root);
  const data = args.dataDirectory ?? join(root, '.sandbox', args.stack);
  let target: RunningSandbox | Sandbox | undefined = findRunning(data);
  let own: { sandbox: Sandbox; folder: string } | undefined;
  if (!target) {
    print(`No sandbox is running for stack "${args.stack}" (\`npm start\`): the demo starts its own, on free ports, over temporary data.`);
    const folder = mkdtempSync(join(tmpdir(), 'gatehouse-demo-'));
    try {
      const sandbox = await startSandbox({ stack: args.stack, dataDirectory: folder, ports: EPHEMERAL_PORTS, timeScale: OWN_SANDBOX_TIME_SCALE, projectRoot: root });
      own = { sandbox, folder };
      target = sandbox;
    } catch (error) {
      rmSync(folder, { recursive: true, force: true });
      throw error;
    }
  }
  const stopOwn = async () => {
    if (!own) return;
    await own.sandbox.stop();
    rmSync(own.folder, { recursive: true, force: true });
    own = undefined;
  };
  process.once('SIGINT', () => void stopOwn().then(() => process.exit(130)));
  try {
    await runJourney(target, { config, print, runId: Date.now().toString(36), stopsAfterwards: own !== undefined });
    return 0;
  } finally {
    await stopOwn();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`\nThe demo stopped: ${explain(error)}\n`);
    process.exit(1);
  },
);
