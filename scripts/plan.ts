/**
 * Offline plan: runs the Pulumi program for one stack the way `pulumi preview` does (Pulumi.yaml's
 * `main`, the engine's working directory, `@pulumi/pulumi`'s own Node.js runner, a dry run) against an
 * engine stand-in whose resource monitor answers with mocks, and prints every resource the program
 * would register, with its inputs, and the stack outputs. No AWS account, no Pulumi CLI, no state: a
 * review aid, not `pulumi preview`. Like `pulumi up`, it runs the build (`npm run build`), not the sources.
 *
 *   node --import tsx scripts/plan.ts <stack>      (npm run plan -- <stack>)
 */
import * as pulumi from '@pulumi/pulumi';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { parse, stringify } from 'yaml';
import { assertBuildIsFresh } from '../infra/build-freshness';
import { runProgram, type EngineLog } from './pulumi/engine-stand-in';
import { projectFile, ProjectMainError, readPulumiProject, type PulumiProject } from './pulumi/pulumi-project';
import { recordingMocks, type RecordedResource } from './pulumi/recording-mocks';

// The recording mocks live in scripts/pulumi/recording-mocks.ts; re-exported for older importers.
export { recordingMocks, settleRegistrations, type RecordedResource, type RecordingMocks } from './pulumi/recording-mocks';

const root = join(__dirname, '..');
const SECRET_PLACEHOLDER = '[secret]';
/** Stands in for the region in ids and ARNs when the stack file names none (shaped like a region: the program parses pool ids). */
export const REGION_PLACEHOLDER = 'xx-unset-1';

export function availableStacks(projectRoot: string = root): string[] {
  return readdirSync(projectRoot)
    .map((file) => /^Pulumi\.(.+)\.yaml$/.exec(file)?.[1])
    .filter((stack): stack is string => stack !== undefined)
    .sort();
}

/** Keys without a namespace belong to the project (Pulumi.yaml's `name`). */
function projectName(projectRoot: string): string {
  const document = (parse(readFileSync(projectFile(projectRoot), 'utf8')) ?? {}) as { name?: unknown };
  if (typeof document.name !== 'string') throw new Error(`Pulumi.yaml in ${projectRoot} has no project name`);
  return document.name;
}

export interface StackFileConfig {
  /** Full key → value as the Pulumi CLI hands it to a program (structured values as JSON). */
  readonly values: Record<string, string>;
  /** Keys stored encrypted (`secure:`), which cannot be decrypted here. */
  readonly secretKeys: string[];
}

const isSecure = (value: unknown): boolean =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).join() === 'secure';

/** Replaces encrypted values (at any depth) with a placeholder; reports whether there were any. */
function withoutSecrets(value: unknown): { value: unknown; secret: boolean } {
  if (isSecure(value)) return { value: SECRET_PLACEHOLDER, secret: true };
  if (Array.isArray(value)) {
    const items = value.map(withoutSecrets);
    return { value: items.map((item) => item.value), secret: items.some((item) => item.secret) };
  }
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).map(([key, item]) => [key, withoutSecrets(item)] as const);
    return {
      value: Object.fromEntries(entries.map(([key, item]) => [key, item.value])),
      secret: entries.some(([, item]) => item.secret),
    };
  }
  return { value, secret: false };
}

export function readStackConfig(stack: string, projectRoot: string = root): StackFileConfig {
  const file = join(projectRoot, `Pulumi.${stack}.yaml`);
  if (!/^[\w.-]+$/.test(stack) || !existsSync(file)) {
    const stacks = availableStacks(projectRoot);
    throw new Error(
      `unknown stack "${stack}": there is no Pulumi.${stack}.yaml. Available stacks: ${stacks.join(', ') || '(none)'}`,
    );
  }
  const document = (parse(readFileSync(file, 'utf8')) ?? {}) as { config?: Record<string, unknown> };
  const values: Record<string, string> = {};
  const secretKeys: string[] = [];
  const project = projectName(projectRoot);
  for (const [key, raw] of Object.entries(document.config ?? {})) {
    const fullKey = key.includes(':') ? key : `${project}:${key}`;
    const { value, secret } = withoutSecrets(raw);
    values[fullKey] = typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
    if (secret) secretKeys.push(fullKey);
  }
  return { values, secretKeys };
}

