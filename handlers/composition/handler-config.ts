import { resolve } from 'node:path';
import * as z from 'zod/mini';
import {
  assertValidClaimsPolicy,
  assertValidMigrationPolicy,
  assertValidMagicLinkPolicy,
  assertValidPolicy,
  normaliseDomainName,
  parseDomainPattern,
  type DomainPattern,
  type MigrationPolicy,
  type MagicLinkPolicy,
  type SignInProtectionPolicy,
  type SignUpPolicy,
  type TenantSource,
  type TokenClaimsPolicy,
} from '../../domain';

/**
 * The handlers' configuration, read from the environment the infrastructure sets (see README,
 * "Environment variables"). This is the only place that reads `process.env`.
 */
export interface HandlerConfig {
  readonly tableName: string;
  /** The SSM SecureString holding the stack's secret for account keys (its name, never its value). */
  readonly accountKeyParameter: string;
  readonly policy: SignInProtectionPolicy;
  readonly auditRetentionDays: number;
  /** Sign-up screening (PreSignUp). */
  readonly signUp: SignUpPolicy;
  /** The stack's own throw-away domains, next to the bundled list. */
  readonly extraDisposableDomains: readonly string[];
  /** Per-request timeout and attempts of every AWS client: keeps each trigger well inside 5 s. */
  readonly client: { readonly timeoutMs: number; readonly maxAttempts: number };
  /** The captcha on self sign-up, or undefined when the stack has none. */
  readonly captcha?: CaptchaConfig;
  /** The reminder workflow of unconfirmed sign-ups, or undefined when the stack turned it off. */
  readonly reminders?: RemindersConfig;
  /** Gatehouse's own mail. */
  readonly mail: MailConfig;
  /** Alerts on the owner's own activity, mailed like the welcome. */
  readonly alerts: AlertsConfig;
  readonly messages: MessagesConfig;
  /** Text messages (the custom SMS sender). */
  readonly sms: SmsConfig;
  /** The stack's KMS key, under which Cognito encrypts the codes it hands the custom senders. */
  readonly codeKeyArn?: string;
  /** What PreTokenGeneration adds to and takes from the tokens. */
  readonly claims: TokenClaimsPolicy;
  /** Just-in-time migration from a legacy directory (UserMigration), or undefined when the stack has none. */
  readonly migration?: MigrationConfig;
  /** Sign-in by magic link (the three challenge triggers), or undefined when the stack has it off. */
  readonly passwordless?: MagicLinkPolicy;
}

export interface MigrationConfig {
  readonly policy: MigrationPolicy;
  readonly legacy: LegacyCognitoConfig | LegacyEndpointConfig | { readonly source: 'imported' };
}

/** An older Cognito pool of the same account. */
export interface LegacyCognitoConfig {
  readonly source: 'cognito';
  readonly userPoolId: string;
  readonly region: string;
  readonly clientId: string;
  /** The pool's API elsewhere than AWS (a local stand-in); never set by the infrastructure. */
  readonly endpoint?: string;
}

/** The old system's HTTP endpoint (README, "Legacy HTTP endpoint"). */
export interface LegacyEndpointConfig {
  readonly source: 'http';
  readonly url: string;
  /** The SSM SecureString holding the shared secret requests are signed with (its name). */
  readonly secretParameter: string;
}

export interface CaptchaConfig {
  readonly provider: 'turnstile' | 'recaptcha' | 'hcaptcha';
  /** The SSM SecureString holding the provider's secret (its name). */
  readonly secretParameter: string;
  readonly whenUnavailable: 'refuse' | 'allow';
  readonly minScore: number;
  readonly hostnames: readonly string[];
  readonly action?: string;
  /** A siteverify endpoint other than the provider's (a local stand-in); never set by the infrastructure. */
  readonly endpoint?: string;
}

export interface RemindersConfig {
  readonly stateMachineArn: string;
  readonly remindAfterSeconds: number;
  readonly deleteAfterSeconds: number;
}

