import * as pulumi from '@pulumi/pulumi';
import { accountKeyParameterName, stackSecretParameterName } from './account-key';
import { assertBundlesBuilt } from './bundles';
import { alarmNamePrefix } from './alarms';
import { AccountKeySecret } from './components/account-key-secret';
import { AlarmTopic } from './components/alarm-topic';
import { EmailIdentity } from './components/email-identity';
import { EncryptionKey } from './components/encryption-key';
import { Operations } from './components/operations';
import { PoolFirewall } from './components/pool-firewall';
import { ReminderWorkflow } from './components/reminder-workflow';
import { SingleTable } from './components/single-table';
import { StackSecret } from './components/stack-secret';
import { TriggerFunction } from './components/trigger-function';
import { UndeliveredMessages } from './components/undelivered-messages';
import { UserPool } from './components/user-pool';
import { checkSecrets, loadStackSecrets, requiredSecrets, type StackSecrets } from './config';
import { SECRET_CONFIG_KEYS, type SecretConfigKey, type StackConfig } from './config-schema';
import { senderOf, type DnsRecord } from './email';
import { assertEnvironmentFits, functionEnvironment, type FunctionStores } from './function-environment';
import {
  loadStackTemplates,
  templateFilesOf,
  templatesEnvironment,
  templatesOf,
  type StackTemplates,
  type TemplateRules,
} from './message-templates';
import {
  alarmTopicName,
  appClientName,
  dashboardName,
  keyAliasName,
  physicalPrefix,
  rateRuleName,
  reminderRoleName,
  reminderWorkflowName,
  tableName,
  triggerFunctionName,
  triggerRoleName,
  undeliveredQueueName,
  userPoolName,
  webAclName,
} from './naming';
import { componentTags, stackTags, type Tags } from './tags';
import { TRIGGERS, triggersOf, type SecretName, type TriggerDefinition } from './triggers';

export interface GatehouseOptions {
  /** Defaults to the current Pulumi stack; part of the names the resources get in AWS. */
  readonly stack?: string;
  /** Defaults to all of them. */
  readonly triggers?: readonly TriggerDefinition[];
  /** The stack's secrets; read from the stack's configuration (`loadStackSecrets`) when not given. */
  readonly secrets?: StackSecrets;
  /**
   * Where the bundles are looked for before anything is provisioned (default: the project root, found
   * from this file's location, not from the working directory); `false` skips the check.
   */
  readonly bundleCheck?: { readonly projectRoot: string } | false;
  /**
   * What the stack's own templates (`gatehouse:messages.templates`) are checked with; the build's
   * (dist/tools/template-rules.js, under the project root) when not given.
   */
  readonly templateRules?: TemplateRules;
}

export interface GatehouseArgs {
  readonly config: StackConfig;
  readonly triggers: readonly TriggerDefinition[];
  /** The prefix of the names the resources get in AWS (see `physicalPrefix`). */
  readonly prefix: string;
  /** The Pulumi stack: the `stack` dimension of the functions' metrics. */
  readonly stack: string;
  /** The tags every resource carries (see `infra/tags.ts`); each component adds its own. */
  readonly tags: Tags;
  readonly secrets: StackSecrets;
  /** The stack's own templates, checked; shipped with the functions that render them. */
  readonly templates?: StackTemplates;
}

const SECRET_DESCRIPTIONS: Record<SecretConfigKey, string> = {
  captchaSecret: 'Gatehouse: the captcha provider secret PreSignUp verifies tokens with (gatehouse:captchaSecret)',
  smtpPassword: 'Gatehouse: the SMTP password Gatehouse sends its mail with (gatehouse:smtpPassword)',
  sendgridApiKey: 'Gatehouse: the SendGrid API key Gatehouse sends its mail with (gatehouse:sendgridApiKey)',
  twilioAuthToken: 'Gatehouse: the Twilio auth token the custom SMS sender sends with (gatehouse:twilioAuthToken)',
  legacyEndpointSecret: 'Gatehouse: the secret UserMigration signs its requests to the legacy endpoint with (gatehouse:legacyEndpointSecret)',
};