/** Inputs as a reviewer wants them: JSON documents (policies) expanded, archives as their directory, secrets hidden. */
function readable(value: unknown, projectRoot: string): unknown {
  if (typeof value === 'string' && value.startsWith('{')) {
    try {
      return readable(JSON.parse(value), projectRoot);
    } catch {
      return value;
    }
  }
  if (Array.isArray(value)) return value.map((item) => readable(item, projectRoot));
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    if (record[pulumi.runtime.specialSigKey] === pulumi.runtime.specialSecretSig) return SECRET_PLACEHOLDER;
    const archive = record['fileArchive'];
    if (typeof archive === 'string') return `FileArchive(${isAbsolute(archive) ? relative(projectRoot, archive) : archive})`;
    const assets = record['assetArchive'];
    if (typeof assets === 'object' && assets !== null) {
      const files = Object.entries(assets as Record<string, unknown>).map(
        ([path, file]) => [path, typeof file === 'string' && isAbsolute(file) ? relative(projectRoot, file) : file] as const,
      );
      return { AssetArchive: Object.fromEntries(files) };
    }
    return Object.fromEntries(Object.entries(record).map(([key, item]) => [key, readable(item, projectRoot)]));
  }
  return value;
}

const indent = (text: string, by: string) =>
  text
    .trimEnd()
    .split('\n')
    .map((line) => `${by}${line}`)
    .join('\n');

export interface PlanDetails {
  /** Printed first: what the reader must know before trusting the plan. */
  readonly warnings?: readonly string[];
  /** Warnings and errors the program logged through the engine. */
  readonly logs?: readonly EngineLog[];
  /** What the program printed itself. */
  readonly programOutput?: string;
  /** Archive paths are shown relative to it. */
  readonly projectRoot?: string;
  /** Pulumi.yaml as the engine reads it, to say what ran and from where. */
  readonly project?: PulumiProject;
}

