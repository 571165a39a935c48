import * as pulumi from '@pulumi/pulumi';
import { recordingMocks, settleRegistrations, type RecordedResource } from '../../../scripts/pulumi/recording-mocks';
import type { StackConfig } from '../../../infra/config-schema';
import type { GatehouseOptions } from '../../../infra/gatehouse';

/**
 * Builds the Gatehouse program under Pulumi's mock runtime and returns what it registered.
 *
 * Pulumi's runtime is global to the process, so every infra test goes through this one recorder, and
 * builds run one after another: each takes the registrations made between its start and the moment
 * the queue has drained.
 */

export const TEST_STACK = 'test';
export const MOCK_REGION = 'eu-west-1';

const recorder = recordingMocks(MOCK_REGION);
const MOCK_ACCOUNT = '123456789012';

/**
 * The recording mocks, with what AWS gives an SQS queue (its ARN and URL), which they do not answer: the
 * custom senders' policies and on-failure destination name the undelivered-messages queue by its ARN, and
 * outside a preview an absent output is undefined, not unknown. The state object is the one recorded, so
 * the recorded state has them too.
 */
const mocks: pulumi.runtime.Mocks = {
  ...recorder.mocks,
  async newResource(args) {
    const result = await recorder.mocks.newResource(args);
    if (args.type === 'aws:sqs/queue:Queue') {
      const name = String((result.state as Record<string, unknown>)['name']);
      Object.assign(result.state as Record<string, unknown>, {
        arn: `arn:aws:sqs:${MOCK_REGION}:${MOCK_ACCOUNT}:${name}`,
        url: `https://sqs.${MOCK_REGION}.amazonaws.com/${MOCK_ACCOUNT}/${name}`,
      });
    }
    return result;
  },
};

export interface Outputs {
  readonly userPoolId: string;
  readonly userPoolArn: string;
  readonly userPoolClientId: string;
  readonly region: string;
  readonly issuerUrl: string;
  readonly jwksUrl: string;
  readonly tableName: string;
  readonly keyArn: string;
  readonly accountKeyParameter: string;
  readonly functionArns: Record<string, string>;
  readonly emailDnsRecords: { name: string; type: string; value: string }[];
  readonly reminderStateMachineArn: string | undefined;
}

export class BuiltProgram {
  constructor(
    readonly name: string,
    readonly config: StackConfig,
    readonly resources: readonly RecordedResource[],
    readonly outputs: Outputs,
    /** `type::name` of every resource registered with Pulumi `protect`. */
    private readonly protectedKeys: ReadonlySet<string>,
  ) {}

  /** Whether the resource was registered with Pulumi `protect` (its own option or its parent's). */
  isProtected(resource: RecordedResource): boolean {
    return this.protectedKeys.has(protectKey(resource.type, resource.name));
  }

  ofType(type: string): RecordedResource[] {
    return this.resources.filter((resource) => resource.type === type);
  }

  /** The one resource of this type (and logical name, when given); fails otherwise. */
  one(type: string, name?: string): RecordedResource {
    const found = this.ofType(type).filter((resource) => name === undefined || resource.name === name);
    if (found.length !== 1) {
      throw new Error(`expected one ${type}${name ? ` named ${name}` : ''}, found ${found.length}`);
    }
    return found[0] as RecordedResource;
  }

  /** The Lambda function of a trigger, found by the name it gets in AWS. */
  functionOf(trigger: string): RecordedResource {
    const name = `${this.name}-${TEST_STACK}-${trigger}`;
    const found = this.ofType(TYPES.function).filter((resource) => resource.inputs['name'] === name);
    if (found.length !== 1) throw new Error(`expected one function named ${name}, found ${found.length}`);
    return found[0] as RecordedResource;
  }
}

export const TYPES = {
  table: 'aws:dynamodb/table:Table',
  key: 'aws:kms/key:Key',
  alias: 'aws:kms/alias:Alias',
  role: 'aws:iam/role:Role',
  rolePolicy: 'aws:iam/rolePolicy:RolePolicy',
  logGroup: 'aws:cloudwatch/logGroup:LogGroup',
  function: 'aws:lambda/function:Function',
  permission: 'aws:lambda/permission:Permission',
  userPool: 'aws:cognito/userPool:UserPool',
  client: 'aws:cognito/userPoolClient:UserPoolClient',
  parameter: 'aws:ssm/parameter:Parameter',
  randomBytes: 'random:index/randomBytes:RandomBytes',
  emailIdentity: 'aws:sesv2/emailIdentity:EmailIdentity',
  queue: 'aws:sqs/queue:Queue',
  alarm: 'aws:cloudwatch/metricAlarm:MetricAlarm',
  invokeConfig: 'aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig',
  keyPolicy: 'aws:kms/keyPolicy:KeyPolicy',
} as const;

const protectKey = (type: string, name: string) => `${type}::${name}`;

/**
 * Records each resource object as it is constructed. The mock monitor is not told a resource's options,
 * so `protect` is read from the object: the value the SDK sends the engine, after inheriting its
 * parent's (`Resource.__protect`).
 */
