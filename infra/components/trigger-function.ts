import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { existsSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { bundleDirectory } from '../bundles';
import type { StackConfig } from '../config-schema';
import { lambdaAssumeRolePolicy, triggerPolicy } from '../iam-policies';
import { logGroupName } from '../naming';
import { reservedConcurrencyOf } from '../reserved-concurrency';
import type { SecretName, TriggerDefinition } from '../triggers';

export interface TriggerFunctionArgs {
  readonly trigger: TriggerDefinition;
  /** The Lambda function name, fixed up front so that its log group can be created first. */
  readonly functionName: string;
  /** The role's name in AWS (see `infra/naming.ts`). */
  readonly roleName: string;
  readonly config: StackConfig;
  readonly environment: pulumi.Input<Record<string, string>>;
  readonly tableArn: pulumi.Input<string>;
  /** The SSM parameters of the stack's secrets, and the stack key they are encrypted under. */
  readonly secretParameterArns: Readonly<Partial<Record<SecretName, pulumi.Input<string>>>>;
  readonly keyArn: pulumi.Input<string>;
  readonly reminderStateMachineArn?: pulumi.Input<string>;
  readonly emailIdentity?: { readonly arn: pulumi.Input<string>; readonly fromAddress: string };
  /** Where a custom sender's failed deliveries go. */
  readonly undeliveredQueueArn?: pulumi.Input<string>;
  /**
   * Files the function's archive holds next to its bundle: archive path → file on disk (the stack's own
   * templates, under `templates/`). Without any, the archive is the bundle's folder as it is.
   */
  readonly extraFiles?: Readonly<Record<string, string>>;
  /** Pulumi `protect` on the log group: replacing it deletes the function's logs. */
  readonly protect: boolean;
  /** On the function, its role and its log group. */
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * One Cognito trigger: its function (the pre-built bundle), its own role and log group, and the
 * permissions it needs on resources that exist before the user pool. The pool grants the rest.
 */
export class TriggerFunction extends pulumi.ComponentResource {
  readonly trigger: TriggerDefinition;
  readonly arn: pulumi.Output<string>;
  readonly functionName: pulumi.Output<string>;
  readonly roleName: pulumi.Output<string>;
  readonly roleArn: pulumi.Output<string>;

  constructor(name: string, args: TriggerFunctionArgs, opts?: pulumi.ComponentResourceOptions) {
    super('gatehouse:compute:TriggerFunction', name, {}, opts);
    const { trigger, config } = args;
    const settings = config.functions;

    const role = new aws.iam.Role(
      `${name}-role`,
      {
        name: args.roleName,
        description: `Gatehouse ${trigger.name} trigger`,
        assumeRolePolicy: JSON.stringify(lambdaAssumeRolePolicy()),
        tags: args.tags,
      },
      { parent: this },
    );

    const logGroup = new aws.cloudwatch.LogGroup(
      `${name}-logs`,
      { name: logGroupName(args.functionName), retentionInDays: settings.logRetentionDays, tags: args.tags },
      { parent: this, protect: args.protect },
    );

    const policy = new aws.iam.RolePolicy(
      `${name}-policy`,
      {
        role: role.name,
        policy: pulumi
          .all([
            args.tableArn,
            logGroup.arn,
            pulumi.output(args.secretParameterArns as Record<string, pulumi.Input<string>>),
            args.keyArn,
            pulumi.output(args.reminderStateMachineArn),
            pulumi.output(args.emailIdentity?.arn),
            pulumi.output(args.undeliveredQueueArn),
          ])
          .apply(([tableArn, logGroupArn, secretParameterArns, keyArn, reminderStateMachineArn, identityArn, undeliveredQueueArn]) =>
            JSON.stringify(
              triggerPolicy(trigger, config, {
                tableArn,
                logGroupArn,
                secretParameterArns: secretParameterArns as Partial<Record<SecretName, string>>,
                keyArn,
                ...(reminderStateMachineArn === undefined ? {} : { reminderStateMachineArn }),
                ...(identityArn === undefined || args.emailIdentity === undefined
                  ? {}
                  : { emailIdentity: { arn: identityArn, fromAddress: args.emailIdentity.fromAddress } }),
                ...(undeliveredQueueArn === undefined ? {} : { undeliveredQueueArn }),
              }),
            ),
          ),
      },
      { parent: this },
    );

    const fn = new aws.lambda.Function(
      `${name}-function`,
      {
        name: args.functionName,
        description: `Gatehouse: Cognito ${trigger.lambdaConfigField} trigger`,
        role: role.arn,
        runtime: 'nodejs22.x',
        architectures: ['arm64'],
        handler: 'index.handler',
        code: functionCode(bundleDirectory(trigger), args.extraFiles ?? {}),
        timeout: settings.timeoutSeconds,
        memorySize: settings.memoryMb,
        reservedConcurrentExecutions: reservedConcurrencyOf(trigger, config),
        environment: { variables: args.environment },
        loggingConfig: { logFormat: 'JSON', logGroup: logGroup.name },
        tags: args.tags,
      },
      // Cognito may call the function as soon as the pool names it: its permissions must be in place.
      { parent: this, dependsOn: [policy] },
    );

    if (trigger.customSender) {
      if (args.undeliveredQueueArn === undefined) throw new Error(`${trigger.name} is a custom sender: it needs the undelivered-messages queue`);
      // Cognito invokes custom senders asynchronously: Lambda retries a failed delivery, then hands the
      // event to the queue, so that a lost message is seen (its alarm), never silent.
      new aws.lambda.FunctionEventInvokeConfig(
        `${name}-delivery`,
        {
          functionName: fn.name,
          maximumRetryAttempts: config.messages.delivery.retryAttempts,
          maximumEventAgeInSeconds: config.messages.delivery.maxEventAgeSeconds,
          destinationConfig: { onFailure: { destination: args.undeliveredQueueArn } },
        },
        { parent: this },
      );
    }

    this.trigger = trigger;
    this.arn = fn.arn;
    this.functionName = fn.name;
    this.roleName = role.name;
    this.roleArn = role.arn;
    this.registerOutputs({ arn: this.arn, functionName: this.functionName, roleName: this.roleName });
  }
}

/**
 * The function's code: the bundle's folder, and the files given next to it (an archive of both, each
 * file by its path inside it). A bundle not built yet (a test of the program) counts as its index.js.
 */
export function functionCode(bundle: string, extraFiles: Readonly<Record<string, string>>): pulumi.asset.Archive {
  if (Object.keys(extraFiles).length === 0) return new pulumi.asset.FileArchive(bundle);
  const bundleFiles = existsSync(bundle)
    ? readdirSync(bundle, { recursive: true, withFileTypes: true })
        .filter((entry) => entry.isFile())
        .map((entry) => relative(bundle, join(entry.parentPath, entry.name)).split(sep).join('/'))
    : ['index.js'];
  const assets: Record<string, pulumi.asset.Asset> = {};
  for (const file of bundleFiles.sort()) assets[file] = new pulumi.asset.FileAsset(join(bundle, ...file.split('/')));
  for (const [path, source] of Object.entries(extraFiles)) {
    if (Object.hasOwn(assets, path)) throw new Error(`${path} is part of the bundle ${bundle}: the archive cannot hold another file there`);
    assets[path] = new pulumi.asset.FileAsset(source);
  }
  return new pulumi.asset.AssetArchive(assets);
}