/** Everything Gatehouse provisions for one stack. Build it with `createGatehouse`, which checks first. */
export class Gatehouse extends pulumi.ComponentResource {
  readonly userPoolId: pulumi.Output<string>;
  readonly userPoolArn: pulumi.Output<string>;
  readonly userPoolClientId: pulumi.Output<string>;
  /** What a client needs to verify tokens: the pool's region, its issuer and its JWKS. */
  readonly region: pulumi.Output<string>;
  readonly issuerUrl: pulumi.Output<string>;
  readonly jwksUrl: pulumi.Output<string>;
  readonly tableName: pulumi.Output<string>;
  readonly keyArn: pulumi.Output<string>;
  /** The SSM parameter holding the account key secret: its name, for operators (README). */
  readonly accountKeyParameter: pulumi.Output<string>;
  /** Trigger name → function ARN. */
  readonly functionArns: pulumi.Output<Record<string, string>>;
  /** DNS records the operator publishes for the pool's sender (DKIM of a domain identity); empty otherwise. */
  readonly emailDnsRecords: pulumi.Output<DnsRecord[]>;
  /** The sign-up reminder workflow's state machine, or undefined when the stack turns it off. */
  readonly reminderStateMachineArn: pulumi.Output<string | undefined>;
  /** The topic the stack's alarms notify (subscribe to it), or undefined with alarms off. */
  readonly alarmTopicArn: pulumi.Output<string | undefined>;
  /** The stack's CloudWatch dashboard, or undefined when it is off. */
  readonly dashboardName: pulumi.Output<string | undefined>;
  /** The pool's WAF web ACL, or undefined when the stack has none. */
  readonly webAclArn: pulumi.Output<string | undefined>;
  /** The three above as one stack output, with only those the stack has. */
  readonly operations: pulumi.Output<Partial<Record<'alarmTopicArn' | 'dashboardName' | 'webAclArn', string>>>;

