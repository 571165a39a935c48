import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import type { StackConfig } from '../config-schema';
import { poolAccessPolicy } from '../iam-policies';
import type { TriggerFunction } from './trigger-function';

type PoolSettings = StackConfig['pool'];

export interface UserPoolArgs {
  readonly poolName: string;
  readonly config: StackConfig;
  readonly functions: readonly TriggerFunction[];
}

const MFA_CONFIGURATION: Record<PoolSettings['mfa'], string> = { off: 'OFF', optional: 'OPTIONAL', required: 'ON' };

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

  constructor(name: string, args: UserPoolArgs, opts?: pulumi.ComponentResourceOptions) {
    super('gatehouse:identity:UserPool', name, {}, opts);
    const settings = args.config.pool;
    const { password, tokens } = settings;

    const pool = new aws.cognito.UserPool(
      `${name}-pool`,
      {
        name: args.poolName,
        usernameAttributes: ['email'],
        autoVerifiedAttributes: ['email'],
        usernameConfiguration: { caseSensitive: false },
        passwordPolicy: {
          minimumLength: password.minimumLength,
          requireLowercase: password.requireLowercase,
          requireUppercase: password.requireUppercase,
          requireNumbers: password.requireNumbers,
          requireSymbols: password.requireSymbols,
          temporaryPasswordValidityDays: password.temporaryPasswordValidityDays,
        },
        mfaConfiguration: MFA_CONFIGURATION[settings.mfa],
        softwareTokenMfaConfiguration: settings.mfa === 'off' ? undefined : { enabled: true },
        // Forced resets and forgotten passwords both depend on it.
        accountRecoverySetting: { recoveryMechanisms: [{ name: 'verified_email', priority: 1 }] },
        deviceConfiguration: deviceConfiguration(settings.deviceTracking),
        deletionProtection: settings.deletionProtection ? 'ACTIVE' : 'INACTIVE',
        lambdaConfig: Object.fromEntries(args.functions.map((fn) => [fn.trigger.lambdaConfigField, fn.arn])),
      },
      { parent: this },
    );

    const client = new aws.cognito.UserPoolClient(
      `${name}-client`,
      {
        name: `${args.poolName}-app`,
        userPoolId: pool.id,
        generateSecret: false,
        explicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
        // The API default is LEGACY; ENABLED also makes PreAuthentication run for unknown usernames.
        preventUserExistenceErrors: 'ENABLED',
        accessTokenValidity: tokens.accessTokenMinutes,
        idTokenValidity: tokens.idTokenMinutes,
        refreshTokenValidity: tokens.refreshTokenDays,
        tokenValidityUnits: { accessToken: 'minutes', idToken: 'minutes', refreshToken: 'days' },
        enableTokenRevocation: true,
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
      if (fn.trigger.poolActions(args.config).length > 0) {
        new aws.iam.RolePolicy(
          `${part}-pool-access`,
          {
            role: fn.roleName,
            policy: pool.arn.apply((poolArn) => JSON.stringify(poolAccessPolicy(fn.trigger, poolArn, args.config))),
          },
          { parent: this },
        );
      }
    }

    this.id = pool.id;
    this.arn = pool.arn;
    this.clientId = client.id;
    this.registerOutputs({ id: this.id, arn: this.arn, clientId: this.clientId });
  }
}
