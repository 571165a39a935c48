import { StackConfigError, type StackConfig } from './config';
import type { SecretConfigKey } from './config-schema';

/** Every Powertools log line of every trigger carries this service name. */
export const SERVICE_NAME = 'gatehouse';

/**
 * The environment every trigger function receives: the contract with
 * `handlers/composition/handler-config.ts`. The pool id is not among them: the handlers read it from
 * `event.userPoolId`, and passing it here would make the pool depend on itself through its functions.
 */
export interface FunctionStores {
  /** The Pulumi stack, which the functions' metrics name (their `stack` dimension). */
  readonly stack?: string;
  readonly tableName: string;
  /** The SSM parameter holding the account key secret: its name, never its value. */
  readonly accountKeyParameter: string;
  /** The SSM parameters holding the stack's other secrets, those it has (names only). */
  readonly secretParameters?: Readonly<Partial<Record<SecretConfigKey, string>>>;
  /** The stack's KMS key, whose codes the custom senders decrypt (its ARN). */
  readonly keyArn?: string;
  /** The reminder workflow of unconfirmed sign-ups, when enabled. */
  readonly reminderStateMachineArn?: string;
}

export function functionEnvironment(config: StackConfig, stores: FunctionStores): Record<string, string> {
  const { lockout, forcedReset, functions, signUp, email, welcome, alerts, messages, sms, migration } = config;
  const secrets = stores.secretParameters ?? {};
  const { captcha, reminders } = signUp;
  return {
    TABLE_NAME: stores.tableName,
    ACCOUNT_KEY_PARAMETER: stores.accountKeyParameter,
    LOCKOUT_MAX_FAILURES: String(lockout.maxFailures),
    LOCKOUT_WINDOW_SECONDS: String(lockout.windowSeconds),
    LOCKOUT_SECONDS: String(lockout.lockoutSeconds),
    LOCKOUT_MAX_SECONDS: String(lockout.maxLockoutSeconds),
    LOCKOUT_BACKOFF_MEMORY_SECONDS: String(lockout.backoffMemorySeconds),
    FORCED_RESET_ENABLED: String(forcedReset.enabled),
    FORCED_RESET_AFTER_LOCKOUTS: String(forcedReset.afterLockouts),
    FORCED_RESET_AFTER_FAILURES: String(forcedReset.afterFailures),
    STORE_FAILURE_MODE: config.storeFailureMode,
    AUDIT_RETENTION_DAYS: String(config.audit.retentionDays),
    CLIENT_TIMEOUT_MS: String(functions.clientTimeoutMs),
    CLIENT_MAX_ATTEMPTS: String(functions.clientMaxAttempts),
    // Sign-up screening (PreSignUp): the entries are normalised by the stack configuration, joined with ','.
    SIGN_UP_ALLOWED_DOMAINS: signUp.allowedDomains.join(','),
    SIGN_UP_BLOCKED_DOMAINS: signUp.blockedDomains.join(','),
    SIGN_UP_REFUSE_DISPOSABLE: String(signUp.refuseDisposable),
    SIGN_UP_EXTRA_DISPOSABLE_DOMAINS: signUp.extraDisposableDomains.join(','),
    SIGN_UP_EXTERNAL_PROVIDERS: signUp.externalProviders,
    // The captcha (PreSignUp_SignUp); the provider's secret is read from SSM by its parameter's name.
    SIGN_UP_CAPTCHA_PROVIDER: captcha.provider,
    SIGN_UP_CAPTCHA_SECRET_PARAMETER: secrets.captchaSecret ?? '',
    SIGN_UP_CAPTCHA_WHEN_UNAVAILABLE: captcha.whenUnavailable,
    SIGN_UP_CAPTCHA_MIN_SCORE: plainDecimal(captcha.minScore),
    SIGN_UP_CAPTCHA_HOSTNAMES: captcha.hostnames.join(','),
    SIGN_UP_CAPTCHA_ACTION: captcha.action ?? '',
    // The reminder workflow: empty when a stack turns it off.
    REMINDER_STATE_MACHINE_ARN: reminders.enabled ? (stores.reminderStateMachineArn ?? '') : '',
    REMINDER_REMIND_AFTER_SECONDS: String(reminders.remindAfterHours * 3600),
    REMINDER_DELETE_AFTER_SECONDS: String(reminders.deleteAfterDays * 86_400),
    // Gatehouse's own mail (welcome): the provider, the sender, and the SMTP server when it is SMTP.
    WELCOME_ENABLED: String(welcome.enabled),
    // Alerts on the owner's own activity (PreAuthentication, PostAuthentication), through the same mail.
    ALERT_ACCOUNT_LOCKED: String(alerts.accountLocked),
    ALERT_NEW_DEVICE: String(alerts.newDevice),
    MAIL_APP_NAME: messages.appName,
    MESSAGES_EMAIL: messages.email,
    MESSAGES_SMS: messages.sms,
    MAIL_DEFAULT_LOCALE: messages.defaultLocale,
    MAIL_PROVIDER: email.provider,
    MAIL_FROM: email.from ?? '',
    MAIL_REPLY_TO: email.replyTo ?? '',
    SMTP_HOST: email.smtp?.host ?? '',
    SMTP_PORT: email.smtp === undefined ? '' : String(email.smtp.port),
    SMTP_SECURITY: email.smtp?.security ?? '',
    SMTP_USERNAME: email.smtp?.username ?? '',
    SMTP_PASSWORD_PARAMETER: secrets.smtpPassword ?? '',
    SENDGRID_API_KEY_PARAMETER: secrets.sendgridApiKey ?? '',
    // The custom senders: the key their codes are encrypted under, and the SMS provider.
    CODE_KEY_ARN: stores.keyArn ?? '',
    SMS_PROVIDER: sms.provider,
    SMS_SENDER_ID: sms.senderId ?? '',
    SMS_ORIGINATION_NUMBER: sms.originationNumber ?? '',
    TWILIO_ACCOUNT_SID: sms.twilio?.accountSid ?? '',
    TWILIO_FROM: sms.twilio?.from ?? '',
    TWILIO_MESSAGING_SERVICE_SID: sms.twilio?.messagingServiceSid ?? '',
    TWILIO_AUTH_TOKEN_PARAMETER: secrets.twilioAuthToken ?? '',
    // Just-in-time migration (UserMigration): the legacy directory, the final status, the attribute allow-list.
    // Only while a stack migrates: every function carries these, and the 4 KB are shared with signUp's lists.
    ...(migration.enabled ? migrationEnvironment(migration, secrets.legacyEndpointSecret) : {}),
    POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
    GATEHOUSE_STACK: stores.stack ?? '',
    POWERTOOLS_LOG_LEVEL: functions.logLevel,
  };
}

