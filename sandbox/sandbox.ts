import * as cognitoSdk from '@aws-sdk/client-cognito-identity-provider';
import * as dynamoSdk from '@aws-sdk/client-dynamodb';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { accountKeyParameterName, stackSecretParameterName } from '../infra/account-key';
import { assertBundlesBuilt } from '../infra/bundles';
import { assertBuildIsFresh } from '../infra/build-freshness';
import { functionEnvironment } from '../infra/function-environment';
import { preTokenGenerationVersion } from '../infra/lambda-config';
import { appClientName, physicalPrefix, reminderWorkflowName, tableName, triggerFunctionName, userPoolName } from '../infra/naming';
import { appClientSettings, poolSettings } from '../infra/pool-settings';
import { findProjectRoot } from '../infra/project-root';
import { PUT_METRIC_DATA, REMINDER_WAIT_STATES, reminderWorkflowDefinition } from '../infra/reminder-workflow';
import { stackAlarms } from '../infra/alarms';
import { cognitoTriggerName, triggersOf } from '../infra/triggers';
import type { StackConfig } from '../infra/config';
import { HmacAccountKeys } from '../adapters/crypto/hmac-account-keys';
import { DynamoDbAccountAdministration } from '../adapters/dynamodb/dynamodb-account-administration';
import { DEFAULT_HOSTNAME, SiteverifyEndpoint } from './captcha/siteverify-endpoint';
import { startConsole } from './console/console-server';
import { startCognitoLocal, type CodeDelivery, type CognitoLocalHandle, type HandedCode, type UndeliveredMessage } from './cognito/cognito-local';
import type { TriggerFunctions, TriggerName } from './cognito/lambda';
import { FunctionHost } from './lambda/function-host';
import type { LogListener } from './lambda/function-process';
import { startLambdaEndpoint, type LambdaEndpoint } from './lambda/lambda-endpoint';
import { evaluateAlarms } from './metrics/local-alarms';
import { MetricStore } from './metrics/metric-store';
import { putMetricDataHandler } from './metrics/put-metric-data';
import { triggerFunctions } from './lambda/trigger-functions';
import { writeUsers } from '../scripts/import-users';
import { importedDemoUsers, LEGACY_DEMO_USER } from './legacy/demo-users';
import { LegacyEndpoint } from './legacy/legacy-endpoint';
import { startLegacyPool } from './legacy/legacy-pool';
import { startSesSink, startSmtpSink, type MailSink, type SesSink } from './mail/mail-sinks';
import type { MailboxEntry } from './mailbox';
import { assertPortsFree } from './ports';
import { SsmEndpoint } from './secrets/ssm-endpoint';
import { startSenderStandIns, undeliveredEntry, withHandedCodes } from './senders';
import { startSandboxDynamo, type SandboxDynamo } from './services/dynamodb';
import { loadSandboxStack } from './stack';
import { sdkIntegrationHandlers } from './step-functions/sdk-integrations';
import { StepFunctionsEndpoint } from './step-functions/step-functions-endpoint';

export type { MailboxEntry } from './mailbox';

