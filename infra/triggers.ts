import type { StackConfig } from './config-schema';
import { claimsEnvironment, passwordlessEnvironment } from './function-environment';

/** The `lambdaConfig` fields of a user pool that take a function ARN. */
export type LambdaConfigField =
  | 'preSignUp'
  | 'preAuthentication'
  | 'postAuthentication'
  | 'postConfirmation'
  | 'preTokenGeneration'
  | 'customMessage'
  | 'userMigration'
  | 'defineAuthChallenge'
  | 'createAuthChallenge'
  | 'verifyAuthChallengeResponse'
  | 'customEmailSender'
  | 'customSmsSender';

/** The `lambdaConfig` fields that take `{ lambdaArn, lambdaVersion }` and need the pool's `kmsKeyId`. */
export const SENDER_FIELDS: readonly LambdaConfigField[] = ['customEmailSender', 'customSmsSender'];

/** The SSM SecureStrings a function may read: the account key secret and the stack's Pulumi secrets. */
export type SecretName = 'accountKey' | 'captchaSecret' | 'smtpPassword' | 'sendgridApiKey' | 'twilioAuthToken' | 'legacyEndpointSecret';

/**
 * Gatehouse's catalogues of messages (adapters/templates/): the welcome mail, the pool's code messages,
 * the alerts to an account's owner. A function that renders one is shipped the stack's own templates of it.
 */
export type TemplateKind = 'mail' | 'code-message' | 'alert';

export interface TriggerDefinition {
  /** The bundle `dist/lambda/<name>/index.js`, built from `handlers/<name>.ts`. */
  readonly name: string;
  readonly lambdaConfigField: LambdaConfigField;
  /** Whether the stack has this trigger at all (its function, role, log group and place in `lambdaConfig`). */
  readonly provisioned: (config: StackConfig) => boolean;
  /** DynamoDB actions on the single table: exactly what the trigger's adapters send for this stack. */
  readonly tableActions: (config: StackConfig) => readonly string[];
  /** Cognito actions on the pool itself, which may depend on the stack's configuration. */
  readonly poolActions: (config: StackConfig) => readonly string[];
  /** The secrets the function reads (each an SSM parameter it may get and decrypt, nothing else). */
  readonly secrets: (config: StackConfig) => readonly SecretName[];
  /** Whether it starts the reminder workflow (`states:StartExecution` on that state machine only). */
  readonly startsReminders: (config: StackConfig) => boolean;
  /** Whether it sends mail through SES (`ses:SendEmail` as the stack's identity, from its address only). */
  readonly sendsMailWithSes: (config: StackConfig) => boolean;
  /** Whether it sends text messages through SNS (`sns:Publish` to phone numbers, never to a topic). */
  readonly sendsTextsWithSns?: (config: StackConfig) => boolean;
  /**
   * A custom sender: Cognito invokes it asynchronously with codes encrypted under the stack's key, which
   * it may decrypt for this pool only; failed deliveries go to the stack's undelivered-messages queue.
   */
  readonly customSender?: boolean;
  /** The catalogues of messages it renders for this stack, whose own templates its code is shipped with. */
  readonly renders?: (config: StackConfig) => readonly TemplateKind[];
  /** Variables only this function gets, next to those every function gets (`functionEnvironment`). */
  readonly environment?: (config: StackConfig) => Readonly<Record<string, string>>;
  /** Another user pool of the account it acts on (the pool a stack migrates from): its ARN and the actions. */
  readonly legacyPool?: (config: StackConfig) => { readonly arn: string; readonly actions: readonly string[] } | undefined;
  /**
   * The trigger's name as its handler reports it (the `trigger` dimension of its metrics), when it is
   * not the `lambdaConfigField` capitalised (`CustomSMSSender`).
   */
  readonly cognitoName?: string;
}

const none = (): readonly string[] => [];
const never = (): boolean => false;
const everyStack = (): boolean => true;
const always =
  <T>(value: readonly T[]) =>
  (): readonly T[] =>
    value;

/**
 * Every trigger Gatehouse provisions. A new trigger is added here (and as `handlers/<name>.ts`); the
 * function, its role, its log group, its invoke permission and its place in `lambdaConfig` follow.
 */
