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
  };
}

/** The flows a stack's app client allows: SRP and refresh, and one more per feature a stack turns on. */
export function appClientAuthFlows(config: StackConfig): string[] {
  return [...APP_CLIENT_AUTH_FLOWS, ...(config.passwordless.enabled ? ['ALLOW_CUSTOM_AUTH'] : [])];
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
  };
}
