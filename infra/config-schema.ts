import * as z from 'zod';

/** Retention periods CloudWatch Logs accepts (days). */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/** Cognito waits five seconds for a synchronous trigger, whatever the function's own timeout. */
export const COGNITO_TRIGGER_BUDGET_SECONDS = 5;

const integer = (min: number, max?: number) => {
  const error = max === undefined ? `must be an integer >= ${min}` : `must be an integer from ${min} to ${max}`;
  const atLeast = z.int({ error }).min(min, { error });
  return max === undefined ? atLeast : atLeast.max(max, { error });
};

const flag = () => z.boolean({ error: 'must be true or false' });

const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: `must be one of ${values.join(', ')}` });

/**
 * An object of settings: unknown keys are refused (a typo must not fall back to a default silently),
 * missing ones take their defaults.
 */
const section = <S extends z.core.$ZodLooseShape>(shape: S) =>
  z.strictObject(shape, { error: (issue) => (issue.code === 'invalid_type' ? 'must be an object' : undefined) });

const lockout = section({
  maxFailures: integer(1).default(5),
  windowSeconds: integer(1).default(900),
  lockoutSeconds: integer(1).default(300),
  maxLockoutSeconds: integer(1).default(3600),
  backoffMemorySeconds: integer(0).default(86_400),
}).superRefine((value, ctx) => {
  if (value.maxLockoutSeconds < value.lockoutSeconds) {
    ctx.addIssue({
      code: 'custom',
      path: ['maxLockoutSeconds'],
      message: 'must be >= gatehouse:lockout.lockoutSeconds',
    });
  }
});

const forcedReset = section({
  enabled: flag().default(false),
  afterLockouts: integer(0).default(3),
  afterFailures: integer(0).default(0),
}).superRefine((value, ctx) => {
  if (value.enabled && value.afterLockouts === 0 && value.afterFailures === 0) {
    ctx.addIssue({
      code: 'custom',
      path: ['enabled'],
      message: 'needs gatehouse:forcedReset.afterLockouts or gatehouse:forcedReset.afterFailures above 0',
    });
  }
});

const audit = section({
  retentionDays: integer(1, 3650).default(90),
});

const password = section({
  minimumLength: integer(6, 99).default(12),
  requireLowercase: flag().default(true),
  requireUppercase: flag().default(true),
  requireNumbers: flag().default(true),
  requireSymbols: flag().default(false),
  temporaryPasswordValidityDays: integer(0, 365).default(7),
});

const tokens = section({
  accessTokenMinutes: integer(5, 1440).default(60),
  idTokenMinutes: integer(5, 1440).default(60),
  refreshTokenDays: integer(1, 3650).default(30),
});

const pool = section({
  deletionProtection: flag().default(false),
  deviceTracking: oneOf(['off', 'always', 'user-opt-in']).default('user-opt-in'),
  mfa: oneOf(['off', 'optional', 'required']).default('optional'),
  password: password.prefault({}),
  tokens: tokens.prefault({}),
});

const table = section({
  deletionProtection: flag().default(false),
});

const retentionError = `must be one of ${LOG_RETENTION_DAYS.join(', ')}`;

const functions = section({
  memoryMb: integer(128, 10_240).default(256),
  timeoutSeconds: integer(1, COGNITO_TRIGGER_BUDGET_SECONDS).default(COGNITO_TRIGGER_BUDGET_SECONDS),
  logRetentionDays: z
    .int({ error: retentionError })
    .refine((days) => (LOG_RETENTION_DAYS as readonly number[]).includes(days), { error: retentionError })
    .default(30),
  logLevel: oneOf(['DEBUG', 'INFO', 'WARN', 'ERROR']).default('INFO'),
  // The bounds the handlers accept for these two (handlers/composition/handler-config.ts).
  clientTimeoutMs: integer(50, 4000).default(1000),
  clientMaxAttempts: integer(1, 3).default(2),
}).superRefine((value, ctx) => {
  // One request retried to the end must still leave the function time to answer Cognito.
  if (value.clientTimeoutMs * value.clientMaxAttempts >= value.timeoutSeconds * 1000) {
    ctx.addIssue({
      code: 'custom',
      path: ['clientTimeoutMs'],
      message:
        `× gatehouse:functions.clientMaxAttempts (${value.clientMaxAttempts}) must stay below ` +
        `gatehouse:functions.timeoutSeconds (${value.timeoutSeconds * 1000} ms)`,
    });
  }
});

/** The `gatehouse:` namespace of a stack's configuration, keyed by top-level key. */
export const stackConfigSchema = z.strictObject({
  lockout: lockout.prefault({}),
  forcedReset: forcedReset.prefault({}),
  storeFailureMode: oneOf(['open', 'closed']).default('open'),
  audit: audit.prefault({}),
  pool: pool.prefault({}),
  table: table.prefault({}),
  functions: functions.prefault({}),
});

export type StackConfig = z.output<typeof stackConfigSchema>;

/** The top-level keys of the `gatehouse:` namespace. */
export const STACK_CONFIG_KEYS = Object.keys(stackConfigSchema.shape) as (keyof StackConfig)[];
