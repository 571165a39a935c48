import { isLocked, NO_ATTEMPTS, type LockEngagement, type LoginAttempts } from '../model/login-attempts';
import type { SignInProtectionPolicy } from './sign-in-protection-policy';

/**
 * The rules of sign-in protection as pure functions of (state, policy, now).
 *
 * These functions are the specification: the in-memory ledger applies them directly, and the DynamoDB
 * ledger implements the same transitions as single conditional requests (tests hold it to them).
 */

export type CountOutcome = 'counted' | 'refused-locked';

export interface CountedAttempt {
  readonly outcome: CountOutcome;
  /** After counting; as found when refused. */
  readonly state: LoginAttempts;
}

/** The start of the oldest window that is still open at `now`. */
export function windowFloor(now: number, windowSeconds: number): number {
  return now - windowSeconds * 1000;
}

/** Count one attempt: refused (and not counted) while locked; a lapsed window starts over. */
export function countAttempt(state: LoginAttempts, now: number, windowSeconds: number): CountedAttempt {
  if (isLocked(state, now)) return { outcome: 'refused-locked', state };
  const windowOpen = state.windowStartedAt !== undefined && state.windowStartedAt > windowFloor(now, windowSeconds);
  return {
    outcome: 'counted',
    state: {
      ...state,
      attemptsInWindow: windowOpen ? state.attemptsInWindow + 1 : 1,
      windowStartedAt: windowOpen ? state.windowStartedAt : now,
      streak: state.streak + 1,
    },
  };
}

/** The backoff level in force: lockouts are forgotten `backoffMemorySeconds` after the last one. */
export function backoffLevel(state: LoginAttempts, policy: SignInProtectionPolicy, now: number): number {
  if (state.lastLockedAt === undefined) return 0;
  const remembered = now - state.lastLockedAt < policy.lockout.backoffMemorySeconds * 1000;
  return remembered ? state.lockouts : 0;
}

/** Duration of a lockout at a backoff level (0 = first lockout), doubling, capped. */
export function lockoutSeconds(level: number, policy: SignInProtectionPolicy): number {
  const { lockoutSeconds: base, maxLockoutSeconds: max } = policy.lockout;
  // 2^level overflows to Infinity long after it passes any sane cap; Math.min handles both.
  return Math.min(base * 2 ** Math.max(0, level), max);
}

export type AttemptDecision =
  | { readonly kind: 'allow' }
  | { readonly kind: 'refuse'; readonly lockedUntil: number; readonly resetRequired: boolean }
  | { readonly kind: 'lock'; readonly lock: LockEngagement };

/** Decide a counted (or refused) attempt. */
export function decideAttempt(counted: CountedAttempt, policy: SignInProtectionPolicy, now: number): AttemptDecision {
  const { state } = counted;
  if (counted.outcome === 'refused-locked' || isLocked(state, now)) {
    return { kind: 'refuse', lockedUntil: state.lockedUntil ?? now, resetRequired: state.resetRequired };
  }
  // The attempt being decided is counted but its password has not been checked yet: every earlier
  // counted attempt without a success in between was a failure.
  const priorFailures = state.attemptsInWindow - 1;
  const priorStreak = state.streak - 1;
  const lockDue = priorFailures >= policy.lockout.maxFailures;
  const level = backoffLevel(state, policy, now);
  const { forcedReset } = policy;
  const resetDue =
    forcedReset.enabled &&
    ((forcedReset.afterFailures > 0 && priorStreak >= forcedReset.afterFailures) ||
      (lockDue && forcedReset.afterLockouts > 0 && level + 1 >= forcedReset.afterLockouts));
  if (!lockDue && !resetDue) return { kind: 'allow' };
  return {
    kind: 'lock',
    lock: { lockedUntil: now + lockoutSeconds(level, policy) * 1000, level: level + 1, forceReset: resetDue },
  };
}

/** The state after a lock is engaged: the window's failures are spent on it. */
export function engageLock(state: LoginAttempts, lock: LockEngagement, now: number): LoginAttempts {
  return {
    attemptsInWindow: 0,
    windowStartedAt: undefined,
    streak: lock.forceReset ? 0 : state.streak,
    lockedUntil: lock.lockedUntil,
    lockouts: lock.level,
    lastLockedAt: now,
    resetRequired: lock.forceReset,
  };
}

/** The password reset a lock asked for could not be requested: the lock stands, as a plain lockout. */
export function withdrawResetRequirement(state: LoginAttempts): LoginAttempts {
  return { ...state, resetRequired: false };
}

/**
 * A success clears everything, except a lock engaged while this sign-in was under way (by attempts that
 * arrived after it was allowed): the owner is in, but those attempts were still failures.
 */
export function clearAfterSuccess(state: LoginAttempts, now: number): LoginAttempts {
  return isLocked(state, now) ? state : NO_ATTEMPTS;
}

/** A completed password reset clears everything, an active lock included: recovery beats lockout. */
export function clearAfterRecovery(): LoginAttempts {
  return NO_ATTEMPTS;
}