export interface AlertsConfig {
  /** PreAuthentication tells an account's owner when an attempt locks it. */
  readonly accountLocked: boolean;
  /** PostAuthentication tells the owner of a sign-in from a new device. */
  readonly newDevice: boolean;
}

export type MessageMode = 'cognito' | 'custom-message' | 'custom-sender';

/**
 * How each channel's pool messages are written and sent: Cognito's own text, the stack's templates sent
 * by Cognito (CustomMessage), or the stack's templates sent through its own provider (a custom sender).
 */
export interface MessagesConfig {
  readonly email: MessageMode;
  readonly sms: MessageMode;
  /**
   * The folder of the stack's own templates the function was shipped with (absolute: `MESSAGE_TEMPLATES`
   * from the task root), laid over those compiled into the bundle; undefined when it has none.
   */
  readonly templates?: string;
}

export interface SmsConfig {
  readonly provider: 'sns' | 'twilio';
  readonly senderId?: string;
  readonly originationNumber?: string;
  readonly twilio?: {
    readonly accountSid: string;
    readonly from?: string;
    readonly messagingServiceSid?: string;
    /** The SSM SecureString holding the auth token (its name). */
    readonly authTokenParameter: string;
    /** Twilio's API elsewhere than api.twilio.com (a local stand-in); never set by the infrastructure. */
    readonly endpoint?: string;
  };
}

export interface MailConfig {
  readonly welcome: boolean;
  readonly appName: string;
  readonly defaultLocale: string;
  /** The sender; undefined when the stack names none (then nothing is mailed). */
  readonly from?: string;
  readonly replyTo?: string;
  readonly provider: 'ses' | 'smtp' | 'sendgrid';
  readonly sendgrid?: {
    /** The SSM SecureString holding the API key (its name). */
    readonly apiKeyParameter: string;
    /** SendGrid's API elsewhere than api.sendgrid.com (a local stand-in); never set by the infrastructure. */
    readonly endpoint?: string;
  };
  readonly smtp?: {
    readonly host: string;
    readonly port: number;
    readonly security: 'starttls' | 'tls' | 'none';
    readonly username?: string;
    /** The SSM SecureString holding the SMTP password (its name). */
    readonly passwordParameter?: string;
  };
}

export class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError';
}

const integer = (fallback: number, min: number, max = Number.MAX_SAFE_INTEGER) =>
  z.prefault(
    z.pipe(
      z.string().check(z.regex(/^\s*\d+\s*$/, 'must be a whole number')),
      z.pipe(
        z.transform((value: string) => Number(value.trim())),
        z.number().check(z.int(), z.gte(min, `must be >= ${min}`), z.lte(max, `must be <= ${max}`)),
      ),
    ),
    String(fallback),
  );

const flag = (fallback: boolean) =>
  z.prefault(
    z.pipe(
      z.enum(['true', 'false'], 'must be true or false'),
      z.transform((value: 'true' | 'false') => value === 'true'),
    ),
    fallback ? 'true' : 'false',
  );

/** A comma-separated list (the environment holds strings only); empty entries are ignored. */
const list = z.pipe(
  z._default(z.string(), ''),
  z.transform((value: string) =>
    value
      .split(',')
      .map((entry) => entry.trim())
      .filter((entry) => entry.length > 0),
  ),
);

const MESSAGE_MODES = ['cognito', 'custom-message', 'custom-sender'] as const;
const MESSAGE_MODE_ERROR = 'must be cognito, custom-message or custom-sender';