export const TRIGGERS: readonly TriggerDefinition[] = [
  {
    name: 'pre-authentication',
    lambdaConfigField: 'preAuthentication',
    provisioned: everyStack,
    // Counts the attempt and locks (see signInAttemptActions).
    tableActions: signInAttemptActions,
    poolActions: forcedResetActions,
    secrets: (config) => ['accountKey', ...(config.alerts.accountLocked ? mailSecrets(config) : [])],
    startsReminders: never,
    sendsMailWithSes: (config) => config.alerts.accountLocked && config.email.provider === 'ses',
    renders: (config) => (config.alerts.accountLocked ? ['alert'] : []),
  },
  {
    name: 'post-authentication',
    lambdaConfigField: 'postAuthentication',
    provisioned: everyStack,
    // Clear attempts (delete), record the sign-in (update), audit (put); with new-device alerts, the
    // alert's once-only record: claim (put), read (get), release (delete), complete (update).
    tableActions: (config) => [
      'dynamodb:UpdateItem',
      'dynamodb:DeleteItem',
      'dynamodb:PutItem',
      ...(config.alerts.newDevice ? ['dynamodb:GetItem'] : []),
    ],
    poolActions: none,
    secrets: (config) => ['accountKey', ...(config.alerts.newDevice ? mailSecrets(config) : [])],
    startsReminders: never,
    sendsMailWithSes: (config) => config.alerts.newDevice && config.email.provider === 'ses',
    renders: (config) => (config.alerts.newDevice ? ['alert'] : []),
  },
  {
    name: 'post-confirmation',
    lambdaConfigField: 'postConfirmation',
    provisioned: everyStack,
    // Clear the lockout after a password reset (delete), audit (put), record the confirmed account
    // (update); with the welcome mail, its once-only record: claim (put), read (get), release (delete),
    // complete (update).
    tableActions: (config) => [
      'dynamodb:DeleteItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      ...(config.welcome.enabled ? ['dynamodb:GetItem'] : []),
    ],
    poolActions: none,
    secrets: (config) => ['accountKey', ...(config.welcome.enabled ? mailSecrets(config) : [])],
    startsReminders: never,
    sendsMailWithSes: (config) => config.welcome.enabled && config.email.provider === 'ses',
    renders: (config) => (config.welcome.enabled ? ['mail'] : []),
  },
  {
    name: 'pre-sign-up',
    lambdaConfigField: 'preSignUp',
    provisioned: everyStack,
    // Screens the email domain against the rules in its environment; no table, no pool. With a captcha it
    // reads the provider's secret; with reminders it starts the workflow, naming the account by its key.
    tableActions: none,
    poolActions: none,
    secrets: (config) => [
      ...(config.signUp.reminders.enabled ? (['accountKey'] as const) : []),
      ...(config.signUp.captcha.provider !== 'none' ? (['captchaSecret'] as const) : []),
    ],
    startsReminders: (config) => config.signUp.reminders.enabled,
    sendsMailWithSes: never,
  },
  {
    name: 'pre-token-generation',
    lambdaConfigField: 'preTokenGeneration',
    provisioned: (config) => config.claims.enabled,
    // At every token issue: nothing read unless the tenant comes from the account's record, then its item
    // (get), named by the account key (the secret).
    tableActions: (config) => (config.claims.tenant?.from === 'account-record' ? ['dynamodb:GetItem'] : []),
    poolActions: none,
    secrets: (config) => (config.claims.tenant?.from === 'account-record' ? ['accountKey'] : []),
    startsReminders: never,
    sendsMailWithSes: never,
    environment: claimsEnvironment,
  },
  {
    name: 'custom-message',
    lambdaConfigField: 'customMessage',
    // Only for stacks that write a channel's messages themselves; it renders templates compiled into its
    // bundle and touches nothing else.
    provisioned: (config) => config.messages.email === 'custom-message' || config.messages.sms === 'custom-message',
    tableActions: none,
    poolActions: none,
    secrets: () => [],
    startsReminders: never,
    sendsMailWithSes: never,
    renders: () => ['code-message'],
  },
  {
    name: 'custom-email-sender',
    lambdaConfigField: 'customEmailSender',
    provisioned: (config) => config.messages.email === 'custom-sender',
    // Its once-only record per message: claim (put), read (get), release (delete), complete (update).
    tableActions: always(['dynamodb:PutItem', 'dynamodb:GetItem', 'dynamodb:DeleteItem', 'dynamodb:UpdateItem']),
    poolActions: none,
    secrets: (config) => mailSecrets(config),
    startsReminders: never,
    sendsMailWithSes: (config) => config.email.provider === 'ses',
    customSender: true,
    // The codes, and Cognito's account-takeover notice (an alert).
    renders: () => ['code-message', 'alert'],
  },
  {
    name: 'custom-sms-sender',
    lambdaConfigField: 'customSmsSender',
    provisioned: (config) => config.messages.sms === 'custom-sender',
    tableActions: always(['dynamodb:PutItem', 'dynamodb:GetItem', 'dynamodb:DeleteItem', 'dynamodb:UpdateItem']),
    poolActions: none,
    secrets: (config) => (config.sms.provider === 'twilio' ? ['twilioAuthToken'] : []),
    startsReminders: never,
    sendsMailWithSes: never,
    sendsTextsWithSns: (config) => config.sms.provider === 'sns',
    customSender: true,
    cognitoName: 'CustomSMSSender',
    renders: () => ['code-message', 'alert'],
  },
  {
    name: 'user-migration',
    lambdaConfigField: 'userMigration',
    provisioned: (config) => config.migration.enabled,
    // Reads the lock PreAuthentication keeps for the typed username (get); counts and writes nothing.
    tableActions: always(['dynamodb:GetItem']),
    poolActions: none,
    secrets: (config) => ['accountKey', ...(config.migration.source === 'http' ? (['legacyEndpointSecret'] as const) : [])],
    startsReminders: never,
    sendsMailWithSes: never,
    // Checks the password and reads the user on the old pool, nothing else there.
    legacyPool: (config) =>
      config.migration.source === 'cognito' && config.migration.cognito
        ? { arn: config.migration.cognito.userPoolArn, actions: ['cognito-idp:AdminInitiateAuth', 'cognito-idp:AdminGetUser'] }
        : undefined,
  },
  {
    name: 'define-auth-challenge',
    lambdaConfigField: 'defineAuthChallenge',
    // Sign-in by magic link: decides each next round from the session Cognito hands it; no store, no secret.
    provisioned: (config) => config.passwordless.enabled,
    environment: passwordlessEnvironment,
    tableActions: none,
    poolActions: none,
    secrets: () => [],
    startsReminders: never,
    sendsMailWithSes: never,
  },
  {
    name: 'create-auth-challenge',
    lambdaConfigField: 'createAuthChallenge',
    provisioned: (config) => config.passwordless.enabled,
    environment: passwordlessEnvironment,
    // Counts the link request (update) and the sign-in attempt as PreAuthentication does
    // (signInAttemptActions), stores the link's hash (put).
    tableActions: signInAttemptActions,
    poolActions: forcedResetActions,
    secrets: (config) => ['accountKey', ...mailSecrets(config)],
    startsReminders: never,
    // It mails the link itself, through the stack's provider.
    sendsMailWithSes: (config) => config.email.provider === 'ses',
    renders: (config) => ['mail', ...(config.alerts.accountLocked ? (['alert'] as const) : [])],
  },
  {
    name: 'verify-auth-challenge-response',
    lambdaConfigField: 'verifyAuthChallengeResponse',
    provisioned: (config) => config.passwordless.enabled,
    environment: passwordlessEnvironment,
    // Count the answer as a sign-in attempt (update, get, put the audit entry), use the link up (delete,
    // and get to tell an expired link from a wrong one where the failed condition returns no item).
    tableActions: () => ['dynamodb:UpdateItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:DeleteItem'],
    poolActions: forcedResetActions,
    secrets: (config) => ['accountKey', ...(config.alerts.accountLocked ? mailSecrets(config) : [])],
    startsReminders: never,
    sendsMailWithSes: (config) => config.alerts.accountLocked && config.email.provider === 'ses',
    renders: (config) => (config.alerts.accountLocked ? ['alert'] : []),
  },
];

