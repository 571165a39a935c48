/**
 * The sign-in protection state of one account. Times are epoch milliseconds.
 *
 * Triggers never learn whether a password was right: PreAuthentication counts an attempt before the
 * password is checked and PostAuthentication reports a success. An attempt that is counted and never
 * followed by a success is therefore a failure. `attemptsInWindow` includes the attempt being decided.
 */
export interface LoginAttempts {
  /** Attempts counted in the current observation window (not cleared by a success). */
  readonly attemptsInWindow: number;
  /** When the current observation window opened; absent when no window is open. */
  readonly windowStartedAt?: number;
  /** Attempts since the last success or recovery, across windows and lockouts. */
  readonly streak: number;
  /** The end of the current lock; the account is locked while `now < lockedUntil`. */
  readonly lockedUntil?: number;
  /** Lockouts since the last success or recovery: the backoff level of the next lockout. */
  readonly lockouts: number;
  /** When the last lockout was engaged. */
  readonly lastLockedAt?: number;
  /** The current lock came with a forced password reset. */
  readonly resetRequired: boolean;
}

export const NO_ATTEMPTS: LoginAttempts = Object.freeze({
  attemptsInWindow: 0,
  streak: 0,
  lockouts: 0,
  resetRequired: false,
});

export function isLocked(state: LoginAttempts, now: number): boolean {
  return state.lockedUntil !== undefined && now < state.lockedUntil;
}

/** A lock to engage, as decided by the policy. */
export interface LockEngagement {
  readonly lockedUntil: number;
  /** The backoff level after this lockout (1 for the first lockout). */
  readonly level: number;
  readonly forceReset: boolean;
}