const environmentSchema = z.object({
  TABLE_NAME: z.string('is required').check(z.trim(), z.minLength(3, 'is required')),
  ACCOUNT_KEY_PARAMETER: z
    .string('is required')
    .check(z.trim(), z.regex(/^\/[\w.\-/]{1,1010}$/, 'must be an SSM parameter name starting with /')),
  LOCKOUT_MAX_FAILURES: integer(5, 1),
  LOCKOUT_WINDOW_SECONDS: integer(900, 1),
  LOCKOUT_SECONDS: integer(300, 1),
  LOCKOUT_MAX_SECONDS: integer(3600, 1),
  LOCKOUT_BACKOFF_MEMORY_SECONDS: integer(86_400, 0),
  FORCED_RESET_ENABLED: flag(false),
  FORCED_RESET_AFTER_LOCKOUTS: integer(3, 0),
  FORCED_RESET_AFTER_FAILURES: integer(0, 0),
  STORE_FAILURE_MODE: z._default(z.enum(['open', 'closed'], 'must be open or closed'), 'open'),
  AUDIT_RETENTION_DAYS: integer(90, 1, 3650),
  // Two attempts of at most one second each, plus backoff, stay far below Cognito's five seconds.
  CLIENT_TIMEOUT_MS: integer(1000, 50, 4000),
  CLIENT_MAX_ATTEMPTS: integer(2, 1, 3),
  SIGN_UP_ALLOWED_DOMAINS: list,
  SIGN_UP_BLOCKED_DOMAINS: list,
  SIGN_UP_REFUSE_DISPOSABLE: flag(false),
  SIGN_UP_EXTRA_DISPOSABLE_DOMAINS: list,
  SIGN_UP_EXTERNAL_PROVIDERS: z._default(z.enum(['screen', 'trust'], 'must be screen or trust'), 'screen'),
  SIGN_UP_CAPTCHA_PROVIDER: z._default(z.enum(['none', 'turnstile', 'recaptcha', 'hcaptcha'], 'must be none, turnstile, recaptcha or hcaptcha'), 'none'),
  SIGN_UP_CAPTCHA_SECRET_PARAMETER: z._default(z.string().check(z.trim()), ''),
  SIGN_UP_CAPTCHA_WHEN_UNAVAILABLE: z._default(z.enum(['refuse', 'allow'], 'must be refuse or allow'), 'refuse'),
  SIGN_UP_CAPTCHA_MIN_SCORE: z.prefault(
    z.pipe(
      z.string().check(z.regex(/^\s*(0(\.\d+)?|1(\.0+)?)\s*$/, 'must be a number from 0 to 1')),
      z.transform((value: string) => Number(value.trim())),
    ),
    '0.5',
  ),
  SIGN_UP_CAPTCHA_HOSTNAMES: list,
  SIGN_UP_CAPTCHA_ACTION: z._default(z.string().check(z.trim()), ''),
  SIGN_UP_CAPTCHA_ENDPOINT: z._default(z.string().check(z.trim()), ''),
  REMINDER_STATE_MACHINE_ARN: z._default(
    z.string().check(z.trim(), z.regex(/^(arn:[\w-]+:states:[\w-]+:\d{12}:stateMachine:[\w-]{1,80})?$/, 'must be a state machine ARN or empty')),
    '',
  ),
  REMINDER_REMIND_AFTER_SECONDS: integer(86_400, 1),
  REMINDER_DELETE_AFTER_SECONDS: integer(7 * 86_400, 1),
  WELCOME_ENABLED: flag(false),
  ALERT_ACCOUNT_LOCKED: flag(false),
  ALERT_NEW_DEVICE: flag(false),
  MAIL_APP_NAME: z._default(z.string().check(z.trim()), 'Gatehouse'),
  MESSAGES_EMAIL: z._default(z.enum(MESSAGE_MODES, MESSAGE_MODE_ERROR), 'cognito'),
  MESSAGES_SMS: z._default(z.enum(MESSAGE_MODES, MESSAGE_MODE_ERROR), 'cognito'),
  MESSAGE_TEMPLATES: z._default(z.string().check(z.trim()), ''),
  // Set by Lambda: the folder the function's archive is unpacked in (/var/task).
  LAMBDA_TASK_ROOT: z._default(z.string().check(z.trim()), ''),
  MAIL_DEFAULT_LOCALE: z._default(z.string().check(z.trim(), z.regex(/^[a-z]{2}$/, 'must be a language code such as en')), 'en'),
  MAIL_PROVIDER: z._default(z.enum(['ses', 'smtp', 'sendgrid'], 'must be ses, smtp or sendgrid'), 'ses'),
  SENDGRID_API_KEY_PARAMETER: z._default(z.string().check(z.trim()), ''),
  SENDGRID_ENDPOINT: z._default(z.string().check(z.trim()), ''),
  CODE_KEY_ARN: z._default(z.string().check(z.trim(), z.regex(/^(arn:[\w-]+:kms:[\w-]+:\d{12}:key\/[\w-]+)?$/, 'must be a KMS key ARN or empty')), ''),
  SMS_PROVIDER: z._default(z.enum(['sns', 'twilio'], 'must be sns or twilio'), 'sns'),
  SMS_SENDER_ID: z._default(z.string().check(z.trim()), ''),
  SMS_ORIGINATION_NUMBER: z._default(z.string().check(z.trim()), ''),
  TWILIO_ACCOUNT_SID: z._default(z.string().check(z.trim()), ''),
  TWILIO_FROM: z._default(z.string().check(z.trim()), ''),
  TWILIO_MESSAGING_SERVICE_SID: z._default(z.string().check(z.trim()), ''),
  TWILIO_AUTH_TOKEN_PARAMETER: z._default(z.string().check(z.trim()), ''),
  TWILIO_ENDPOINT: z._default(z.string().check(z.trim()), ''),
  MAIL_FROM: z._default(z.string().check(z.trim()), ''),
  MAIL_REPLY_TO: z._default(z.string().check(z.trim()), ''),
  SMTP_HOST: z._default(z.string().check(z.trim()), ''),
  SMTP_PORT: integer(587, 1, 65_535),
  SMTP_SECURITY: z._default(z.enum(['starttls', 'tls', 'none'], 'must be starttls, tls or none'), 'starttls'),
  SMTP_USERNAME: z._default(z.string().check(z.trim()), ''),
  SMTP_PASSWORD_PARAMETER: z._default(z.string().check(z.trim()), ''),
  CLAIMS_EVENT_VERSION: z._default(z.enum(['V1_0', 'V2_0'], 'must be V1_0 or V2_0'), 'V1_0'),
  CLAIMS_TENANT_FROM: z._default(z.enum(['none', 'attribute', 'account-record'], 'must be none, attribute or account-record'), 'none'),
  CLAIMS_TENANT_ATTRIBUTE: z._default(z.string().check(z.trim()), ''),
  CLAIMS_TENANT_CLAIM: z._default(z.string().check(z.trim()), 'tenant'),
  CLAIMS_TENANT_WHEN_MISSING: z._default(z.enum(['refuse', 'omit'], 'must be refuse or omit'), 'refuse'),
  CLAIMS_ROLES_CLAIM: z._default(z.string().check(z.trim()), ''),
  CLAIMS_ROLES_GROUPS: z._default(z.string().check(z.trim()), '{}'),
  CLAIMS_SCOPES: list,
  CLAIMS_SUPPRESS: list,
  MIGRATION_SOURCE: z._default(z.enum(['none', 'cognito', 'http', 'imported'], 'must be none, cognito, http or imported'), 'none'),
  MIGRATION_FINAL_USER_STATUS: z._default(z.enum(['CONFIRMED', 'RESET_REQUIRED'], 'must be CONFIRMED or RESET_REQUIRED'), 'CONFIRMED'),
  // `<pool attribute>=<legacy attribute>` pairs.
  MIGRATION_ATTRIBUTES: list,
  LEGACY_COGNITO_USER_POOL_ID: z._default(z.string().check(z.trim()), ''),
  LEGACY_COGNITO_REGION: z._default(z.string().check(z.trim()), ''),
  LEGACY_COGNITO_CLIENT_ID: z._default(z.string().check(z.trim()), ''),
  LEGACY_COGNITO_ENDPOINT: z._default(z.string().check(z.trim()), ''),
  LEGACY_ENDPOINT_URL: z._default(z.string().check(z.trim()), ''),
  LEGACY_ENDPOINT_SECRET_PARAMETER: z._default(z.string().check(z.trim()), ''),
  PASSWORDLESS_ENABLED: flag(false),
  PASSWORDLESS_LINK_VALIDITY_SECONDS: integer(300, 60, 600),
  PASSWORDLESS_REDIRECT_URLS: list,
  PASSWORDLESS_MAX_ANSWERS: integer(3, 1, 10),
  PASSWORDLESS_MAX_LINKS_PER_WINDOW: integer(3, 1, 100),
  PASSWORDLESS_WINDOW_SECONDS: integer(900, 60, 86_400),
});

