/**
 * `npm run admin -- <command> [options]`: the operator's command over a deployed stack or the local
 * sandbox — an account's protection state and audit trail, an unlock (audited with who ran it), the
 * lockouts across accounts, and the IAM policy all this needs. See README, "Operator command".
 */
import { findProjectRoot } from '../infra/project-root';
import { parseArguments, USAGE } from './admin/arguments';
import { runCommand } from './admin/commands';
import { EXIT, explainFailure } from './admin/failures';
import { toJson } from './admin/json-output';
import { toText } from './admin/text-output';
import { openSession } from './admin/session';
import { resolveTarget, type Target } from './admin/target';

export interface AdminIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env?: NodeJS.ProcessEnv;
  readonly projectRoot?: string;
  readonly now?: () => number;
}

/** Runs the command line; resolves to the exit code (0 done, 1 failed, 2 wrong usage, 3 unknown account). */
export async function runAdmin(argv: readonly string[], io: AdminIo): Promise<number> {
  const env = io.env ?? process.env;
  const clock = { now: io.now ?? (() => Date.now()) };
  let target: Target | undefined;
  try {
    const args = parseArguments(argv, clock.now());
    if (args.help) {
      io.stdout(`${USAGE}\n`);
      return EXIT.ok;
    }
    const projectRoot = io.projectRoot ?? findProjectRoot();
    target = resolveTarget(args.target, { projectRoot, env });
    const resolved = target;
    const outcome = await runCommand(args, resolved, () => openSession(resolved, { projectRoot, clock, env }), clock);
    io.stdout(`${args.json ? JSON.stringify(toJson(outcome), null, 2) : toText(outcome)}\n`);
    return EXIT.ok;
  } catch (error) {
    const explained = explainFailure(error, target);
    io.stderr(`admin: ${explained.message}\n${explained.usage ? `\n${USAGE}\n` : ''}`);
    return explained.exitCode;
  }
}

if (require.main === module) {
  void runAdmin(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  }).then((code) => {
    process.exitCode = code;
  });
}
