import * as z from 'zod/mini';
import {
  assertValidPolicy,
  normaliseDomainName,
  parseDomainPattern,
  type DomainPattern,
  type SignInProtectionPolicy,
  type SignUpPolicy,
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
});

/** Parses every entry of a list, naming the variable and the entries that are not valid. */
function parsedList<T>(name: string, entries: readonly string[], parse: (entry: string) => T | undefined): T[] {
  const parsed = entries.map((entry) => ({ entry, value: parse(entry) }));
  const bad = parsed.filter((item) => item.value === undefined).map((item) => JSON.stringify(item.entry));
  if (bad.length > 0) throw new ConfigurationError(`invalid environment: ${name} has invalid entries ${bad.join(', ')}`);
  return parsed.map((item) => item.value as T);
}

export function readHandlerConfig(env: NodeJS.ProcessEnv = process.env): HandlerConfig {
  const parsed = environmentSchema.safeParse(env);
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
  return {
    tableName: e.TABLE_NAME,
    accountKeyParameter: e.ACCOUNT_KEY_PARAMETER,
    policy,
    signUp,
    extraDisposableDomains: parsedList('SIGN_UP_EXTRA_DISPOSABLE_DOMAINS', e.SIGN_UP_EXTRA_DISPOSABLE_DOMAINS, normaliseDomainName),
    auditRetentionDays: e.AUDIT_RETENTION_DAYS,
    client: { timeoutMs: e.CLIENT_TIMEOUT_MS, maxAttempts: e.CLIENT_MAX_ATTEMPTS },
  };
}