function protectionRecorder(): { transformation: pulumi.ResourceTransformation; protectedKeys: () => Set<string> } {
  const seen: { type: string; name: string; resource: pulumi.Resource }[] = [];
  return {
    transformation: ({ type, name, resource }) => {
      seen.push({ type, name, resource });
      return undefined;
    },
    protectedKeys: () =>
      new Set(
        seen
          .filter(({ resource }) => (resource as unknown as { __protect?: boolean }).__protect === true)
          .map(({ type, name }) => protectKey(type, name)),
      ),
  };
}

const valueOf = <T>(output: pulumi.Output<T>): Promise<T> => new Promise((resolve) => output.apply(resolve));

let queue: Promise<unknown> = Promise.resolve();

/** What a build may be given besides the configuration: the rules the stack's own templates are checked with. */
export type BuildOptions = Pick<GatehouseOptions, 'templateRules'>;

async function build(name: string, raw: Record<string, unknown>, secrets: Record<string, string>, options: BuildOptions): Promise<BuiltProgram> {
  // Installed per build, so that a program built elsewhere in the process cannot leave other mocks behind.
  await pulumi.runtime.setMocks(mocks, 'gatehouse', TEST_STACK, false);
  // Loaded only once the mocks are in place.
  const { parseStackConfig } = await import('../../../infra/config.js');
  const { createGatehouse } = await import('../../../infra/gatehouse.js');
  const config = parseStackConfig(raw);
  const start = recorder.resources.length;
  const protection = protectionRecorder();
  const stackSecrets = Object.fromEntries(Object.entries(secrets).map(([key, value]) => [key, pulumi.secret(value)]));
  const gatehouse = createGatehouse(name, config, { stack: TEST_STACK, bundleCheck: false, secrets: stackSecrets, ...options }, {
    transformations: [protection.transformation],
  });
  const outputs: Outputs = {
    userPoolId: await valueOf(gatehouse.userPoolId),
    userPoolArn: await valueOf(gatehouse.userPoolArn),
    userPoolClientId: await valueOf(gatehouse.userPoolClientId),
    region: await valueOf(gatehouse.region),
    issuerUrl: await valueOf(gatehouse.issuerUrl),
    jwksUrl: await valueOf(gatehouse.jwksUrl),
    tableName: await valueOf(gatehouse.tableName),
    keyArn: await valueOf(gatehouse.keyArn),
    accountKeyParameter: await valueOf(gatehouse.accountKeyParameter),
    functionArns: await valueOf(gatehouse.functionArns),
    emailDnsRecords: await valueOf(gatehouse.emailDnsRecords),
    reminderStateMachineArn: await valueOf(gatehouse.reminderStateMachineArn),
  };
  await settleRegistrations();
  return new BuiltProgram(name, config, recorder.resources.slice(start), outputs, protection.protectedKeys());
}

const built = new Map<string, Promise<BuiltProgram>>();

/**
 * The program for a configuration (the `gatehouse:` values, as in a stack file), built once per name:
 * test files that ask for the same name share one build.
 */
export function buildGatehouse(
  name: string,
  raw: Record<string, unknown> = {},
  secrets: Record<string, string> = {},
  options: BuildOptions = {},
): Promise<BuiltProgram> {
  let program = built.get(name);
  if (program === undefined) {
    program = queue.then(() => build(name, raw, secrets, options));
    queue = program.catch(() => undefined);
    built.set(name, program);
  }
  return program;
}

/** The default configuration, shared by every file that only needs the defaults. */
export const defaultProgram = () => buildGatehouse('gatehouse');

/**
 * Both custom senders, through SES and SNS, with the stack's own delivery settings (one retry, 15 minutes):
 * every resource a sender brings, with no secret.
 */
export const sendersProgram = () =>
  buildGatehouse('senders', {
    email: { from: 'Example <no-reply@example.com>' },
    messages: { email: 'custom-sender', sms: 'custom-sender', delivery: { retryAttempts: 1, maxEventAgeSeconds: 900 } },
  });

export const TWILIO_ACCOUNT_SID = `AC${'0123456789abcdef'.repeat(2)}`;
/** The secrets of `vendorsProgram`, given as a stack's Pulumi secrets are. */
export const VENDOR_SECRETS = { sendgridApiKey: 'SG.sendgrid-key-of-the-stack', twilioAuthToken: 'twilio-auth-token-of-the-stack' };

/**
 * Both custom senders through SendGrid and Twilio, with the welcome mail (over SendGrid too) and the default
 * delivery settings: the providers' secrets stored and read.
 */
export const vendorsProgram = () =>
  buildGatehouse(
    'vendors',
    {
      email: { from: 'no-reply@example.com', provider: 'sendgrid' },
      welcome: { enabled: true },
      messages: { email: 'custom-sender', sms: 'custom-sender' },
      sms: { provider: 'twilio', twilio: { accountSid: TWILIO_ACCOUNT_SID, from: '+15005550006' } },
    },
    VENDOR_SECRETS,
  );

/** A policy document as the program serialised it. */
export interface ParsedPolicy {
  Version: string;
  Statement: {
    Sid?: string;
    Effect: string;
    Action: string | string[];
    Resource?: string | string[];
    NotResource?: string | string[];
    Principal?: unknown;
    Condition?: unknown;
  }[];
}

export const parsePolicy = (resource: RecordedResource, field = 'policy'): ParsedPolicy =>
  JSON.parse(String(resource.inputs[field])) as ParsedPolicy;

export const asList = (value: string | string[] | undefined): string[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];