  constructor(name: string, args: GatehouseArgs, opts?: pulumi.ComponentResourceOptions) {
    super('gatehouse:index:Gatehouse', name, {}, opts);
    const { config, triggers, prefix, tags, secrets } = args;
    // Pulumi `protect` on what holds data (see `gatehouse:protect`); each component names its resources.
    const { protect } = config;

    const table = new SingleTable(
      `${name}-store`,
      {
        tableName: tableName(prefix),
        deletionProtection: config.table.deletionProtection,
        protect,
        tags: componentTags(tags, 'table'),
      },
      { parent: this },
    );
    const key = new EncryptionKey(
      `${name}-keys`,
      { aliasName: keyAliasName(prefix), protect, tags: componentTags(tags, 'encryption-key') },
      { parent: this },
    );

    // Protected as a whole: new random bytes would re-key every account in the table.
    const accountKeySecret = new AccountKeySecret(
      `${name}-account-key`,
      { parameterName: accountKeyParameterName(prefix), keyArn: key.arn, tags: componentTags(tags, 'account-key') },
      { parent: this, protect },
    );
    // The stack's Pulumi secrets, each an SSM SecureString under the stack key: only their names reach the functions.
    const stackSecrets: Partial<Record<SecretConfigKey, StackSecret>> = {};
    const needed = requiredSecrets(config);
    for (const [secret, value] of Object.entries(secrets) as [SecretConfigKey, pulumi.Output<string>][]) {
      if (needed[secret] === undefined) {
        // Kept out of AWS until a setting needs it: a parameter nothing may read is one more place for it.
        void pulumi.log.warn(`gatehouse:${secret} is set but no setting uses it: it is not stored in SSM`, this);
        continue;
      }
      stackSecrets[secret] = new StackSecret(
        `${name}-${secret}`,
        {
          parameterName: stackSecretParameterName(prefix, secret),
          description: SECRET_DESCRIPTIONS[secret],
          value,
          keyArn: key.arn,
          tags: componentTags(tags, 'stack-secret'),
        },
        { parent: this },
      );
    }
    const secretParameterArns: Partial<Record<SecretName, pulumi.Output<string>>> = {
      accountKey: accountKeySecret.parameterArn,
      ...Object.fromEntries(Object.entries(stackSecrets).map(([secret, parameter]) => [secret, parameter.parameterArn])),
    };

    const sender = senderOf(config);
    const emailIdentity =
      sender === undefined
        ? undefined
        : new EmailIdentity(
            `${name}-email`,
            { sender, protect, tags: componentTags(tags, 'email-identity') },
            { parent: this },
          );

    // The workflow must not depend on the pool (the pool names PreSignUp, which names the workflow): its
    // rights on the pool are granted once the pool exists (below).
    const reminders = config.signUp.reminders.enabled
      ? new ReminderWorkflow(
          `${name}-reminders`,
          {
            remindAfterSeconds: config.signUp.reminders.remindAfterHours * 3600,
            deleteAfterSeconds: config.signUp.reminders.deleteAfterDays * 86_400,
            tableName: table.name,
            tableArn: table.arn,
            stack: args.stack,
            stateMachineName: reminderWorkflowName(prefix),
            roleName: reminderRoleName(prefix),
            logRetentionDays: config.functions.logRetentionDays,
            protect,
            tags: componentTags(tags, 'reminder-workflow'),
          },
          { parent: this },
        )
      : undefined;

    const secretParameterNames = pulumi.all(
      Object.fromEntries(Object.entries(stackSecrets).map(([secret, parameter]) => [secret, parameter.parameterName])),
    ) as pulumi.Output<Partial<Record<SecretConfigKey, string>>>;
    // Before anything that alarms, so that every alarm can notify it.
    const alarmTopic = config.operations.alarms.enabled
      ? new AlarmTopic(
          `${name}-alarms`,
          {
            topicName: alarmTopicName(prefix),
            alarmNamePrefix: alarmNamePrefix(prefix),
            email: config.operations.alarms.email,
            tags: componentTags(tags, 'alarm-topic'),
          },
          { parent: this },
        )
      : undefined;
    const undelivered = triggers.some((trigger) => trigger.customSender)
      ? new UndeliveredMessages(
          `${name}-undelivered`,
          {
            queueName: undeliveredQueueName(prefix),
            ...(alarmTopic ? { alarmTopicArn: alarmTopic.arn } : {}),
            tags: componentTags(tags, 'undelivered-messages'),
          },
          { parent: this },
        )
      : undefined;

    const environment = pulumi
      .all([table.name, accountKeySecret.parameterName, secretParameterNames, key.arn, pulumi.output(reminders?.stateMachineArn)])
      .apply(([tableName, accountKeyParameter, secretParameters, keyArn, reminderStateMachineArn]) =>
        functionEnvironment(config, {
          stack: args.stack,
          tableName,
          accountKeyParameter,
          secretParameters,
          keyArn,
          ...(reminderStateMachineArn === undefined ? {} : { reminderStateMachineArn }),
        }),
      );
    const functions = triggers.map((trigger) => {
      // The stack's own templates go with the functions that render them, each its own catalogues.
      const shipped = templatesOf(trigger, config, args.templates);
      return new TriggerFunction(
        `${name}-${trigger.name}`,
        {
          trigger,
          functionName: triggerFunctionName(prefix, trigger),
          roleName: triggerRoleName(prefix, trigger),
          config,
          // Every function's variables, then the templates it is shipped with and its own (the claims policy).
          environment:
            shipped.length === 0 && trigger.environment === undefined
              ? environment
              : environment.apply((variables) => ({ ...variables, ...templatesEnvironment(shipped), ...trigger.environment?.(config) })),
          ...(args.templates && shipped.length > 0 ? { extraFiles: templateFilesOf(shipped, args.templates) } : {}),
          tableArn: table.arn,
          secretParameterArns,
          keyArn: key.arn,
          ...(reminders ? { reminderStateMachineArn: reminders.stateMachineArn } : {}),
          ...(undelivered ? { undeliveredQueueArn: undelivered.queueArn } : {}),
          ...(sender && emailIdentity ? { emailIdentity: { arn: emailIdentity.arn, fromAddress: sender.address } } : {}),
          protect,
          tags: componentTags(tags, 'trigger-function', { trigger: trigger.name }),
        },
        { parent: this },
      );
    });

    const pool = new UserPool(
      `${name}-users`,
      {
        poolName: userPoolName(prefix),
        clientName: appClientName(prefix),
        config,
        functions,
        keyArn: key.arn,
        keyId: key.keyId,
        ...(sender && emailIdentity ? { email: { sender, identityArn: emailIdentity.arn } } : {}),
        protect,
        tags: componentTags(tags, 'user-pool'),
      },
      { parent: this },
    );

    const firewall = config.operations.waf.enabled
      ? new PoolFirewall(
          `${name}-firewall`,
          { config, webAclName: webAclName(prefix), ruleName: rateRuleName(prefix), poolArn: pool.arn, tags: componentTags(tags, 'pool-firewall') },
          { parent: this },
        )
      : undefined;
    const operations = new Operations(
      `${name}-operations`,
      {
        config,
        stack: args.stack,
        prefix,
        dashboardName: dashboardName(prefix),
        functions,
        tableName: table.name,
        tableArn: table.arn,
        ...(reminders ? { reminderStateMachineArn: reminders.stateMachineArn } : {}),
        ...(alarmTopic ? { topicArn: alarmTopic.arn } : {}),
        ...(undelivered ? { undeliveredQueueName: undelivered.queueName, ...(alarmTopic ? { otherAlarmArns: [undelivered.alarmArn] } : {}) } : {}),
        ...(firewall ? { webAcl: { name: firewall.webAclName, ruleMetricName: rateRuleName(prefix) } } : {}),
        tags: componentTags(tags, 'operations'),
      },
      { parent: this },
    );

    this.userPoolId = pool.id;
    this.userPoolArn = pool.arn;
    this.userPoolClientId = pool.clientId;
    this.region = pool.region;
    this.issuerUrl = pool.issuerUrl;
    this.jwksUrl = pool.jwksUrl;
    this.tableName = table.name;
    this.keyArn = key.arn;
    this.accountKeyParameter = accountKeySecret.parameterName;
    this.functionArns = pulumi
      .all(functions.map((fn) => fn.arn))
      .apply((arns) => Object.fromEntries(functions.map((fn, index) => [fn.trigger.name, arns[index] as string])));
    this.emailDnsRecords = emailIdentity?.dnsRecords ?? pulumi.output([]);
    reminders?.grantPoolAccess(pool.arn);
    this.reminderStateMachineArn = reminders ? reminders.stateMachineArn : pulumi.output(undefined);
    this.alarmTopicArn = alarmTopic ? alarmTopic.arn : pulumi.output(undefined);
    this.dashboardName = operations.dashboardName;
    this.webAclArn = firewall ? firewall.webAclArn : pulumi.output(undefined);
    this.operations = pulumi
      .all({ alarmTopicArn: this.alarmTopicArn, dashboardName: this.dashboardName, webAclArn: this.webAclArn })
      .apply((values) => Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as Partial<Record<'alarmTopicArn' | 'dashboardName' | 'webAclArn', string>>);
    this.registerOutputs({
      userPoolId: this.userPoolId,
      userPoolArn: this.userPoolArn,
      userPoolClientId: this.userPoolClientId,
      region: this.region,
      issuerUrl: this.issuerUrl,
      jwksUrl: this.jwksUrl,
      tableName: this.tableName,
      keyArn: this.keyArn,
      accountKeyParameter: this.accountKeyParameter,
      functionArns: this.functionArns,
      emailDnsRecords: this.emailDnsRecords,
      reminderStateMachineArn: this.reminderStateMachineArn,
      alarmTopicArn: this.alarmTopicArn,
      dashboardName: this.dashboardName,
      webAclArn: this.webAclArn,
      operations: this.operations,
    });
  }
}

