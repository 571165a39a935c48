import * as pulumi from '@pulumi/pulumi';
import type * as z from 'zod';
import {
  SECRET_CONFIG_KEYS,
  STACK_CONFIG_KEYS,
  STRING_CONFIG_KEYS,
  stackConfigSchema,
  type SecretConfigKey,
  type StackConfig,
} from './config-schema';

export type { StackConfig } from './config-schema';

/** Gatehouse's configuration keys live in this namespace: `gatehouse:lockout`, `gatehouse:pool`, … */
export const CONFIG_NAMESPACE = 'gatehouse';

export class StackConfigError extends Error {
  override readonly name = 'StackConfigError';
  constructor(readonly problems: readonly string[]) {
    super(`invalid stack configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  }
}

/**
 * `gatehouse:lockout.maxFailures` for the path ['lockout', 'maxFailures'];
 * `gatehouse:signUp.allowedDomains[2]` for an entry of a list, ['signUp', 'allowedDomains', 2].
 */
export function keyName(path: readonly PropertyKey[]): string {
  const parts = path.map((part, index) =>
    typeof part === 'number' ? `[${part}]` : `${index === 0 ? '' : '.'}${String(part)}`,
  );
  return `${CONFIG_NAMESPACE}:${parts.join('')}`;
}

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let value = raw;
  for (const part of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[part];
  }
  return value;
}

/** Settings that moved, by their old place: a stack that still sets one is told where it went. */
const MOVED_SETTINGS: Readonly<Record<string, string>> = {
  'welcome.appName': 'messages.appName',
  'welcome.defaultLocale': 'messages.defaultLocale',
};

function problemsOf(issue: z.core.$ZodIssue, raw: unknown): string[] {
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => {
      const movedTo = MOVED_SETTINGS[[...issue.path, key].join('.')];
      const name = keyName([...issue.path, key]);
      return movedTo ? `${name} moved to ${CONFIG_NAMESPACE}:${movedTo}` : `${name} is not a known setting`;
    });
  }
  const value = valueAt(raw, issue.path);
  const got = value === undefined ? '' : ` (got ${JSON.stringify(value)})`;
  return [`${keyName(issue.path)} ${issue.message}${got}`];
}

/**
 * Validates the values of the `gatehouse:` keys (already JSON-parsed, keyed without the namespace) and
 * fills in the defaults. Throws a `StackConfigError` naming every bad key.
 */
export function parseStackConfig(raw: Record<string, unknown>): StackConfig {
  const parsed = stackConfigSchema.safeParse(raw);
  if (!parsed.success) {
    throw new StackConfigError(parsed.error.issues.flatMap((issue) => problemsOf(issue, raw)));
  }
  return parsed.data;
}

/**
 * Structured and boolean keys arrive as JSON (`pulumi config set gatehouse:protect false` stores the text
 * `false`). Text that is not JSON is passed on as it is, so that validation names the key and the value.
 */
function jsonOrText(config: pulumi.Config, key: string): unknown {
  try {
    return config.getObject<unknown>(key);
  } catch {
    return config.get(key);
  }
}

/** Reads and validates the current stack's `gatehouse:` configuration. */
export function loadStackConfig(config: pulumi.Config = new pulumi.Config(CONFIG_NAMESPACE)): StackConfig {
  const raw: Record<string, unknown> = {};
  for (const key of STACK_CONFIG_KEYS) {
    const value = STRING_CONFIG_KEYS.includes(key) ? config.get(key) : jsonOrText(config, key);
    if (value !== undefined) raw[key] = value;
  }
  // Keys the program does not read are passed on so that a misspelt top-level key is refused too.
  const prefix = `${CONFIG_NAMESPACE}:`;
  for (const [fullKey, value] of Object.entries(pulumi.runtime.allConfig())) {
    const key = fullKey.slice(prefix.length);
    const known = (STACK_CONFIG_KEYS as string[]).includes(key) || (SECRET_CONFIG_KEYS as readonly string[]).includes(key);
    if (fullKey.startsWith(prefix) && !known) raw[key] = value;
  }
  return parseStackConfig(raw);
}

/** The stack's secrets (see `SECRET_CONFIG_KEYS`), as Pulumi secret outputs; absent when not set. */
export type StackSecrets = Partial<Record<SecretConfigKey, pulumi.Output<string>>>;

/** Which secrets the configuration needs, and the setting that needs each. */
export function requiredSecrets(config: StackConfig): Partial<Record<SecretConfigKey, string>> {
  const needed: Partial<Record<SecretConfigKey, string>> = {};
  if (config.signUp.captcha.provider !== 'none') {
    needed.captchaSecret = `gatehouse:signUp.captcha.provider is ${config.signUp.captcha.provider}`;
  }
  if (config.email.provider === 'smtp' && config.email.smtp?.username !== undefined) {
    needed.smtpPassword = 'gatehouse:email.smtp.username is set';
  }
  if (config.email.provider === 'sendgrid') needed.sendgridApiKey = 'gatehouse:email.provider is sendgrid';
  if (config.sms.provider === 'twilio') needed.twilioAuthToken = 'gatehouse:sms.provider is twilio';
  if (config.migration.enabled && config.migration.source === 'http') {
    needed.legacyEndpointSecret = 'gatehouse:migration.source is http';
  }
  return needed;
}

/**
 * Checks the secrets against what the configuration needs: each needed one set, and set as a secret
 * (a plain value would sit readable in `Pulumi.<stack>.yaml`, and so in the repository).
 */
export function checkSecrets(
  config: StackConfig,
  present: { readonly [K in SecretConfigKey]?: { readonly secret: boolean } },
): void {
  const problems: string[] = [];
  for (const key of SECRET_CONFIG_KEYS) {
    const reason = requiredSecrets(config)[key];
    const value = present[key];
    if (reason !== undefined && value === undefined) {
      problems.push(`${keyName([key])} is required because ${reason}: pulumi config set --secret ${keyName([key])} <value>`);
    }
    if (value !== undefined && !value.secret) {
      problems.push(`${keyName([key])} is stored in plain text: set it again with pulumi config set --secret ${keyName([key])} <value>`);
    }
  }
  if (problems.length > 0) throw new StackConfigError(problems);
}

/** Whether Pulumi holds a configuration value encrypted (`pulumi config set --secret`). */
function isStoredAsSecret(fullKey: string): boolean {
  const runtime = pulumi.runtime as unknown as { isConfigSecret?: (key: string) => boolean };
  return runtime.isConfigSecret?.(fullKey) ?? true;
}

/** Reads the stack's secrets, after checking them against the configuration. */
export function loadStackSecrets(
  config: StackConfig,
  pulumiConfig: pulumi.Config = new pulumi.Config(CONFIG_NAMESPACE),
): StackSecrets {
  const present: { [K in SecretConfigKey]?: { secret: boolean } } = {};
  const secrets: StackSecrets = {};
  for (const key of SECRET_CONFIG_KEYS) {
    if (pulumiConfig.get(key) === undefined) continue;
    present[key] = { secret: isStoredAsSecret(`${CONFIG_NAMESPACE}:${key}`) };
    secrets[key] = pulumiConfig.requireSecret(key);
  }
  checkSecrets(config, present);
  return secrets;
}
