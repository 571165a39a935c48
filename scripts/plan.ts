/**
 * Offline plan: runs the real Pulumi program (infra/index.ts) for one stack under Pulumi's mock runtime
 * and prints every resource it would register, with its inputs, and the stack outputs. No AWS account,
 * no Pulumi CLI, no state: a review aid, not `pulumi preview`.
 *
 *   node --import tsx scripts/plan.ts <stack>      (npm run plan -- <stack>)
 */
import * as pulumi from '@pulumi/pulumi';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { parse, stringify } from 'yaml';

const root = join(__dirname, '..');
const PROJECT = 'gatehouse';
const MOCK_ACCOUNT = '123456789012';
const SECRET_PLACEHOLDER = '[secret]';

export interface RecordedResource {
  readonly type: string;
  readonly name: string;
  /** False for component resources. */
  readonly custom: boolean;
  /** As the program passed them, with asset archives replaced by `{ fileArchive: <path> }`. */
  readonly inputs: Record<string, unknown>;
  readonly id: string;
  /** The outputs the mock answered with: the inputs plus placeholder ids, names and ARNs. */
  readonly state: Record<string, unknown>;
}

export interface RecordingMocks {
  readonly mocks: pulumi.runtime.Mocks;
  /** Every registration, in the order the mock runtime received them. */
  readonly resources: RecordedResource[];
}

const shortHash = (text: string, length: number) => createHash('sha256').update(text).digest('hex').slice(0, length);

/** Placeholder identifiers shaped like the real ones, so that policies and wiring read naturally. */
function mockIdentity(type: string, name: string, region: string): { id: string; extra: Record<string, unknown> } {
  const arn = (service: string, resource: string) => `arn:aws:${service}:${region}:${MOCK_ACCOUNT}:${resource}`;
  switch (type) {
    case 'aws:dynamodb/table:Table':
      return { id: name, extra: { arn: arn('dynamodb', `table/${name}`) } };
    case 'aws:cognito/userPool:UserPool': {
      const id = `${region}_${shortHash(name, 9)}`;
      // pulumi-aws's `endpoint`: the regional Cognito host and the pool id, without a scheme.
      return { id, extra: { arn: arn('cognito-idp', `userpool/${id}`), endpoint: `cognito-idp.${region}.amazonaws.com/${id}` } };
    }
    case 'aws:cognito/userPoolClient:UserPoolClient':
      return { id: shortHash(name, 26), extra: {} };
    case 'aws:lambda/function:Function':
      return { id: name, extra: { arn: arn('lambda', `function:${name}`) } };
    case 'aws:cloudwatch/logGroup:LogGroup':
      return { id: name, extra: { arn: arn('logs', `log-group:${name}`) } };
    case 'aws:iam/role:Role':
      return { id: name, extra: { arn: `arn:aws:iam::${MOCK_ACCOUNT}:role/${name}` } };
    case 'aws:kms/key:Key': {
      const hex = shortHash(name, 32);
      const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
      return { id, extra: { keyId: id, arn: arn('kms', `key/${id}`) } };
    }
    case 'aws:kms/alias:Alias':
      return { id: name, extra: { arn: arn('kms', name) } };
    case 'aws:ssm/parameter:Parameter':
      return { id: name, extra: { arn: arn('ssm', `parameter${name}`) } };
    case 'random:index/randomBytes:RandomBytes':
      // The real bytes exist only in a deployment; a fixed stand-in of the same shape.
      return { id: name, extra: { base64: Buffer.from(shortHash(name, 32)).toString('base64'), hex: shortHash(name, 64) } };
    default:
      return { id: `${name}-id`, extra: {} };
  }
}

/** Archives reach the mock with promised fields; what matters for review is the directory. */
async function plainInputs(value: unknown): Promise<unknown> {
  if (Array.isArray(value)) return Promise.all(value.map(plainInputs));
  if (typeof value !== 'object' || value === null) return value;
  const record = value as Record<string, unknown>;
  if (record['__pulumiArchive'] === true && 'path' in record) return { fileArchive: await record['path'] };
  const entries = await Promise.all(Object.entries(record).map(async ([key, item]) => [key, await plainInputs(item)]));
  return Object.fromEntries(entries);
}