/** Checks what can be checked before anything is registered, then builds the stack's resources. */
export function createGatehouse(
  name: string,
  config: StackConfig,
  options: GatehouseOptions = {},
  opts?: pulumi.ComponentResourceOptions,
): Gatehouse {
  const triggers = triggersOf(config, options.triggers ?? TRIGGERS);
  if (options.bundleCheck !== false) assertBundlesBuilt(triggers, options.bundleCheck?.projectRoot);
  // The stack's own templates, held to the templates' rules before anything deploys.
  const templates = loadStackTemplates(config, {
    ...(options.bundleCheck ? { projectRoot: options.bundleCheck.projectRoot } : {}),
    ...(options.templateRules ? { rules: options.templateRules } : {}),
  });
  const stack = options.stack ?? pulumi.getStack();
  const prefix = physicalPrefix(name, stack, triggers, config.namePrefix);
  const secrets = options.secrets ?? loadStackSecrets(config);
  // Secrets handed in are checked too: a missing one would otherwise fail only inside an apply.
  if (options.secrets !== undefined) {
    checkSecrets(config, Object.fromEntries(Object.keys(options.secrets).map((key) => [key, { secret: true }])));
  }
  // The names are known from the prefix: the environment every function gets can be measured now.
  assertEnvironmentFits(config, longestStores(prefix, stack), templatesEnvironment(templates?.templates ?? []));
  // A function's own variables come on top of everyone's: each such environment must fit too.
  for (const trigger of triggers) {
    if (trigger.environment) assertEnvironmentFits(config, longestStores(prefix, stack), trigger.environment(config));
  }
  const tags = stackTags(config.tags, { project: pulumi.getProject(), stack });
  return new Gatehouse(name, { config, triggers, prefix, stack, tags, secrets, ...(templates ? { templates } : {}) }, opts);
}

/**
 * The names the functions will be given, with a state machine ARN as long as AWS makes one (its region
 * and account are not known before `pulumi up`): what the environment's size is measured with.
 */
function longestStores(prefix: string, stack: string): FunctionStores {
  return {
    stack,
    tableName: tableName(prefix),
    accountKeyParameter: accountKeyParameterName(prefix),
    secretParameters: Object.fromEntries(SECRET_CONFIG_KEYS.map((secret) => [secret, stackSecretParameterName(prefix, secret)])),
    keyArn: 'arn:aws-us-gov:kms:ap-southeast-5:123456789012:key/mrk-0123456789abcdef0123456789abcdef',
    reminderStateMachineArn: `arn:aws-us-gov:states:ap-southeast-5:123456789012:stateMachine:${reminderWorkflowName(prefix)}`,
  };
}
