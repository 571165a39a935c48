import {
  AddCustomAttributesCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DescribeUserPoolCommand,
  ListUserPoolClientsCommand,
  ListUserPoolsCommand,
  UpdateUserPoolClientCommand,
  UpdateUserPoolCommand,
  type CognitoIdentityProviderClient,
  type CreateUserPoolClientCommandInput,
  type CreateUserPoolCommandInput,
} from '@aws-sdk/client-cognito-identity-provider';

/**
 * A pool's settings in the shape the program gives them to Pulumi (`poolSettings()` of
 * infra/pool-settings.ts, or more of `aws.cognito.UserPool`'s arguments): the sandbox builds its pool
 * from the same values rather than restating them.
 */
export interface PoolSettings {
  readonly userPoolTier?: string;
  readonly usernameAttributes?: readonly string[];
  readonly usernameConfiguration?: { readonly caseSensitive: boolean };
  readonly autoVerifiedAttributes?: readonly string[];
  readonly passwordPolicy?: {
    readonly minimumLength?: number;
    readonly requireLowercase?: boolean;
    readonly requireUppercase?: boolean;
    readonly requireNumbers?: boolean;
    readonly requireSymbols?: boolean;
    readonly temporaryPasswordValidityDays?: number;
    readonly passwordHistorySize?: number;
  };
  readonly mfaConfiguration?: string;
  /** Where AdminResetUserPassword and ForgotPassword send codes (see gaps/admin-reset-user-password.ts). */
  readonly accountRecoverySetting?: { readonly recoveryMechanisms: readonly { readonly name: string; readonly priority: number }[] };
  readonly userAttributeUpdateSettings?: { readonly attributesRequireVerificationBeforeUpdates: readonly string[] };
  /** Custom attributes, named without `custom:` (`customAttributes()` of infra/pool-settings.ts). */
  readonly schemas?: readonly {
    readonly name: string;
    readonly attributeDataType: string;
    readonly mutable?: boolean;
    readonly developerOnlyAttribute?: boolean;
    readonly required?: boolean;
    readonly stringAttributeConstraints?: { readonly minLength?: string; readonly maxLength?: string };
  }[];
}

/** The app client's settings, as `appClientSettings()` of infra/pool-settings.ts gives them. */
export interface AppClientSettings {
  readonly generateSecret?: boolean;
  readonly explicitAuthFlows?: readonly string[];
  /** Minutes (3-15) a sign-in's session lasts between two calls; kept by the custom-auth gap, not by cognito-local. */
  readonly authSessionValidity?: number;
  readonly preventUserExistenceErrors?: string;
  readonly accessTokenValidity?: number;
  readonly idTokenValidity?: number;
  readonly refreshTokenValidity?: number;
  readonly tokenValidityUnits?: { readonly accessToken?: string; readonly idToken?: string; readonly refreshToken?: string };
  readonly enableTokenRevocation?: boolean;
  /** The attributes users may set through the client; all of them when not given. */
  readonly writeAttributes?: readonly string[];
}

export interface UserPoolDefinition {
  readonly poolName: string;
  readonly clientName: string;
  readonly pool: PoolSettings;
  readonly appClient: AppClientSettings;
}

export interface ProvisionedPool {
  readonly userPoolId: string;
  readonly userPoolArn: string;
  readonly clientId: string;
}

type PoolInput = Omit<CreateUserPoolCommandInput, 'PoolName'>;
type ClientInput = Omit<CreateUserPoolClientCommandInput, 'UserPoolId' | 'ClientName'>;

function poolInput(settings: PoolSettings): PoolInput {
  const policy = settings.passwordPolicy;
  return {
    UserPoolTier: settings.userPoolTier as PoolInput['UserPoolTier'],
    UsernameAttributes: settings.usernameAttributes as PoolInput['UsernameAttributes'],
    UsernameConfiguration: settings.usernameConfiguration && { CaseSensitive: settings.usernameConfiguration.caseSensitive },
    AutoVerifiedAttributes: settings.autoVerifiedAttributes as PoolInput['AutoVerifiedAttributes'],
    Policies: policy && {
      PasswordPolicy: {
        MinimumLength: policy.minimumLength,
        RequireLowercase: policy.requireLowercase,
        RequireUppercase: policy.requireUppercase,
        RequireNumbers: policy.requireNumbers,
        RequireSymbols: policy.requireSymbols,
        TemporaryPasswordValidityDays: policy.temporaryPasswordValidityDays,
        PasswordHistorySize: policy.passwordHistorySize,
      },
    },
    MfaConfiguration: settings.mfaConfiguration as PoolInput['MfaConfiguration'],
    AccountRecoverySetting: settings.accountRecoverySetting && {
      RecoveryMechanisms: settings.accountRecoverySetting.recoveryMechanisms.map(({ name, priority }) => ({
        Name: name as 'verified_email',
        Priority: priority,
      })),
    },
    UserAttributeUpdateSettings: settings.userAttributeUpdateSettings && {
      AttributesRequireVerificationBeforeUpdate: [...settings.userAttributeUpdateSettings.attributesRequireVerificationBeforeUpdates] as 'email'[],
    },
    ...(settings.schemas && settings.schemas.length > 0 ? { Schema: schemaInput(settings.schemas) } : {}),
  };
}