/** Mocks that answer like AWS would (names, ids, ARNs) and record every registration. */
export function recordingMocks(region: string = 'eu-west-1'): RecordingMocks {
  const resources: RecordedResource[] = [];
  const mocks: pulumi.runtime.Mocks = {
    async newResource(args) {
      const inputs = args.inputs as Record<string, unknown>;
      // Resources without an explicit name would be auto-named by Pulumi; the logical name stands in.
      const name = typeof inputs['name'] === 'string' ? inputs['name'] : args.name;
      const { id, extra } = mockIdentity(args.type, name, region);
      const state = { ...inputs, name, ...extra };
      resources.push({
        type: args.type,
        name: args.name,
        custom: args.custom ?? true,
        inputs: (await plainInputs(inputs)) as Record<string, unknown>,
        id,
        state,
      });
      return { id, state };
    },
    call: (args) => args.inputs as Record<string, unknown>,
  };
  return { mocks, resources };
}

/**
 * Waits until every registration the program started has reached the mocks. Under the mock runtime
 * `disconnect` only drains the queue: the mock monitor stays in place for later programs.
 */
export function settleRegistrations(): Promise<void> {
  return pulumi.runtime.disconnect();
}

export function availableStacks(projectRoot: string = root): string[] {
  return readdirSync(projectRoot)
    .map((file) => /^Pulumi\.(.+)\.yaml$/.exec(file)?.[1])
    .filter((stack): stack is string => stack !== undefined)
    .sort();
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
  for (const [key, raw] of Object.entries(document.config ?? {})) {
    const fullKey = key.includes(':') ? key : `${PROJECT}:${key}`;
    const { value, secret } = withoutSecrets(raw);
    values[fullKey] = typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
    if (secret) secretKeys.push(fullKey);
  }
  return { values, secretKeys };
}

/** Inputs as a reviewer wants them: JSON documents (policies) expanded, archives as their directory. */
function readable(value: unknown): unknown {
  if (typeof value === 'string' && value.startsWith('{')) {
    try {
      return readable(JSON.parse(value));
    } catch {
      return value;
    }
  }
  if (Array.isArray(value)) return value.map(readable);
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    const archive = record['fileArchive'];
    if (typeof archive === 'string') return `FileArchive(${isAbsolute(archive) ? relative(root, archive) : archive})`;
    return Object.fromEntries(Object.entries(record).map(([key, item]) => [key, readable(item)]));
  }
  return value;
}

const indent = (text: string, by: string) =>
  text
    .trimEnd()
    .split('\n')
    .map((line) => `${by}${line}`)
    .join('\n');

export function formatPlan(stack: string, config: StackFileConfig, resources: readonly RecordedResource[], outputs: unknown): string {
  const lines = [
    `Gatehouse plan for stack "${stack}" (Pulumi.${stack}.yaml)`,
    'PREVIEW UNDER PULUMI MOCKS - not a deployment: no AWS account, no Pulumi CLI, no state.',
    'Ids and ARNs are placeholders; provider defaults and validations are not applied.',
    '',
  ];
  if (config.secretKeys.length > 0) {
    lines.push(`Secret values shown as ${SECRET_PLACEHOLDER} (cannot be decrypted offline): ${config.secretKeys.join(', ')}`, '');
  }
  const sorted = [...resources].sort((a, b) => a.name.localeCompare(b.name) || a.type.localeCompare(b.type));
  lines.push(`Resources (${resources.length}):`, '');
  for (const resource of sorted) {
    if (!resource.custom) {
      lines.push(`[component] ${resource.type}  ${resource.name}`);
      continue;
    }
    lines.push(`+ ${resource.type}  ${resource.name}`);
    lines.push(indent(stringify(readable(resource.inputs), { lineWidth: 0 }), '    '));
  }
  lines.push('', 'Stack outputs:', indent(stringify(outputs, { lineWidth: 0 }), '  '));
  return lines.join('\n');
}

async function plan(stack: string): Promise<string> {
  const config = readStackConfig(stack);
  pulumi.runtime.setAllConfig(config.values, config.secretKeys);
  const { mocks, resources } = recordingMocks(config.values['aws:region']);
  await pulumi.runtime.setMocks(mocks, PROJECT, stack, false);
  // The program registers its resources when it is loaded, so it is loaded only now, under the mocks.
  const outputs = await pulumi.runtime.runInPulumiStack(async () => {
    const program = await import('../infra/index.js');
    return { ...program };
  });
  await settleRegistrations();
  return formatPlan(stack, config, resources, outputs);
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
