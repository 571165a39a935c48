import { InvalidInputError } from '../errors';

/** Temporary lockout with exponential backoff. */
export interface LockoutPolicy {
  /** Failures inside the window that lock the account (the next attempt is refused). */
  readonly maxFailures: number;
  /** The observation window opens with the first failure; failures older than it are forgotten. */
  readonly windowSeconds: number;
  /** Duration of the first lockout; each further lockout doubles it. */
  readonly lockoutSeconds: number;
  /** Upper bound of any lockout. */
  readonly maxLockoutSeconds: number;
  /** A lockout this long after the previous one starts again at `lockoutSeconds`. */
  readonly backoffMemorySeconds: number;
}

/** Forced password reset after continued failures. Opt-in: it can be abused to annoy a user by email. */
export interface ForcedResetPolicy {
  readonly enabled: boolean;
  /**
   * Force a reset when this lockout is engaged, counting lockouts since the last success that the
   * backoff still remembers (see `backoffMemorySeconds`); 0 disables.
   */
  readonly afterLockouts: number;
  /** Force a reset once this many consecutive failures accumulate; 0 disables. */
  readonly afterFailures: number;
}

/** What PreAuthentication does when the attempt ledger cannot be reached in time. */
export type StoreFailureMode = 'open' | 'closed';

export interface SignInProtectionPolicy {
  readonly lockout: LockoutPolicy;
  readonly forcedReset: ForcedResetPolicy;
  readonly storeFailureMode: StoreFailureMode;
}

export const DEFAULT_SIGN_IN_PROTECTION: SignInProtectionPolicy = Object.freeze({
  lockout: Object.freeze({
    maxFailures: 5,
    windowSeconds: 900,
    lockoutSeconds: 300,
    maxLockoutSeconds: 3600,
    backoffMemorySeconds: 86_400,
  }),
  forcedReset: Object.freeze({ enabled: false, afterLockouts: 3, afterFailures: 0 }),
  storeFailureMode: 'open' as const,
});

/** Cross-field rules a policy must satisfy; returns every problem, naming the field. */
export function policyProblems(policy: SignInProtectionPolicy): string[] {
  const problems: string[] = [];
  const { lockout, forcedReset } = policy;
  const positiveInteger = (name: string, value: number) => {
    if (!Number.isInteger(value) || value < 1) problems.push(`${name} must be an integer >= 1 (got ${value})`);
  };
  const nonNegativeInteger = (name: string, value: number) => {
    if (!Number.isInteger(value) || value < 0) problems.push(`${name} must be an integer >= 0 (got ${value})`);
  };
  positiveInteger('lockout.maxFailures', lockout.maxFailures);
  positiveInteger('lockout.windowSeconds', lockout.windowSeconds);
  positiveInteger('lockout.lockoutSeconds', lockout.lockoutSeconds);
  positiveInteger('lockout.maxLockoutSeconds', lockout.maxLockoutSeconds);
  nonNegativeInteger('lockout.backoffMemorySeconds', lockout.backoffMemorySeconds);
  if (lockout.maxLockoutSeconds < lockout.lockoutSeconds) {
    problems.push('lockout.maxLockoutSeconds must be >= lockout.lockoutSeconds');
  }
  nonNegativeInteger('forcedReset.afterLockouts', forcedReset.afterLockouts);
  nonNegativeInteger('forcedReset.afterFailures', forcedReset.afterFailures);
  if (forcedReset.enabled && forcedReset.afterLockouts === 0 && forcedReset.afterFailures === 0) {
    problems.push('forcedReset is enabled but neither forcedReset.afterLockouts nor forcedReset.afterFailures is set');
  }
  if (policy.storeFailureMode !== 'open' && policy.storeFailureMode !== 'closed') {
    problems.push(`storeFailureMode must be "open" or "closed" (got ${String(policy.storeFailureMode)})`);
  }
  return problems;
}

export function assertValidPolicy(policy: SignInProtectionPolicy): SignInProtectionPolicy {
  const problems = policyProblems(policy);
  if (problems.length > 0) throw new InvalidInputError(`invalid sign-in protection policy: ${problems.join('; ')}`);
  return policy;
}