const optional = (value: string): string | undefined => (value.length > 0 ? value : undefined);

/** The SSM parameter names a function may be given: `/…`. */
const PARAMETER_NAME = /^\/[\w.\-/]{1,1010}$/;

/** Parses every entry of a list, naming the variable and the entries that are not valid. */
function parsedList<T>(name: string, entries: readonly string[], parse: (entry: string) => T | undefined): T[] {
  const parsed = entries.map((entry) => ({ entry, value: parse(entry) }));
  const bad = parsed.filter((item) => item.value === undefined).map((item) => JSON.stringify(item.entry));
  if (bad.length > 0) throw new ConfigurationError(`invalid environment: ${name} has invalid entries ${bad.join(', ')}`);
  return parsed.map((item) => item.value as T);
}

export function readHandlerConfig(env: NodeJS.ProcessEnv = process.env): HandlerConfig {
  // An empty variable is an unset one (the infrastructure renders every variable, empty where unused).
  const set = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== ''));
  const parsed = environmentSchema.safeParse(set);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`);
    throw new ConfigurationError(`invalid environment: ${problems.join('; ')}`);
  }
  const e = parsed.data;
  const policy: SignInProtectionPolicy = {
    lockout: {
      maxFailures: e.LOCKOUT_MAX_FAILURES,
      windowSeconds: e.LOCKOUT_WINDOW_SECONDS,
      lockoutSeconds: e.LOCKOUT_SECONDS,
      maxLockoutSeconds: e.LOCKOUT_MAX_SECONDS,
      backoffMemorySeconds: e.LOCKOUT_BACKOFF_MEMORY_SECONDS,
    },
    forcedReset: {
      enabled: e.FORCED_RESET_ENABLED,
      afterLockouts: e.FORCED_RESET_AFTER_LOCKOUTS,
      afterFailures: e.FORCED_RESET_AFTER_FAILURES,
    },
    storeFailureMode: e.STORE_FAILURE_MODE,
  };
  try {
    assertValidPolicy(policy);
  } catch (error) {
    throw new ConfigurationError(`invalid environment: ${(error as Error).message}`);
  }
  const signUp: SignUpPolicy = {
    allowedDomains: parsedList<DomainPattern>('SIGN_UP_ALLOWED_DOMAINS', e.SIGN_UP_ALLOWED_DOMAINS, parseDomainPattern),
    blockedDomains: parsedList<DomainPattern>('SIGN_UP_BLOCKED_DOMAINS', e.SIGN_UP_BLOCKED_DOMAINS, parseDomainPattern),
    refuseDisposable: e.SIGN_UP_REFUSE_DISPOSABLE,
    externalProviders: e.SIGN_UP_EXTERNAL_PROVIDERS,
  };
  const captcha = captchaConfig(e);
  const migration = migrationConfig(e);
  const reminders: RemindersConfig | undefined =
    e.REMINDER_STATE_MACHINE_ARN.length === 0
      ? undefined
      : {
          stateMachineArn: e.REMINDER_STATE_MACHINE_ARN,
          remindAfterSeconds: e.REMINDER_REMIND_AFTER_SECONDS,
          deleteAfterSeconds: e.REMINDER_DELETE_AFTER_SECONDS,
        };
  return {
    ...(captcha ? { captcha } : {}),
    ...(reminders ? { reminders } : {}),
    ...(migration ? { migration } : {}),
    mail: mailConfig(e),
    alerts: { accountLocked: e.ALERT_ACCOUNT_LOCKED, newDevice: e.ALERT_NEW_DEVICE },
    messages: {
      email: e.MESSAGES_EMAIL,
      sms: e.MESSAGES_SMS,
      // Relative to the task root, as infra ships them next to index.js; an absolute folder as it is.
      ...(e.MESSAGE_TEMPLATES.length > 0 ? { templates: resolve(e.LAMBDA_TASK_ROOT || '.', e.MESSAGE_TEMPLATES) } : {}),
    },
    sms: smsConfig(e),
    ...(e.CODE_KEY_ARN.length > 0 ? { codeKeyArn: e.CODE_KEY_ARN } : {}),
    claims: claimsPolicy(e),
    ...passwordlessConfig(e),
    tableName: e.TABLE_NAME,
    accountKeyParameter: e.ACCOUNT_KEY_PARAMETER,
    policy,
    signUp,
    extraDisposableDomains: parsedList('SIGN_UP_EXTRA_DISPOSABLE_DOMAINS', e.SIGN_UP_EXTRA_DISPOSABLE_DOMAINS, normaliseDomainName),
    auditRetentionDays: e.AUDIT_RETENTION_DAYS,
    client: { timeoutMs: e.CLIENT_TIMEOUT_MS, maxAttempts: e.CLIENT_MAX_ATTEMPTS },
  };
}

type Environment = z.infer<typeof environmentSchema>;

function captchaConfig(e: Environment): CaptchaConfig | undefined {
  if (e.SIGN_UP_CAPTCHA_PROVIDER === 'none') return undefined;
  if (!PARAMETER_NAME.test(e.SIGN_UP_CAPTCHA_SECRET_PARAMETER)) {
    throw new ConfigurationError(
      `invalid environment: SIGN_UP_CAPTCHA_SECRET_PARAMETER must name the SSM parameter of the ${e.SIGN_UP_CAPTCHA_PROVIDER} secret`,
    );
  }
  const action = optional(e.SIGN_UP_CAPTCHA_ACTION);
  const endpoint = optional(e.SIGN_UP_CAPTCHA_ENDPOINT);
  return {
    provider: e.SIGN_UP_CAPTCHA_PROVIDER,
    secretParameter: e.SIGN_UP_CAPTCHA_SECRET_PARAMETER,
    whenUnavailable: e.SIGN_UP_CAPTCHA_WHEN_UNAVAILABLE,
    minScore: e.SIGN_UP_CAPTCHA_MIN_SCORE,
    hostnames: e.SIGN_UP_CAPTCHA_HOSTNAMES.map((host) => host.toLowerCase()),
    ...(action ? { action } : {}),
    ...(endpoint ? { endpoint } : {}),
  };
}

function migrationConfig(e: Environment): MigrationConfig | undefined {
  if (e.MIGRATION_SOURCE === 'none') return undefined;
  const attributes: Record<string, string> = {};
  for (const pair of e.MIGRATION_ATTRIBUTES) {
    const [target, source, ...rest] = pair.split('=').map((part) => part.trim());
    if (!target || !source || rest.length > 0 || attributes[target] !== undefined) {
      throw new ConfigurationError(`invalid environment: MIGRATION_ATTRIBUTES has an invalid entry ${JSON.stringify(pair)} (pool attribute=legacy attribute)`);
    }
    attributes[target] = source;
  }
  const policy = { finalUserStatus: e.MIGRATION_FINAL_USER_STATUS, attributes } as MigrationPolicy;
  try {
    assertValidMigrationPolicy(policy);
  } catch (error) {
    throw new ConfigurationError(`invalid environment: ${(error as Error).message}`);
  }
  if (e.MIGRATION_SOURCE === 'cognito') {
    const { LEGACY_COGNITO_USER_POOL_ID: userPoolId, LEGACY_COGNITO_REGION: region, LEGACY_COGNITO_CLIENT_ID: clientId } = e;
    if (!/^[\w-]+_[0-9a-zA-Z]+$/.test(userPoolId) || region.length === 0 || clientId.length === 0) {
      throw new ConfigurationError(
        'invalid environment: MIGRATION_SOURCE cognito needs LEGACY_COGNITO_USER_POOL_ID (a pool id), LEGACY_COGNITO_REGION and LEGACY_COGNITO_CLIENT_ID',
      );
    }
    const endpoint = optional(e.LEGACY_COGNITO_ENDPOINT);
    return { policy, legacy: { source: 'cognito', userPoolId, region, clientId, ...(endpoint ? { endpoint } : {}) } };
  }
  if (e.MIGRATION_SOURCE === 'imported') return { policy, legacy: { source: 'imported' } };
  if (e.LEGACY_ENDPOINT_URL.length === 0 || !PARAMETER_NAME.test(e.LEGACY_ENDPOINT_SECRET_PARAMETER)) {
    throw new ConfigurationError(
      'invalid environment: MIGRATION_SOURCE http needs LEGACY_ENDPOINT_URL and LEGACY_ENDPOINT_SECRET_PARAMETER, the SSM parameter of the shared secret',
    );
  }
  return { policy, legacy: { source: 'http', url: e.LEGACY_ENDPOINT_URL, secretParameter: e.LEGACY_ENDPOINT_SECRET_PARAMETER } };
}

function mailConfig(e: Environment): MailConfig {
  const from = optional(e.MAIL_FROM);
  const replyTo = optional(e.MAIL_REPLY_TO);
  for (const [name, on] of [['WELCOME_ENABLED', e.WELCOME_ENABLED], ['ALERT_ACCOUNT_LOCKED', e.ALERT_ACCOUNT_LOCKED], ['ALERT_NEW_DEVICE', e.ALERT_NEW_DEVICE]] as const) {
    if (on && from === undefined) throw new ConfigurationError(`invalid environment: ${name} needs MAIL_FROM`);
  }
  let smtp: MailConfig['smtp'];
  if (e.MAIL_PROVIDER === 'smtp') {
    if (e.SMTP_HOST.length === 0) throw new ConfigurationError('invalid environment: MAIL_PROVIDER smtp needs SMTP_HOST');
    const username = optional(e.SMTP_USERNAME);
    const passwordParameter = optional(e.SMTP_PASSWORD_PARAMETER);
    if (username !== undefined && (passwordParameter === undefined || !PARAMETER_NAME.test(passwordParameter))) {
      throw new ConfigurationError('invalid environment: SMTP_USERNAME needs SMTP_PASSWORD_PARAMETER, the SSM parameter of the password');
    }
    smtp = {
      host: e.SMTP_HOST,
      port: e.SMTP_PORT,
      security: e.SMTP_SECURITY,
      ...(username ? { username } : {}),
      ...(passwordParameter ? { passwordParameter } : {}),
    };
  }
  let sendgrid: MailConfig['sendgrid'];
  if (e.MAIL_PROVIDER === 'sendgrid') {
    if (!PARAMETER_NAME.test(e.SENDGRID_API_KEY_PARAMETER)) {
      throw new ConfigurationError('invalid environment: MAIL_PROVIDER sendgrid needs SENDGRID_API_KEY_PARAMETER, the SSM parameter of the API key');
    }
    const endpoint = optional(e.SENDGRID_ENDPOINT);
    sendgrid = { apiKeyParameter: e.SENDGRID_API_KEY_PARAMETER, ...(endpoint ? { endpoint } : {}) };
  }
  return {
    ...(sendgrid ? { sendgrid } : {}),
    welcome: e.WELCOME_ENABLED,
    appName: e.MAIL_APP_NAME,
    defaultLocale: e.MAIL_DEFAULT_LOCALE,
    provider: e.MAIL_PROVIDER,
    ...(from ? { from } : {}),
    ...(replyTo ? { replyTo } : {}),
    ...(smtp ? { smtp } : {}),
  };
}

/** The group → roles map: a JSON object of lists of role names. */
const rolesByGroup = z.record(z.string(), z.array(z.string()));

function claimsPolicy(e: Environment): TokenClaimsPolicy {
  let tenant: TenantSource | undefined;
  if (e.CLAIMS_TENANT_FROM === 'attribute') {
    tenant = { from: 'attribute', attribute: e.CLAIMS_TENANT_ATTRIBUTE, claim: e.CLAIMS_TENANT_CLAIM, whenMissing: e.CLAIMS_TENANT_WHEN_MISSING };
  } else if (e.CLAIMS_TENANT_FROM === 'account-record') {
    tenant = { from: 'account-record', claim: e.CLAIMS_TENANT_CLAIM, whenMissing: e.CLAIMS_TENANT_WHEN_MISSING };
  }
  let groups: Record<string, string[]>;
  try {
    groups = rolesByGroup.parse(JSON.parse(e.CLAIMS_ROLES_GROUPS));
  } catch {
    throw new ConfigurationError('invalid environment: CLAIMS_ROLES_GROUPS must be a JSON object of group names to lists of roles');
  }
  const policy: TokenClaimsPolicy = {
    eventVersion: e.CLAIMS_EVENT_VERSION,
    ...(tenant ? { tenant } : {}),
    ...(e.CLAIMS_ROLES_CLAIM.length > 0 ? { roles: { claim: e.CLAIMS_ROLES_CLAIM, groups } } : {}),
    scopes: e.CLAIMS_SCOPES,
    suppress: e.CLAIMS_SUPPRESS,
  };
  try {
    assertValidClaimsPolicy(policy);
  } catch (error) {
    throw new ConfigurationError(`invalid environment: CLAIMS_* ${(error as Error).message}`);
  }
  return policy;
}

function passwordlessConfig(e: Environment): { passwordless?: MagicLinkPolicy } {
  if (!e.PASSWORDLESS_ENABLED) return {};
  if (e.MAIL_FROM.length === 0) throw new ConfigurationError('invalid environment: PASSWORDLESS_ENABLED needs MAIL_FROM');
  const passwordless: MagicLinkPolicy = {
    linkValiditySeconds: e.PASSWORDLESS_LINK_VALIDITY_SECONDS,
    maxAnswers: e.PASSWORDLESS_MAX_ANSWERS,
    maxLinksPerWindow: e.PASSWORDLESS_MAX_LINKS_PER_WINDOW,
    windowSeconds: e.PASSWORDLESS_WINDOW_SECONDS,
    redirectUrls: e.PASSWORDLESS_REDIRECT_URLS,
  };
  try {
    assertValidMagicLinkPolicy(passwordless);
  } catch (error) {
    // Only the list can be wrong here (the schema bounds the numbers): PASSWORDLESS_REDIRECT_URLS.
    throw new ConfigurationError(`invalid environment: PASSWORDLESS_REDIRECT_URLS: ${(error as Error).message}`);
  }
  return { passwordless };
}

function smsConfig(e: Environment): SmsConfig {
  const senderId = optional(e.SMS_SENDER_ID);
  const originationNumber = optional(e.SMS_ORIGINATION_NUMBER);
  if (e.SMS_PROVIDER === 'sns') {
    return { provider: 'sns', ...(senderId ? { senderId } : {}), ...(originationNumber ? { originationNumber } : {}) };
  }
  const from = optional(e.TWILIO_FROM);
  const messagingServiceSid = optional(e.TWILIO_MESSAGING_SERVICE_SID);
  const endpoint = optional(e.TWILIO_ENDPOINT);
  if (e.TWILIO_ACCOUNT_SID.length === 0 || (from === undefined) === (messagingServiceSid === undefined)) {
    throw new ConfigurationError('invalid environment: SMS_PROVIDER twilio needs TWILIO_ACCOUNT_SID and one of TWILIO_FROM, TWILIO_MESSAGING_SERVICE_SID');
  }
  if (!PARAMETER_NAME.test(e.TWILIO_AUTH_TOKEN_PARAMETER)) {
    throw new ConfigurationError('invalid environment: SMS_PROVIDER twilio needs TWILIO_AUTH_TOKEN_PARAMETER, the SSM parameter of the auth token');
  }
  return {
    provider: 'twilio',
    twilio: {
      accountSid: e.TWILIO_ACCOUNT_SID,
      authTokenParameter: e.TWILIO_AUTH_TOKEN_PARAMETER,
      ...(from ? { from } : {}),
      ...(messagingServiceSid ? { messagingServiceSid } : {}),
      ...(endpoint ? { endpoint } : {}),
    },
  };
}