function migrationEnvironment(migration: StackConfig['migration'], secretParameter: string | undefined): Record<string, string> {
  const pool = migration.source === 'cognito' ? migration.cognito : undefined;
  // arn:aws:cognito-idp:<region>:<account>:userpool/<pool id>
  const [, , , region = '', , resource = ''] = pool?.userPoolArn.split(':') ?? [];
  const http = migration.source === 'http' ? migration.http : undefined;
  return {
    MIGRATION_SOURCE: migration.source ?? 'none',
    MIGRATION_FINAL_USER_STATUS: migration.finalUserStatus,
    MIGRATION_ATTRIBUTES: Object.entries(migration.attributes)
      .map(([target, source]) => `${target}=${source}`)
      .join(','),
    ...(pool
      ? { LEGACY_COGNITO_USER_POOL_ID: resource.replace(/^userpool\//, ''), LEGACY_COGNITO_REGION: region, LEGACY_COGNITO_CLIENT_ID: pool.clientId }
      : {}),
    ...(http ? { LEGACY_ENDPOINT_URL: http.url, LEGACY_ENDPOINT_SECRET_PARAMETER: secretParameter ?? '' } : {}),
  };
}

/**
 * A number from 0 to 1 as a plain decimal, all its digits kept: `String` writes those below 1e-6 with an
 * exponent (`1e-7`), which the handlers refuse.
 */
function plainDecimal(value: number): string {
  const [digits = '', exponent] = String(value).split('e-');
  return exponent === undefined ? digits : `0.${'0'.repeat(Number(exponent) - 1)}${digits.replace('.', '')}`;
}

/**
 * The claims policy, for the PreTokenGeneration function only (the other functions have no use for the
 * roles of each group): the event version the pool sends, the tenant, the roles of each group (JSON), the
 * access token's scopes and the ID token's suppressed claims. The handlers' defaults apply where absent.
 */
export function claimsEnvironment(config: StackConfig): Record<string, string> {
  const { claims } = config;
  return {
    CLAIMS_EVENT_VERSION: claims.eventVersion,
    CLAIMS_TENANT_FROM: claims.tenant?.from ?? 'none',
    CLAIMS_TENANT_ATTRIBUTE: claims.tenant?.attribute ?? '',
    CLAIMS_TENANT_CLAIM: claims.tenant?.claim ?? '',
    CLAIMS_TENANT_WHEN_MISSING: claims.tenant?.whenMissing ?? '',
    CLAIMS_ROLES_CLAIM: claims.roles?.claim ?? '',
    CLAIMS_ROLES_GROUPS: claims.roles === undefined ? '' : JSON.stringify(claims.roles.groups),
    CLAIMS_SCOPES: claims.scopes.join(','),
    CLAIMS_SUPPRESS: claims.suppress.join(','),
  };
}

/**
 * Sign-in by magic link, for the three challenge functions only (the others have no use for the redirect
 * URLs, which would take from the 4 KB every function shares). The handlers' defaults (off) apply elsewhere.
 */
export function passwordlessEnvironment(config: StackConfig): Record<string, string> {
  const { passwordless } = config;
  return {
    PASSWORDLESS_ENABLED: String(passwordless.enabled),
    PASSWORDLESS_LINK_VALIDITY_SECONDS: String(passwordless.linkValidityMinutes * 60),
    PASSWORDLESS_REDIRECT_URLS: passwordless.redirectUrls.join(','),
    PASSWORDLESS_MAX_ANSWERS: String(passwordless.maxAnswers),
    PASSWORDLESS_MAX_LINKS_PER_WINDOW: String(passwordless.maxLinksPerWindow),
    PASSWORDLESS_WINDOW_SECONDS: String(passwordless.windowMinutes * 60),
  };
}

/** Lambda's limit on a function's environment: the names and values of all its variables, 4 KB in total. */
export const LAMBDA_ENVIRONMENT_LIMIT_BYTES = 4096;

/** The size of an environment as Lambda's limit counts it: the bytes (UTF-8) of every name and value. */
export function environmentSize(environment: Readonly<Record<string, string>>): number {
  return Object.entries(environment).reduce(
    (total, [name, value]) => total + Buffer.byteLength(name, 'utf8') + Buffer.byteLength(value, 'utf8'),
    0,
  );
}

/**
 * Fails (with `perFunction`, the variables only some functions get, such as where their templates are),
 * naming `gatehouse:signUp` (its lists are the part of the environment a stack can grow without bound),
 * when the environment every function gets exceeds Lambda's 4 KB: AWS would refuse the functions only
 * halfway through `pulumi up`.
 */
export function assertEnvironmentFits(config: StackConfig, stores: FunctionStores, perFunction: Readonly<Record<string, string>> = {}): void {
  const size = environmentSize({ ...functionEnvironment(config, stores), ...perFunction });
  if (size <= LAMBDA_ENVIRONMENT_LIMIT_BYTES) return;
  const { allowedDomains, blockedDomains, extraDisposableDomains, captcha } = config.signUp;
  const bytes = (list: readonly string[]) => Buffer.byteLength(list.join(','), 'utf8');
  const groups = perFunction['CLAIMS_ROLES_GROUPS'];
  if (groups !== undefined && Buffer.byteLength(groups, 'utf8') > size - LAMBDA_ENVIRONMENT_LIMIT_BYTES) {
    throw new StackConfigError([
      `gatehouse:claims.roles.groups makes the environment of the PreTokenGeneration function ${size} bytes, over Lambda's ` +
        `limit of ${LAMBDA_ENVIRONMENT_LIMIT_BYTES} bytes (4 KB) by ${size - LAMBDA_ENVIRONMENT_LIMIT_BYTES}: the map takes ` +
        `${Buffer.byteLength(groups, 'utf8')} bytes; map fewer groups, or give groups the roles' names`,
    ]);
  }
  throw new StackConfigError([
    `gatehouse:signUp makes the environment of every function ${size} bytes (names and values of its variables), ` +
      `over Lambda's limit of ${LAMBDA_ENVIRONMENT_LIMIT_BYTES} bytes (4 KB) by ${size - LAMBDA_ENVIRONMENT_LIMIT_BYTES}: ` +
      `allowedDomains take ${bytes(allowedDomains)} bytes, blockedDomains ${bytes(blockedDomains)}, ` +
      `extraDisposableDomains ${bytes(extraDisposableDomains)}, captcha.hostnames ${bytes(captcha.hostnames)}; ` +
      'shorten them ("*.example.com" covers every subdomain)',
  ]);
}
