import type { StackConfig } from './config-schema';

/** Every Powertools log line of every trigger carries this service name. */
export const SERVICE_NAME = 'gatehouse';

/**
 * The environment every trigger function receives: the contract with
 * `handlers/composition/handler-config.ts`. The pool id is not among them: the handlers read it from
 * `event.userPoolId`, and passing it here would make the pool depend on itself through its functions.
 */
export interface FunctionStores {
  readonly tableName: string;
  /** The SSM parameter holding the account key secret: its name, never its value. */
  readonly accountKeyParameter: string;
}

export function functionEnvironment(config: StackConfig, stores: FunctionStores): Record<string, string> {
  const { lockout, forcedReset, functions } = config;
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
    POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
    POWERTOOLS_LOG_LEVEL: functions.logLevel,
  };
}
