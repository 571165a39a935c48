/**
 * Pulumi mocks that answer like AWS would (names, ids, ARNs) and record every registration. They serve
 * both the in-process infra tests (`pulumi.runtime.setMocks`) and the engine stand-in, which runs the
 * program in Pulumi's own runner and answers its resource monitor with these mocks.
 */
import * as pulumi from '@pulumi/pulumi';
import { createHash } from 'node:crypto';

export interface RecordedResource {
  readonly type: string;
  readonly name: string;
  /** False for component resources. */
  readonly custom: boolean;
  /**
   * As the program passed them, with asset archives replaced by `{ fileArchive: <path> }`, and archives
   * of assets by `{ assetArchive: { <path in the archive>: <file> } }`.
   */
  readonly inputs: Record<string, unknown>;
  readonly id: string;
  /** The outputs the mock answered with: the inputs plus placeholder ids, names and ARNs. */
  readonly state: Record<string, unknown>;
}

export interface RecordingMocks {
  readonly mocks: pulumi.runtime.Mocks;
  /** Every registration, in the order the mocks received them. */
  readonly resources: RecordedResource[];
}

const MOCK_ACCOUNT = '123456789012';

const shortHash = (text: string, length: number) => createHash('sha256').update(text).digest('hex').slice(0, length);

/** Placeholder identifiers shaped like the real ones, so that policies and wiring read naturally. */
export function mockIdentity(type: string, name: string, region: string): { id: string; extra: Record<string, unknown> } {
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
    case 'aws:sns/topic:Topic':
      return { id: arn('sns', name), extra: { arn: arn('sns', name) } };
    case 'aws:cloudwatch/metricAlarm:MetricAlarm':
      return { id: name, extra: { arn: arn('cloudwatch', `alarm:${name}`) } };
    case 'aws:cloudwatch/dashboard:Dashboard':
      return { id: name, extra: { dashboardArn: `arn:aws:cloudwatch::${MOCK_ACCOUNT}:dashboard/${name}` } };
    case 'aws:wafv2/webAcl:WebAcl': {
      const id = `${shortHash(name, 8)}-${shortHash(`${name}#`, 4)}-4${shortHash(`${name}##`, 3)}-8${shortHash(`${name}###`, 3)}-${shortHash(`${name}####`, 12)}`;
      return { id, extra: { arn: arn('wafv2', `regional/webacl/${name}/${id}`) } };
    }
    case 'aws:sqs/queue:Queue':
      return { id: name, extra: { arn: arn('sqs', name), url: `https://sqs.${region}.amazonaws.com/${MOCK_ACCOUNT}/${name}` } };
    case 'aws:sfn/stateMachine:StateMachine':
      return { id: name, extra: { arn: arn('states', `stateMachine:${name}`) } };
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
    case 'aws:sesv2/emailIdentity:EmailIdentity':
      // Easy DKIM hands out three tokens per domain identity.
      return {
        id: name,
        extra: {
          arn: arn('ses', `identity/${name}`),
          dkimSigningAttributes: { tokens: [1, 2, 3].map((n) => shortHash(`${name}-${n}`, 32)) },
        },
      };
    case 'random:index/randomBytes:RandomBytes':
      // The real bytes exist only in a deployment; a fixed stand-in of the same shape.
      return { id: name, extra: { base64: Buffer.from(shortHash(name, 32)).toString('base64'), hex: shortHash(name, 64) } };
    default:
      return { id: `${name}-id`, extra: {} };
  }
}

/** Archives reach the mocks with promised fields; what matters for review is the directory. */
export async function plainInputs(value: unknown): Promise<unknown> {
  if (Array.isArray(value)) return Promise.all(value.map(plainInputs));
  if (typeof value !== 'object' || value === null) return value;
  const record = value as Record<string, unknown>;
  if (record['__pulumiArchive'] === true && 'path' in record) return { fileArchive: await record['path'] };
  // An archive of assets (a bundle with files next to it): each file by its path in the archive.
  if (record['__pulumiArchive'] === true && 'assets' in record) {
    const assets = ((await record['assets']) ?? {}) as Record<string, Record<string, unknown>>;
    const files = await Promise.all(Object.entries(assets).map(async ([path, asset]) => [path, await asset['path']] as const));
    return { assetArchive: Object.fromEntries(files) };
  }
  const entries = await Promise.all(Object.entries(record).map(async ([key, item]) => [key, await plainInputs(item)]));
  return Object.fromEntries(entries);
}

/** Mocks for a region (it appears in ids and ARNs) that record every registration. */
export function recordingMocks(region: string): RecordingMocks {
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