const withoutColours = (text: string) => text.replace(/\u001b\[[0-9;]*m/g, '');

/**
 * Resources a stack has many of, shown one per line or two so that the plan stays readable: an alarm as
 * what it watches and when it fires, a dashboard as its widgets. Everything else is shown input by input.
 */
const SUMMARIES: Readonly<Record<string, (inputs: Record<string, unknown>) => string>> = {
  'aws:cloudwatch/metricAlarm:MetricAlarm': alarmSummary,
  'aws:cloudwatch/dashboard:Dashboard': dashboardSummary,
};

const OPERATORS: Readonly<Record<string, string>> = {
  GreaterThanOrEqualToThreshold: '>=',
  GreaterThanThreshold: '>',
  LessThanThreshold: '<',
  LessThanOrEqualToThreshold: '<=',
};

function metricText(namespace: unknown, metricName: unknown, dimensions: unknown, stat: unknown, period: unknown): string {
  const pairs = Object.entries((dimensions ?? {}) as Record<string, unknown>).map(([key, value]) => `${key}=${String(value)}`);
  return `${String(namespace)}/${String(metricName)}{${pairs.join(',')}} ${String(stat)}/${String(period)}s`;
}

function alarmSummary(inputs: Record<string, unknown>): string {
  const queries = (inputs['metricQueries'] ?? []) as { id: string; expression?: string; metric?: Record<string, unknown> }[];
  const watched =
    queries.length === 0
      ? metricText(inputs['namespace'], inputs['metricName'], inputs['dimensions'], inputs['statistic'] ?? inputs['extendedStatistic'], inputs['period'])
      : queries
          .map((query) =>
            query.metric
              ? `${query.id} = ${metricText(query.metric['namespace'], query.metric['metricName'], query.metric['dimensions'], query.metric['stat'], query.metric['period'])}`
              : `${query.expression ?? ''}`,
          )
          .join('; ');
  const operator = OPERATORS[String(inputs['comparisonOperator'])] ?? String(inputs['comparisonOperator']);
  const actions = [...new Set([...((inputs['alarmActions'] ?? []) as string[]), ...((inputs['okActions'] ?? []) as string[])])];
  return [
    `name: ${String(inputs['name'])}`,
    `when: ${watched} ${operator} ${String(inputs['threshold'])} in ${String(inputs['datapointsToAlarm'] ?? inputs['evaluationPeriods'])} of ${String(inputs['evaluationPeriods'])} periods; missing data: ${String(inputs['treatMissingData'])}`,
    `notifies: ${actions.length === 0 ? 'nobody' : actions.join(', ')} (in alarm and back to OK)`,
    `says: ${String(inputs['alarmDescription'])}`,
  ].join('\n');
}

function dashboardSummary(inputs: Record<string, unknown>): string {
  let body: { widgets?: { type: string; x: number; y: number; width: number; height: number; properties: Record<string, unknown> }[] };
  try {
    body = JSON.parse(String(inputs['dashboardBody'])) as typeof body;
  } catch {
    return stringify(inputs, { lineWidth: 0 });
  }
  const widgets = (body.widgets ?? []).map((widget) => {
    const { title, alarms, metrics, markdown } = widget.properties;
    const place = `${widget.type} ${widget.width}x${widget.height} at ${widget.x},${widget.y}`;
    if (widget.type === 'text') return `${place}: ${String(markdown).split('\n')[0] ?? ''}`;
    if (widget.type === 'alarm') return `${place}: ${String(title)} (${(alarms as unknown[]).length} alarms)`;
    const series = (metrics as unknown[][]).map((row) => {
      const first = row[0];
      if (typeof first === 'object' && first !== null) return String((first as Record<string, unknown>)['expression']);
      const options = row.find((part) => typeof part === 'object' && part !== null) as Record<string, unknown> | undefined;
      const stat = options?.['stat'] === undefined ? '' : ` (${String(options['stat'])})`;
      return `${row.filter((part) => typeof part === 'string').join(' ')}${stat}`;
    });
    return [`${place}: ${String(title)}`, ...series.map((each) => `  ${each}`)].join('\n');
  });
  return [`dashboardName: ${String(inputs['dashboardName'])}`, 'widgets:', ...widgets.map((each) => indent(each, '  '))].join('\n');
}

export function formatPlan(
  stack: string,
  config: StackFileConfig,
  resources: readonly RecordedResource[],
  outputs: unknown,
  details: PlanDetails = {},
): string {
  const projectRoot = details.projectRoot ?? root;
  const lines = [
    `Gatehouse plan for stack "${stack}" (Pulumi.${stack}.yaml)`,
    'PREVIEW UNDER PULUMI MOCKS - not a deployment: no AWS account, no Pulumi CLI, no state.',
    'Ids and ARNs are placeholders; provider defaults and validations are not applied.',
  ];
  if (details.project) {
    const { project } = details;
    const program = relative(projectRoot, join(project.pwd, project.entryPoint)) || '.';
    lines.push(
      `Program: ${program}, run by @pulumi/pulumi's Node.js runner from ${relative(projectRoot, project.pwd) || '.'}/ as \`pulumi preview\` runs it.`,
    );
  }
  lines.push('');
  for (const warning of details.warnings ?? []) lines.push(`WARNING: ${warning}`, '');
  if (config.secretKeys.length > 0) {
    lines.push(`Secret values shown as ${SECRET_PLACEHOLDER} (cannot be decrypted offline): ${config.secretKeys.join(', ')}`, '');
  }
  const logged = (details.logs ?? []).filter((log) => log.severity === 'warning' || log.severity === 'error');
  if (logged.length > 0) {
    lines.push('The program logged:');
    for (const log of logged) {
      lines.push(indent(`${log.severity}: ${withoutColours(log.message)}${log.urn ? `  (${log.urn})` : ''}`, '  '));
    }
    lines.push('');
  }
  if (details.programOutput?.trim()) lines.push('The program printed:', indent(withoutColours(details.programOutput), '  '), '');
  const sorted = [...resources].sort((a, b) => a.name.localeCompare(b.name) || a.type.localeCompare(b.type));
  lines.push(`Resources (${resources.length}):`, '');
  for (const resource of sorted) {
    if (!resource.custom) {
      lines.push(`[component] ${resource.type}  ${resource.name}`);
      continue;
    }
    lines.push(`+ ${resource.type}  ${resource.name}`);
    const summary = SUMMARIES[resource.type]?.(resource.inputs);
    lines.push(indent(summary ?? stringify(readable(resource.inputs, projectRoot), { lineWidth: 0 }), '    '));
  }
  lines.push('', 'Stack outputs:', indent(stringify(outputs ?? {}, { lineWidth: 0 }), '  '));
  return lines.join('\n');
}

/** Pulumi.yaml as the engine reads it; a missing build is named as such. */
function builtProject(projectRoot: string): PulumiProject {
  try {
    return readPulumiProject(projectRoot);
  } catch (error) {
    if (error instanceof ProjectMainError && !existsSync(join(projectRoot, error.main))) {
      throw new Error(`the program is not built (${error.main}, Pulumi.yaml's main, is missing): run \`npm run build\` first`);
    }
    throw error;
  }
}

/**
 * The warning for a stack whose pool keeps Cognito's default sender (no `gatehouse:email.from`), or
 * undefined when it names one. A value that is not JSON is left to the program, which refuses it.
 */
export function defaultSenderWarning(stack: string, config: StackFileConfig): string | undefined {
  const raw = config.values['gatehouse:email'];
  if (raw !== undefined) {
    try {
      const email = JSON.parse(raw) as unknown;
      const settings = typeof email === 'object' && email !== null ? (email as Record<string, unknown>) : {};
      if (settings['from'] !== undefined && settings['provider'] === 'smtp') {
        return (
          `gatehouse:email.provider is smtp in Pulumi.${stack}.yaml: Gatehouse's own mail goes through the stack's SMTP ` +
          `server, but Cognito cannot send through SMTP, so the pool's own emails (sign-up codes, password recovery, ` +
          `forced-reset codes) keep Cognito's default sender, which sends about 50 emails a day and drops the rest ` +
          `(see "Pool email" in the README).`
        );
      }
      if (settings['from'] !== undefined) return undefined;
    } catch {
      return undefined;
    }
  }
  return (
    `gatehouse:email.from is not set in Pulumi.${stack}.yaml: the pool sends its emails (sign-up codes, password ` +
    `recovery, forced-reset codes) with Cognito's default sender, which sends about 50 emails a day and drops the rest; ` +
    `recovery and forced resets depend on them. Name a sender to send through SES: ` +
    `gatehouse:email: { from: "Example <no-reply@example.com>", identity: domain } (see "Pool email" in the README).`
  );
}

/** Runs the program for a stack as `pulumi preview` would, against mocks, and describes what it registered. */
export async function plan(stack: string, projectRoot: string = root): Promise<string> {
  const config = readStackConfig(stack, projectRoot);
  const project = builtProject(projectRoot);
  // The program checks this itself when it starts; checked here first for a plainer message.
  assertBuildIsFresh(project.pwd);

  const warnings: string[] = [];
  const region = config.values['aws:region'];
  if (region === undefined) {
    warnings.push(
      `aws:region is not set in Pulumi.${stack}.yaml: at deploy time the region comes from the environment ` +
        `(AWS_REGION, or the region of the AWS profile), so it depends on who deploys. ` +
        `This plan shows "${REGION_PLACEHOLDER}" in ids and ARNs. Set it with \`pulumi config set aws:region <region> --stack ${stack}\`.`,
    );
  }
  const emailWarning = defaultSenderWarning(stack, config);
  if (emailWarning !== undefined) warnings.push(emailWarning);
  const mocks = recordingMocks(region ?? REGION_PLACEHOLDER);
  const run = await runProgram({ projectRoot, stack, config: config.values, secretKeys: config.secretKeys, mocks, dryRun: true });
  if (run.exitCode !== 0) {
    const errors = run.logs.filter((log) => log.severity === 'error').map((log) => withoutColours(log.message));
    const reason = run.timedOut ? 'timed out' : `exited with ${run.exitCode ?? run.signal}`;
    throw new Error(
      [`the program ${reason}`, ...errors, withoutColours(run.stderr.trim())].filter((part) => part !== '').join('\n'),
    );
  }
  return formatPlan(stack, config, run.resources, run.outputs, {
    warnings,
    logs: run.logs,
    programOutput: run.stdout + run.stderr,
    projectRoot,
    project,
  });
}

if (require.main === module) {
  const stack = process.argv[2];
  if (stack === undefined) {
    console.error(`usage: npm run plan -- <stack>   (available: ${availableStacks().join(', ')})`);
    process.exit(2);
  }
  plan(stack).then(
    (text) => console.log(text),
    (error: unknown) => {
      console.error(`plan failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