/**
 * What counting a sign-in attempt takes, wherever it is counted (PreAuthentication, and the link requests
 * of a magic-link sign-in): count and lock (update), read the state where a failed condition does not
 * return it (get), audit (put); with lock alerts, the alert's once-only record: claim (put), read (get),
 * release (delete), complete (update).
 */
function signInAttemptActions(config: StackConfig): readonly string[] {
  return ['dynamodb:UpdateItem', 'dynamodb:GetItem', 'dynamodb:PutItem', ...(config.alerts.accountLocked ? ['dynamodb:DeleteItem'] : [])];
}

/** A counted attempt may force a password reset, where the stack turns forced resets on. */
function forcedResetActions(config: StackConfig): readonly string[] {
  return config.forcedReset.enabled ? ['cognito-idp:AdminResetUserPassword'] : [];
}

/** The secret a function that sends mail through the stack's provider reads, if that provider has one. */
function mailSecrets(config: StackConfig): SecretName[] {
  if (config.email.provider === 'sendgrid') return ['sendgridApiKey'];
  if (config.email.provider === 'smtp' && config.email.smtp?.username !== undefined) return ['smtpPassword'];
  return [];
}

/** The triggers a stack has, in `TRIGGERS`' order. */
export function triggersOf(config: StackConfig, triggers: readonly TriggerDefinition[] = TRIGGERS): readonly TriggerDefinition[] {
  return triggers.filter((trigger) => trigger.provisioned(config));
}

/** The trigger's name as Cognito spells it and its handler reports it: `PreAuthentication`, `CustomSMSSender`. */
export function cognitoTriggerName(trigger: TriggerDefinition): string {
  return trigger.cognitoName ?? trigger.lambdaConfigField.charAt(0).toUpperCase() + trigger.lambdaConfigField.slice(1);
}