function schemaInput(schemas: NonNullable<PoolSettings['schemas']>): NonNullable<PoolInput['Schema']> {
  return schemas.map((schema) => ({
    Name: schema.name,
    AttributeDataType: schema.attributeDataType as 'String',
    Mutable: schema.mutable,
    DeveloperOnlyAttribute: schema.developerOnlyAttribute,
    Required: schema.required,
    ...(schema.stringAttributeConstraints
      ? { StringAttributeConstraints: { MinLength: schema.stringAttributeConstraints.minLength, MaxLength: schema.stringAttributeConstraints.maxLength } }
      : {}),
  }));
}

function clientInput(settings: AppClientSettings): ClientInput {
  const units = settings.tokenValidityUnits;
  return {
    GenerateSecret: settings.generateSecret,
    ExplicitAuthFlows: settings.explicitAuthFlows as ClientInput['ExplicitAuthFlows'],
    AuthSessionValidity: settings.authSessionValidity,
    PreventUserExistenceErrors: settings.preventUserExistenceErrors as ClientInput['PreventUserExistenceErrors'],
    AccessTokenValidity: settings.accessTokenValidity,
    IdTokenValidity: settings.idTokenValidity,
    RefreshTokenValidity: settings.refreshTokenValidity,
    TokenValidityUnits: units && {
      AccessToken: units.accessToken as 'minutes',
      IdToken: units.idToken as 'minutes',
      RefreshToken: units.refreshToken as 'days',
    },
    EnableTokenRevocation: settings.enableTokenRevocation,
    ...(settings.writeAttributes ? { WriteAttributes: [...settings.writeAttributes] } : {}),
  };
}

/**
 * The pool and its app client, by name: created the first time, brought up to the given settings when a
 * kept data folder already has them (a restarted sandbox keeps its users, ids and tokens' issuer).
 * Names are unique here by convention, as the program names them; cognito-local applies what it
 * implements of these settings (usernames, verification, MFA, auth flows and existence errors through the
 * gaps) and stores the rest (the password policy is not enforced).
 */
export async function ensureUserPool(cognito: CognitoIdentityProviderClient, definition: UserPoolDefinition): Promise<ProvisionedPool> {
  const pool = poolInput(definition.pool);
  const { UserPools = [] } = await cognito.send(new ListUserPoolsCommand({ MaxResults: 60 }));
  const existing = UserPools.find((each) => each.Name === definition.poolName);
  let userPoolId = existing?.Id;
  if (userPoolId === undefined) {
    const { UserPool } = await cognito.send(new CreateUserPoolCommand({ PoolName: definition.poolName, ...pool }));
    userPoolId = UserPool?.Id;
  } else {
    // What a pool cannot change (username attributes and their case) stays as it was created; custom
    // attributes are added as Cognito adds them to an existing pool, never changed or removed.
    const { UserPoolTier: _tier, UsernameAttributes: _names, UsernameConfiguration: _case, Schema: schema, ...changeable } = pool;
    await cognito.send(new UpdateUserPoolCommand({ UserPoolId: userPoolId, ...changeable }));
    const { UserPool: current } = await cognito.send(new DescribeUserPoolCommand({ UserPoolId: userPoolId }));
    const known = new Set((current?.SchemaAttributes ?? []).map((attribute) => attribute.Name));
    const added = (schema ?? []).filter((attribute) => !known.has(`custom:${attribute.Name}`) && !known.has(attribute.Name));
    if (added.length > 0) await cognito.send(new AddCustomAttributesCommand({ UserPoolId: userPoolId, CustomAttributes: added }));
  }
  if (userPoolId === undefined) throw new Error(`cognito-local created no pool ${definition.poolName}`);
  const { UserPool: described } = await cognito.send(new DescribeUserPoolCommand({ UserPoolId: userPoolId }));
  const userPoolArn = described?.Arn;

  const client = clientInput(definition.appClient);
  const { UserPoolClients = [] } = await cognito.send(new ListUserPoolClientsCommand({ UserPoolId: userPoolId, MaxResults: 60 }));
  let clientId = UserPoolClients.find((each) => each.ClientName === definition.clientName)?.ClientId;
  if (clientId === undefined) {
    const { UserPoolClient } = await cognito.send(
      new CreateUserPoolClientCommand({ UserPoolId: userPoolId, ClientName: definition.clientName, ...client }),
    );
    clientId = UserPoolClient?.ClientId;
  } else {
    // A secret cannot be added to or removed from an existing client.
    const { GenerateSecret: _secret, ...changeable } = client;
    await cognito.send(new UpdateUserPoolClientCommand({ UserPoolId: userPoolId, ClientId: clientId, ClientName: definition.clientName, ...changeable }));
  }
  if (clientId === undefined || userPoolArn === undefined) throw new Error(`cognito-local created no app client ${definition.clientName}`);
  return { userPoolId, userPoolArn, clientId };
}