/** The sandbox's own region and account: what ARNs and events carry, never a real one. */
export const SANDBOX_REGION = 'eu-west-1';
export const SANDBOX_ACCOUNT = '000000000000';
const SANDBOX_CREDENTIALS = { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' };
/** The sandbox's own SDK clients (the workflow's calls, the console). */
const CLIENT_SETTINGS = { region: SANDBOX_REGION, credentials: SANDBOX_CREDENTIALS, maxAttempts: 1 };
/** The same credentials as the functions' environment gives them. */
const CREDENTIALS = { AWS_ACCESS_KEY_ID: SANDBOX_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: SANDBOX_CREDENTIALS.secretAccessKey };

/** The ports services listen on by default, one per service; 0 everywhere asks the system for free ones. */
export const DEFAULT_PORTS = {
  cognito: 9229,
  lambda: 9001,
  dynamodb: 8000,
  ses: 8005,
  smtp: 2525,
  ssm: 8006,
  stepFunctions: 8083,
  captcha: 8007,
  console: 8008,
  kms: 8009,
  sns: 8010,
  twilio: 8011,
  sendgrid: 8012,
  legacy: 8013,
} as const;

export type SandboxPorts = { readonly [K in keyof typeof DEFAULT_PORTS]: number };

/** Every service on a port the system picks: several sandboxes side by side (tests, the demo's own). */
export const EPHEMERAL_PORTS = Object.fromEntries(Object.keys(DEFAULT_PORTS).map((name) => [name, 0])) as unknown as SandboxPorts;

export interface SandboxOptions {
  /** The stack whose `Pulumi.<stack>.yaml` configures the pool and the functions (default `dev`). */
  readonly stack?: string;
  /** Where users and state are kept between runs (default `.sandbox/<stack>` in the project). */
  readonly dataDirectory?: string;
  /** Clears the data folder first. */
  readonly reset?: boolean;
  readonly ports?: Partial<SandboxPorts>;
  /**
   * How many times faster than real time the reminder workflow's waits pass (default 3600: an hour a
   * second, so "remind after 24 h" comes after 24 seconds).
   */
  readonly timeScale?: number;
  readonly projectRoot?: string;
  /** Each function's log lines. */
  readonly onLog?: LogListener;
}

/** How many times faster than real time the reminder workflow's waits pass unless told otherwise. */
export const DEFAULT_TIME_SCALE = 3600;

export interface Sandbox {
  readonly stack: string;
  readonly region: string;
  readonly userPoolId: string;
  readonly clientId: string;
  /** The table and the account key secret's parameter, named as the program names them for the stack. */
  readonly tableName: string;
  readonly accountKeyParameter: string;
  readonly endpoints: { readonly [K in keyof SandboxPorts]?: string };
  readonly dataDirectory: string;
  /** How many times faster than real time the workflow's waits pass. */
  readonly timeScale: number;
  readonly cognito: CognitoLocalHandle;
  /** The reminder workflow's executions, when the stack has the workflow. */
  readonly stepFunctions?: StepFunctionsEndpoint;
  /** Codes and mails, newest first. */
  mailbox(): Promise<MailboxEntry[]>;
  stop(): Promise<void>;
}

/** Tokens as a widget solved on the stack's own site gives them (its first hostname, its action). */
function captchaTokens(captcha: SiteverifyEndpoint, settings: { readonly hostnames: readonly string[]; readonly action?: string | undefined }) {
  return () => captcha.issue({ hostname: settings.hostnames[0] ?? DEFAULT_HOSTNAME, ...(settings.action ? { action: settings.action } : {}), score: 0.9 });
}

/** Each trigger's function, by Cognito's name of the trigger (`preSignUp` → `PreSignUp`, as infra spells it). */
function triggerFunctionNames(config: StackConfig, prefix: string): TriggerFunctions {
  return Object.fromEntries(triggersOf(config).map((trigger) => [cognitoTriggerName(trigger) as TriggerName, triggerFunctionName(prefix, trigger)]));
}

/**
 * The whole Gatehouse pool on one machine: cognito-local (with the gaps Gatehouse needs filled) as the
 * pool, configured from the stack file by the program's own code; every trigger's built bundle in a
 * process of its own behind the Lambda Invoke API, with the environment infra renders for it; dynalite
 * as the table; SES and SMTP sinks as the mailbox; SSM with the stack's secrets; Step Functions running
 * the real reminder definition, its waits sped up.
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const root = options.projectRoot ?? findProjectRoot();
  const stackName = options.stack ?? 'dev';
  const stack = loadSandboxStack(stackName, root);
  assertBundlesBuilt(triggersOf(stack.config), root);
  assertBuildIsFresh(join(root, 'dist', 'infra'));
  const { config } = stack;
  const ports: SandboxPorts = { ...DEFAULT_PORTS, ...options.ports };
  await assertPortsFree(ports);
  const data = options.dataDirectory ?? join(root, '.sandbox', stackName);
  if (options.reset) rmSync(data, { recursive: true, force: true });
  mkdirSync(data, { recursive: true });

  const timeScale = options.timeScale ?? DEFAULT_TIME_SCALE;
  const prefix = physicalPrefix('gatehouse', stackName, triggersOf(config), config.namePrefix);
  const table = tableName(prefix);
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  };
  try {
    const dynamo: SandboxDynamo = await startSandboxDynamo({ tableName: table, port: ports.dynamodb, dataDirectory: join(data, 'dynamodb') });
    stops.push(() => dynamo.stop());

    // The stack's secrets: the account key secret is made once and kept with the data (keys stay stable).
    const secretFile = join(data, 'account-key-secret');
    if (!existsSync(secretFile)) writeFileSync(secretFile, randomBytes(32).toString('base64'), { mode: 0o600 });
    const parameters: Record<string, string> = { [accountKeyParameterName(prefix)]: readFileSync(secretFile, 'utf8').trim() };

    let captcha: SiteverifyEndpoint | undefined;
    let captchaEndpoint: string | undefined;
    if (config.signUp.captcha.provider !== 'none') {
      captcha = new SiteverifyEndpoint(config.signUp.captcha.provider);
      captchaEndpoint = await captcha.start(ports.captcha);
      parameters[stackSecretParameterName(prefix, 'captchaSecret')] = captcha.secret;
      const running = captcha;
      stops.push(() => running.stop());
    }
    const smtpUsers = config.email.smtp?.username ? { [config.email.smtp.username]: 'sandbox' } : undefined;
    if (smtpUsers) parameters[stackSecretParameterName(prefix, 'smtpPassword')] = 'sandbox';
    // The directory a migrating stack brings its users from: a pool of its own or the old system's endpoint.
    let legacyEndpoint: string | undefined;
    let legacyEnvironment: Record<string, string> = {};
    if (config.migration.enabled && config.migration.source === 'cognito') {
      const legacy = await startLegacyPool({ users: [LEGACY_DEMO_USER], port: ports.legacy, dataDirectory: join(data, 'legacy-cognito') });
      stops.push(() => legacy.stop());
      legacyEndpoint = legacy.endpoint;
      legacyEnvironment = {
        LEGACY_COGNITO_USER_POOL_ID: legacy.userPoolId,
        LEGACY_COGNITO_REGION: SANDBOX_REGION,
        LEGACY_COGNITO_CLIENT_ID: legacy.clientId,
        LEGACY_COGNITO_ENDPOINT: legacy.endpoint,
      };
    }
    if (config.migration.enabled && config.migration.source === 'imported') {
      // As `npm run import-users` writes them: the demo user with a PBKDF2 hash of the old password.
      const seeded = new DynamoDBClient({ ...CLIENT_SETTINGS, endpoint: dynamo.endpoint });
      await writeUsers(seeded, table, importedDemoUsers(parameters[accountKeyParameterName(prefix)] as string)).finally(() => seeded.destroy());
    }
    if (config.migration.enabled && config.migration.source === 'http') {
      const legacy = new LegacyEndpoint(randomBytes(32).toString('base64'), { [LEGACY_DEMO_USER.email]: { ...LEGACY_DEMO_USER, emailVerified: true } });
      legacyEndpoint = await legacy.start(ports.legacy);
      stops.push(() => legacy.stop());
      parameters[stackSecretParameterName(prefix, 'legacyEndpointSecret')] = legacy.secret;
      legacyEnvironment = { LEGACY_ENDPOINT_URL: legacyEndpoint };
    }
    const senders = await startSenderStandIns(config, prefix, ports, SANDBOX_REGION, SANDBOX_ACCOUNT);
    stops.push(() => senders.stop());
    Object.assign(parameters, senders.parameters);
    const ssm = new SsmEndpoint(parameters);
    const ssmEndpoint = await ssm.start(ports.ssm);
    stops.push(() => ssm.stop());

    const ses: SesSink = await startSesSink({ port: ports.ses });
    stops.push(() => ses.stop());
    let smtp: (MailSink & { port?: number }) | undefined;
    let smtpPort: number | undefined;
    if (config.email.provider === 'smtp') {
      const sink = await startSmtpSink({ ...(smtpUsers ? { users: smtpUsers } : {}), port: ports.smtp });
      smtp = sink;
      smtpPort = sink.port;
      stops.push(() => sink.stop());
    }

    // The pool first: the workflow and a forced reset call its admin API, so the functions need its
    // endpoint; it reaches the functions through the host, which starts last (hence the indirection).
    let host: FunctionHost | undefined;
    const invoker = {
      invoke: (name: string, event: unknown) => {
        if (!host) throw new Error('the functions are not running yet');
        return host.invoke(name, event);
      },
    };
    const codes: MailboxEntry[] = [];
    const handed: HandedCode[] = [];
    const undelivered: UndeliveredMessage[] = [];
    const cognito = await startCognitoLocal({
      dataDirectory: join(data, 'cognito'),
      port: ports.cognito,
      lambda: { invoker, functions: triggerFunctionNames(config, prefix) },
      // The event the pool's PreTokenGeneration gets, as the program's preTokenGenerationConfig says.
      preTokenGenerationVersion: preTokenGenerationVersion(config),
      ...(senders.encrypt
        ? {
            customSenders: {
              encrypt: senders.encrypt,
              region: SANDBOX_REGION,
              retryAttempts: config.messages.delivery.retryAttempts,
              maxEventAgeMs: config.messages.delivery.maxEventAgeSeconds * 1000,
              timeScale,
              onHanded: (code: HandedCode) => void handed.push(code),
              onUndelivered: (message: UndeliveredMessage) => void undelivered.push(message),
            },
          }
        : {}),
      onDelivery: (delivery: CodeDelivery) => {
        codes.push({
          at: Date.now(),
          kind: 'code',
          to: delivery.destination,
          code: delivery.code,
          ...(delivery.subject ? { subject: delivery.subject } : {}),
          ...(delivery.message ? { text: delivery.message } : {}),
        });
      },
      pool: {
        poolName: userPoolName(prefix),
        clientName: appClientName(prefix),
        pool: poolSettings(config),
        appClient: appClientSettings(config),
      },
    });
    stops.push(() => cognito.stop());
    const cognitoEndpoint = cognito.endpoint;
    const stateMachineArn = `arn:aws:states:${SANDBOX_REGION}:${SANDBOX_ACCOUNT}:stateMachine:${reminderWorkflowName(prefix)}`;
    let stepFunctions: StepFunctionsEndpoint | undefined;
    let stepFunctionsEndpoint: string | undefined;
    const cognitoClients: cognitoSdk.CognitoIdentityProviderClient[] = [];
    // What CloudWatch would make of the functions' metric lines and the workflow's counts, for the console
    // and the stack's alarms.
    const metrics = new MetricStore();
    if (config.signUp.reminders.enabled) {
      const timing = {
        remindAfterSeconds: config.signUp.reminders.remindAfterHours * 3600,
        deleteAfterSeconds: config.signUp.reminders.deleteAfterDays * 86_400,
      };
      const definition = reminderWorkflowDefinition({ ...timing, tableName: table, stack: stackName });
      const waits: Record<string, number> = {};
      for (const state of REMINDER_WAIT_STATES) {
        const seconds = (definition.States[state] as { Seconds?: number } | undefined)?.Seconds ?? 0;
        waits[state] = Math.max(1, Math.round((seconds * 1000) / timeScale));
      }
      stepFunctions = new StepFunctionsEndpoint({
        stateMachineArn,
        definition,
        taskHandlers: sdkIntegrationHandlers(definition, {
          services: {
            cognitoidentityprovider: {
              client: () => {
                const client = new cognitoSdk.CognitoIdentityProviderClient({ ...CLIENT_SETTINGS, endpoint: cognitoEndpoint });
                cognitoClients.push(client);
                return client;
              },
              commands: cognitoSdk,
            },
            dynamodb: { client: () => new DynamoDBClient({ ...CLIENT_SETTINGS, endpoint: dynamo.endpoint }), commands: dynamoSdk },
          },
          local: { [PUT_METRIC_DATA]: putMetricDataHandler(metrics) },
        }),
        waitTimeOverrides: waits,
      });
      stepFunctionsEndpoint = await stepFunctions.start(ports.stepFunctions);
      const running = stepFunctions;
      stops.push(async () => {
        for (const client of cognitoClients) client.destroy();
        await running.stop({ abandon: true });
      });
    }

    // Every function's environment: exactly what infra renders for the stack, pointed at the stand-ins.
    const environment: Record<string, string> = {
      ...functionEnvironment(config, {
        stack: stackName,
        tableName: table,
        accountKeyParameter: accountKeyParameterName(prefix),
        secretParameters: {
          ...(captcha ? { captchaSecret: stackSecretParameterName(prefix, 'captchaSecret') } : {}),
          ...(smtpUsers ? { smtpPassword: stackSecretParameterName(prefix, 'smtpPassword') } : {}),
          ...(config.migration.enabled && config.migration.source === 'http'
            ? { legacyEndpointSecret: stackSecretParameterName(prefix, 'legacyEndpointSecret') }
            : {}),
          ...senders.secretParameters,
        },
        ...(senders.keyArn ? { keyArn: senders.keyArn } : {}),
        reminderStateMachineArn: stateMachineArn,
      }),
      ...senders.environment,
      // The legacy directory on this machine instead of the stack's.
      ...legacyEnvironment,
      ...CREDENTIALS,
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
      AWS_ENDPOINT_URL_SSM: ssmEndpoint,
      AWS_ENDPOINT_URL_SES: ses.endpoint,
      AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: cognitoEndpoint,
      ...(stepFunctionsEndpoint ? { AWS_ENDPOINT_URL_SFN: stepFunctionsEndpoint } : {}),
      ...(captchaEndpoint ? { SIGN_UP_CAPTCHA_ENDPOINT: captchaEndpoint } : {}),
      // The stack's SMTP server is replaced by the sink on this machine.
      ...(smtpPort !== undefined ? { SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtpPort), SMTP_SECURITY: 'none' } : {}),
    };
    const functions = triggerFunctions({ config, prefix, environment, projectRoot: root }).map((settings) => ({
      ...settings,
      region: SANDBOX_REGION,
      accountId: SANDBOX_ACCOUNT,
    }));
    const onLog: LogListener = (line) => {
      if (line.stream === 'stdout') metrics.record(line.line);
      options.onLog?.(line);
    };
    host = await FunctionHost.start({ functions, onLog });
    const running = host;
    stops.push(() => running.stop());
    const lambda: LambdaEndpoint = await startLambdaEndpoint({ host, port: ports.lambda, region: SANDBOX_REGION, accountId: SANDBOX_ACCOUNT });
    stops.push(() => lambda.stop());

    const mailbox = async (): Promise<MailboxEntry[]> => {
      const mails = [...(await ses.messages()), ...(smtp ? await smtp.messages() : [])].map(
        (mail): MailboxEntry => ({ at: mail.receivedAt, kind: 'mail', to: mail.to.join(', '), subject: mail.subject, ...(mail.text ? { text: mail.text } : {}) }),
      );
      const sent = withHandedCodes([...mails, ...senders.entries()], handed);
      // Newest first; a code and a mail of the same millisecond keep the order they were sent in.
      return [...[...codes].reverse(), ...sent, ...undelivered.map(undeliveredEntry)].sort((a, b) => b.at - a.at);
    };

    const endpoints = {
      cognito: cognito.endpoint,
      lambda: lambda.endpoint,
      dynamodb: dynamo.endpoint,
      ses: ses.endpoint,
      ssm: ssmEndpoint,
      ...(stepFunctionsEndpoint ? { stepFunctions: stepFunctionsEndpoint } : {}),
      ...(captchaEndpoint ? { captcha: captchaEndpoint } : {}),
      ...(smtpPort !== undefined ? { smtp: `smtp://127.0.0.1:${smtpPort}` } : {}),
      ...(legacyEndpoint !== undefined ? { legacy: legacyEndpoint } : {}),
      ...senders.endpoints,
    };
    // The stack's alarms as infra defines them, named as the deployed stack's would be.
    const alarms = stackAlarms(config, {
      stack: stackName,
      prefix,
      functions: triggersOf(config).map((trigger) => ({ trigger, functionName: triggerFunctionName(prefix, trigger) })),
      tableName: table,
      ...(config.signUp.reminders.enabled ? { reminderStateMachineArn: stateMachineArn } : {}),
    });
    const consoleDynamo = new DynamoDBClient({ ...CLIENT_SETTINGS, endpoint: dynamo.endpoint });
    const consoleCognito = cognito.client();
    const accountKeySecret = parameters[accountKeyParameterName(prefix)] as string;
    const consoleServer = await startConsole(
      {
        overview: () => ({
          stack: stackName,
          region: SANDBOX_REGION,
          userPoolId: cognito.userPoolId,
          clientId: cognito.clientId,
          timeScale,
          endpoints: { ...endpoints, console: consoleServer.endpoint },
        }),
        mailbox,
        cognito: consoleCognito,
        userPoolId: cognito.userPoolId,
        dynamo: consoleDynamo,
        tableName: table,
        keys: new HmacAccountKeys(async () => accountKeySecret),
        administration: new DynamoDbAccountAdministration(consoleDynamo, { tableName: table, auditRetentionDays: config.audit.retentionDays }),
        clock: { now: () => Date.now() },
        executions: () => stepFunctions?.executions ?? [],
        metrics: () => ({ totals: metrics.totals(), alarms: evaluateAlarms(alarms, metrics, Date.now()) }),
        ...(captcha ? { captchaToken: captchaTokens(captcha, config.signUp.captcha) } : {}),
      },
      ports.console,
    );
    stops.push(async () => {
      await consoleServer.stop();
      consoleDynamo.destroy();
      consoleCognito.destroy();
    });

    return {
      stack: stackName,
      region: SANDBOX_REGION,
      userPoolId: cognito.userPoolId,
      clientId: cognito.clientId,
      tableName: table,
      accountKeyParameter: accountKeyParameterName(prefix),
      endpoints: { ...endpoints, console: consoleServer.endpoint },
      dataDirectory: data,
      timeScale,
      cognito,
      ...(stepFunctions ? { stepFunctions } : {}),
      mailbox,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
