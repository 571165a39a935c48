/** A wrong command line: the usage follows the message. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const COMMANDS = ['status', 'unlock', 'audit', 'recent-lockouts', 'policy'] as const;
export type Command = (typeof COMMANDS)[number];

/** Commands that name one account. */
const NAMES_AN_ACCOUNT: readonly Command[] = ['status', 'unlock', 'audit'];

/** Where the command acts: a running sandbox, or a deployed stack (its outputs, or flags naming its resources). */
export interface TargetOptions {
  /** The sandbox's stack (`--sandbox [stack]`, default dev). */
  readonly sandbox?: string;
  /** The sandbox's data folder, when not `.sandbox/<stack>`. */
  readonly data?: string;
  /** A deployed stack whose outputs `pulumi stack output` reads. */
  readonly stack?: string;
  readonly table?: string;
  readonly region?: string;
  readonly accountKeyParameter?: string;
  readonly userPoolId?: string;
  readonly keyArn?: string;
}

export interface AdminArguments {
  readonly command?: Command;
  readonly identifier?: string;
  /** Epoch milliseconds. */
  readonly since?: number;
  readonly limit?: number;
  readonly json: boolean;
  readonly readOnly: boolean;
  readonly help: boolean;
  readonly target: TargetOptions;
}

export const USAGE = `usage: npm run admin -- <command> [options]

commands
  status <username|email>            the account's sign-in protection state, record and latest audit entries
  unlock <username|email>            clear the lock, the counters, the backoff level and a reset requirement
                                     (audited with who ran it)
  audit <username|email>             the account's audit trail, newest first   [--since <when>] [--limit <n>]
  recent-lockouts                    accounts locked lately, newest first      [--since <when>] [--limit <n>]
  policy                             the IAM policy the command needs          [--read-only]

target (one of)
  --sandbox [stack]                  the sandbox \`npm start\` runs (default dev)   [--data <folder>]
  --stack <name>                     a deployed stack, from \`pulumi stack output\`
  --table <name> --account-key-parameter <name> [--user-pool-id <id>] [--region <region>] [--key-arn <arn>]
                                     a deployed stack's resources named directly (they override --stack's)

options
  --since <when>                     30m, 24h, 7d, or an ISO date or time (default: a day for recent-lockouts)
  --limit <n>                        at most n entries (default 100; status shows the latest 10)
  --json                             machine-readable output
  --help

AWS credentials and region come from the usual places (AWS_PROFILE, AWS_REGION, environment variables,
SSO, instance roles), as for the AWS CLI.`;

const DURATION = /^(\d+)(m|h|d)$/;
const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** `--since`: a duration back from now, or a date or time (ISO 8601; a date alone is midnight UTC). */
export function parseSince(value: string, now: number): number {
  const duration = DURATION.exec(value);
  if (duration) return now - Number(duration[1]) * UNIT_MS[duration[2] as keyof typeof UNIT_MS];
  if (/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(value)) {
    const at = Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value);
    if (!Number.isNaN(at)) return at;
  }
  throw new UsageError(`--since takes a duration (30m, 24h, 7d) or an ISO date or time, not "${value}"`);
}

export function parseArguments(argv: readonly string[], now: number): AdminArguments {
  let command: Command | undefined;
  let identifier: string | undefined;
  let since: number | undefined;
  let limit: number | undefined;
  let json = false;
  let readOnly = false;
  let help = false;
  const target: { -readonly [K in keyof TargetOptions]: TargetOptions[K] } = {};
  const valueOf = (index: number, option: string): string => {
    const value = argv[index];
    if (value === undefined || value.startsWith('--')) throw new UsageError(`${option} takes a value`);
    return value;
  };
  const FLAGS: Record<string, keyof TargetOptions> = {
    '--data': 'data',
    '--stack': 'stack',
    '--table': 'table',
    '--region': 'region',
    '--account-key-parameter': 'accountKeyParameter',
    '--user-pool-id': 'userPoolId',
    '--key-arn': 'keyArn',
  };
  const wantsPositional = () => command === undefined || (NAMES_AN_ACCOUNT.includes(command) && identifier === undefined);

  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index] as string;
    const [option, inline] = argument.startsWith('--') && argument.includes('=') ? [argument.slice(0, argument.indexOf('=')), argument.slice(argument.indexOf('=') + 1)] : [argument, undefined];
    const value = () => inline ?? valueOf((index += 1), option);
    if (option === '--help' || option === '-h') help = true;
    else if (option === '--json') json = true;
    else if (option === '--read-only') readOnly = true;
    else if (option === '--since') since = parseSince(value(), now);
    else if (option === '--limit') {
      const text = value();
      limit = Number(text);
      if (!/^\d+$/.test(text) || limit < 1) throw new UsageError(`--limit takes a whole number from 1, not "${text}"`);
    } else if (option === '--sandbox') {
      // The stack is optional: the next word is it unless it is a command or the account asked about.
      const next = argv[index + 1];
      if (inline !== undefined) target.sandbox = inline;
      else if (next !== undefined && !next.startsWith('-') && !(COMMANDS as readonly string[]).includes(next) && !(command !== undefined && wantsPositional())) {
        target.sandbox = next;
        index += 1;
      } else target.sandbox = 'dev';
    } else if (FLAGS[option]) target[FLAGS[option]] = value();
    else if (option.startsWith('-')) throw new UsageError(`unknown option ${option}`);
    else if (command === undefined) {
      if (!(COMMANDS as readonly string[]).includes(argument)) throw new UsageError(`unknown command "${argument}"`);
      command = argument as Command;
    } else if (wantsPositional()) identifier = argument;
    else throw new UsageError(`unexpected argument "${argument}"`);
  }

  if (!help) {
    if (command === undefined) throw new UsageError('name a command');
    if (NAMES_AN_ACCOUNT.includes(command) && identifier === undefined) throw new UsageError(`${command} takes a username or an email address`);
    if (target.sandbox !== undefined && Object.keys(target).some((key) => key !== 'sandbox' && key !== 'data')) {
      throw new UsageError('--sandbox runs against the local sandbox: it takes no --stack, --table, --region or other resource flags');
    }
    if (target.data !== undefined && target.sandbox === undefined) throw new UsageError('--data names a sandbox\'s data folder: use it with --sandbox');
    if (readOnly && command !== 'policy') throw new UsageError('--read-only is an option of policy');
    if (since !== undefined && command !== 'audit' && command !== 'recent-lockouts') throw new UsageError(`--since is an option of audit and recent-lockouts`);
  }
  return {
    ...(command ? { command } : {}),
    ...(identifier !== undefined ? { identifier } : {}),
    ...(since !== undefined ? { since } : {}),
    ...(limit !== undefined ? { limit } : {}),
    json,
    readOnly,
    help,
    target,
  };
}
