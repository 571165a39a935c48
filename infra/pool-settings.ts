import type { StackConfig } from './config-schema';

type PoolConfig = StackConfig['pool'];

const USER_POOL_TIER: Record<PoolConfig['featurePlan'], 'LITE' | 'ESSENTIALS' | 'PLUS'> = {
  lite: 'LITE',
  essentials: 'ESSENTIALS',
  plus: 'PLUS',
};

const MFA_CONFIGURATION: Record<PoolConfig['mfa'], 'OFF' | 'OPTIONAL' | 'ON'> = { off: 'OFF', optional: 'OPTIONAL', required: 'ON' };

/** The flows the app client allows: SRP (the password never leaves the client) and refresh. */
export const APP_CLIENT_AUTH_FLOWS = ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] as const;

/**
 * Cognito's standard attributes a user may set through the app client (sign-up, UpdateUserAttributes):
 * its write list once the tenant is a custom attribute, which then only an administrator sets.
 * `email_verified` and `phone_number_verified` are Cognito's to set.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-attributes.html
 */
export const USER_WRITABLE_ATTRIBUTES = [
  'address', 'birthdate', 'email', 'family_name', 'gender', 'given_name', 'locale', 'middle_name', 'name', 'nickname',
  'phone_number', 'picture', 'preferred_username', 'profile', 'updated_at', 'website', 'zoneinfo',
] as const;

/** The longest tenant a custom attribute holds (Cognito allows up to 2048 characters). */
export const TENANT_ATTRIBUTE_MAX_LENGTH = 64;

/**
 * The pool's custom attributes (without Cognito's `custom:` prefix): the tenant's, when the claims policy
 * takes the tenant from one, even while the policy is turned off. A pool gains custom attributes in place
 * but never loses or changes one, so turning the trigger off must not ask Pulumi to remove it (see the
 * README).
 */
export function customAttributes(config: StackConfig) {
  const { tenant } = config.claims;
  if (tenant?.from !== 'attribute' || tenant.attribute === undefined) return [];
  return [
    {
      name: tenant.attribute.slice('custom:'.length),
      attributeDataType: 'String',
      // Administrators assign and move tenants; users cannot (see appClientSettings' writeAttributes).
      mutable: true,
      developerOnlyAttribute: false,
      required: false,
      stringAttributeConstraints: { minLength: '1', maxLength: String(TENANT_ATTRIBUTE_MAX_LENGTH) },
    },
  ];
}

/**
 * How a stack's pool signs users in, as plain data: the one source of the pool's settings for the
 * program (`components/user-pool.ts`) and for the local sandbox, so both apply the same password policy,
 * flows and existence-error behaviour.
 */
export function poolSettings(config: StackConfig) {
  const { password, featurePlan, mfa } = config.pool;
  return {
    userPoolTier: USER_POOL_TIER[featurePlan],
    // These three cannot change on a pool: changing them replaces it (see the README).
    usernameAttributes: ['email'],
    usernameConfiguration: { caseSensitive: false },
    autoVerifiedAttributes: ['email'],
    passwordPolicy: {
      minimumLength: password.minimumLength,
      requireLowercase: password.requireLowercase,
      requireUppercase: password.requireUppercase,
      requireNumbers: password.requireNumbers,
      requireSymbols: password.requireSymbols,
      temporaryPasswordValidityDays: password.temporaryPasswordValidityDays,
      // Sent only when on: a Lite pool refuses the setting (and 0 means off anyway).
      ...(password.passwordHistorySize > 0 ? { passwordHistorySize: password.passwordHistorySize } : {}),
    },
    mfaConfiguration: MFA_CONFIGURATION[mfa],
    // A new address takes effect only once verified: until then the verified one stays, and with it
    // account recovery (which sends codes to a verified email only).
    userAttributeUpdateSettings: { attributesRequireVerificationBeforeUpdates: ['email'] },
    // Forced resets and forgotten passwords both depend on it.
    accountRecoverySetting: { recoveryMechanisms: [{ name: 'verified_email', priority: 1 }] },
    ...(customAttributes(config).length > 0 ? { schemas: customAttributes(config) } : {}),
  };
}

/**
 * The flows a stack's app client allows: SRP and refresh always; USER_PASSWORD_AUTH while the stack
 * migrates users (the legacy side must see the password, which SRP never sends); CUSTOM_AUTH while it
 * signs users in by magic link. Each feature that needs a flow adds its own line.
 */
export function appClientAuthFlows(config: StackConfig): string[] {
  return [
    ...APP_CLIENT_AUTH_FLOWS,
    ...(config.migration.enabled ? ['ALLOW_USER_PASSWORD_AUTH'] : []),
    ...(config.passwordless.enabled ? ['ALLOW_CUSTOM_AUTH'] : []),
  ];
}

/**
 * How long Cognito keeps a sign-in's session between two calls (3-15 minutes): with sign-in by link, as
 * long as a link is valid (at least Cognito's 3), so the browser that asked can still answer when the
 * link arrives late in its validity. A link opened elsewhere starts a sign-in of its own.
 */
export function authSessionValidityMinutes(config: StackConfig): number | undefined {
  return config.passwordless.enabled ? Math.min(15, Math.max(3, config.passwordless.linkValidityMinutes)) : undefined;
}

/** The app client's settings (see `poolSettings`). */
export function appClientSettings(config: StackConfig) {
  const { tokens } = config.pool;
  // A tenant in a custom attribute is the administrators' to set: the client may write the standard ones only.
  const guarded = customAttributes(config).length > 0;
  const authSessionValidity = authSessionValidityMinutes(config);
  return {
    generateSecret: false,
    explicitAuthFlows: appClientAuthFlows(config),
    ...(authSessionValidity === undefined ? {} : { authSessionValidity }),
    // The API default is LEGACY; ENABLED also makes PreAuthentication run for unknown usernames.
    preventUserExistenceErrors: 'ENABLED',
    accessTokenValidity: tokens.accessTokenMinutes,
    idTokenValidity: tokens.idTokenMinutes,
    refreshTokenValidity: tokens.refreshTokenDays,
    tokenValidityUnits: { accessToken: 'minutes', idToken: 'minutes', refreshToken: 'days' },
    enableTokenRevocation: true,
    ...(guarded ? { writeAttributes: [...USER_WRITABLE_ATTRIBUTES] } : {}),
  };
}
