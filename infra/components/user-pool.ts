import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import type { StackConfig } from '../config-schema';
import type { Sender } from '../email';
import { issuerUrl, jwksUrl, poolRegion } from '../endpoints';
import { poolAccessPolicy } from '../iam-policies';
import { encryptionKeyPolicy, type KeyPolicyDocument } from '../key-policy';
import { lambdaConfigOf, preTokenGenerationVersion } from '../lambda-config';
import { appClientSettings, poolSettings } from '../pool-settings';
import type { TriggerFunction } from './trigger-function';

type PoolSettings = StackConfig['pool'];

export interface UserPoolArgs {
  /** The pool's and its app client's names in AWS (see `infra/naming.ts`). */
  readonly poolName: string;
  readonly clientName: string;
  readonly config: StackConfig;
  readonly functions: readonly TriggerFunction[];
  /** The stack's key: Cognito encrypts the custom senders' codes with it. */
  readonly keyArn: pulumi.Input<string>;
  readonly keyId: pulumi.Input<string>;
  /** Sends through SES as this sender and identity; without it, Cognito's default sender (about 50 emails a day). */
  readonly email?: { readonly sender: Sender; readonly identityArn: pulumi.Input<string> };
  /** Pulumi `protect` on the pool: replacing or deleting it loses every user, password and `sub`. */
  readonly protect: boolean;
  readonly tags: Readonly<Record<string, string>>;
}

function deviceConfiguration(tracking: PoolSettings['deviceTracking']) {
  switch (tracking) {
    case 'off':
      return undefined;
    case 'always':
      return { challengeRequiredOnNewDevice: true, deviceOnlyRememberedOnUserPrompt: false };
    case 'user-opt-in':
      return { challengeRequiredOnNewDevice: true, deviceOnlyRememberedOnUserPrompt: true };
  }
}

/**
 * The Cognito user pool with its triggers and its app client. The pool names every function in one
 * `lambdaConfig` (Cognito fails concurrent updates of a pool), and each function learns of the pool only
 * afterwards: its invoke permission and any pool-scoped rights are granted here, so nothing is circular.
 */
export class UserPool extends pulumi.ComponentResource {
  readonly id: pulumi.Output<string>;
  readonly arn: pulumi.Output<string>;
  readonly clientId: pulumi.Output<string>;
  /** The pool's region, read from its id. */
  readonly region: pulumi.Output<string>;
  /** The `iss` of its tokens, and where their signing keys are published. */
  readonly issuerUrl: pulumi.Output<string>;
  readonly jwksUrl: pulumi.Output<string>;

  constructor(name: string, args: UserPoolArgs, opts?: pulumi.ComponentResourceOptions) {
    super('gatehouse:identity:UserPool', name, {}, opts);
    const settings = args.config.pool;

    const pool = new aws.cognito.UserPool(
      `${name}-pool`,
      {
        name: args.poolName,
        ...poolSettings(args.config),
        softwareTokenMfaConfiguration: settings.mfa === 'off' ? undefined : { enabled: true },
        deviceConfiguration: deviceConfiguration(settings.deviceTracking),
        deletionProtection: settings.deletionProtection ? 'ACTIVE' : 'INACTIVE',
        // Sign-up codes, recovery and forced-reset codes: through SES when the stack names a sender.
        emailConfiguration:
          args.email === undefined
            ? { emailSendingAccount: 'COGNITO_DEFAULT' }
            : {
                emailSendingAccount: 'DEVELOPER',
                sourceArn: args.email.identityArn,
                fromEmailAddress: args.email.sender.from,
                ...(args.email.sender.replyTo === undefined ? {} : { replyToEmailAddress: args.email.sender.replyTo }),
              },
        lambdaConfig: pulumi
          .all([pulumi.all(args.functions.map((fn) => fn.arn)), args.keyArn])
          .apply(([arns, keyArn]) =>
            lambdaConfigOf(
              args.functions.map((fn, index) => ({ field: fn.trigger.lambdaConfigField, arn: arns[index] as string })),
              keyArn,
              preTokenGenerationVersion(args.config),
            ),
          ),
        tags: args.tags,
      },
      { parent: this, protect: args.protect },
    );

    const client = new aws.cognito.UserPoolClient(
      `${name}-client`,
      {
        // App clients take no tags. Replacing one changes its id (clients must be reconfigured) but loses no
        // user: it is not protected.
        name: args.clientName,
        userPoolId: pool.id,
        ...appClientSettings(args.config),
      },
      { parent: this },
    );

    for (const fn of args.functions) {
      const part = `${name}-${fn.trigger.name}`;
      new aws.lambda.Permission(
        `${part}-invoke`,
        {
          action: 'lambda:InvokeFunction',
          function: fn.functionName,
          principal: 'cognito-idp.amazonaws.com',
          sourceArn: pool.arn,
        },
        { parent: this },
      );
      if (fn.trigger.poolActions(args.config).length > 0 || fn.trigger.customSender) {
        new aws.iam.RolePolicy(
          `${part}-pool-access`,
          {
            role: fn.roleName,
            policy: pulumi
              .all([pool.arn, pool.id, args.keyArn])
              .apply(([poolArn, poolId, keyArn]) => JSON.stringify(poolAccessPolicy(fn.trigger, { poolArn, poolId, keyArn }, args.config))),
          },
          { parent: this },
        );
      }
    }

    const senders = args.functions.filter((fn) => fn.trigger.customSender);
    if (senders.length > 0) {
      // Only now is the pool known: the key's policy gets the statements that name it. Cognito's grant on
      // the key was made as the pool was created, with the deployer's rights under the account statement.
      new aws.kms.KeyPolicy(
        `${name}-code-key-policy`,
        {
          keyId: args.keyId,
          policy: pulumi
            .all([pool.arn, pool.id, pulumi.all(senders.map((fn) => fn.roleArn))])
            .apply(([poolArn, poolId, senderRoleArns]) => JSON.stringify(codeKeyPolicy(poolArn, poolId, senderRoleArns))),
        },
        { parent: this },
      );
    }

    this.id = pool.id;
    this.arn = pool.arn;
    this.clientId = client.id;
    this.region = pool.id.apply(poolRegion);
    this.issuerUrl = pool.endpoint.apply(issuerUrl);
    this.jwksUrl = this.issuerUrl.apply(jwksUrl);
    this.registerOutputs({
      id: this.id,
      arn: this.arn,
      clientId: this.clientId,
      region: this.region,
      issuerUrl: this.issuerUrl,
      jwksUrl: this.jwksUrl,
    });
  }
}

/** The key's policy once the pool has custom senders; the pool's ARN names its partition, region and account. */
export function codeKeyPolicy(poolArn: string, poolId: string, senderRoleArns: readonly string[]): KeyPolicyDocument {
  const [, partition = '', , region = '', accountId = ''] = poolArn.split(':');
  return encryptionKeyPolicy({ partition, region, accountId, poolArn, poolId, senderRoleArns });
}
