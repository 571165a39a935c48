import { expect } from 'chai';
import {
  backoffLevel,
  clearAfterRecovery,
  clearAfterSuccess,
  countAttempt,
  decideAttempt,
  DEFAULT_SIGN_IN_PROTECTION,
  engageLock,
  lockoutSeconds,
  NO_ATTEMPTS,
  windowFloor,
  type LoginAttempts,
  type SignInProtectionPolicy,
} from '../../../domain';
import { LockoutSimulation } from './lockout-simulation';

const T0 = Date.parse('2026-11-23T10:00:00Z');
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

// The seed policy: 5 failures in 15 minutes lock for 5 minutes, doubling up to 1 hour, remembered 1 day.
const SEED = DEFAULT_SIGN_IN_PROTECTION;

function withForcedReset(forcedReset: Partial<SignInProtectionPolicy['forcedReset']>): SignInProtectionPolicy {
  return { ...SEED, forcedReset: { ...SEED.forcedReset, enabled: true, ...forcedReset } };
}

function state(overrides: Partial<LoginAttempts>): LoginAttempts {
  return { ...NO_ATTEMPTS, ...overrides };
}

/** Lock the simulated account once at `at` (from a cleared window) and return the lock's end. */
function lockOnce(sim: LockoutSimulation, at: number): number {
  const kinds = sim.attempts(SEED.lockout.maxFailures + 1, at);
  expect(kinds).to.deep.equal(['allow', 'allow', 'allow', 'allow', 'allow', 'lock']);
  const { lockedUntil } = sim.state;
  expect(lockedUntil).to.be.a('number');
  return lockedUntil as number;
}

describe('lockout transitions', () => {
  it('checks the seed policy is the one these examples assume', () => {
    expect(SEED.lockout).to.deep.equal({
      maxFailures: 5,
      windowSeconds: 900,
      lockoutSeconds: 300,
      maxLockoutSeconds: 3600,
      backoffMemorySeconds: 86_400,
    });
    expect(SEED.forcedReset.enabled).to.equal(false);
  });

  describe('windowFloor', () => {
    it('is the window length before now', () => {
      expect(windowFloor(T0, 900)).to.equal(T0 - 15 * MINUTE);
      expect(windowFloor(T0, 1)).to.equal(T0 - SECOND);
    });
  });

  describe('countAttempt', () => {
    it('opens a window with the first attempt', () => {
      const counted = countAttempt(NO_ATTEMPTS, T0, 900);
      expect(counted).to.deep.equal({
        outcome: 'counted',
        state: { attemptsInWindow: 1, windowStartedAt: T0, streak: 1, lockouts: 0, resetRequired: false },
      });
    });

    it('adds to the open window without moving its start', () => {
      const open = state({ attemptsInWindow: 3, windowStartedAt: T0, streak: 7 });
      const counted = countAttempt(open, T0 + 14 * MINUTE, 900);
      expect(counted.outcome).to.equal('counted');
      expect(counted.state).to.include({ attemptsInWindow: 4, windowStartedAt: T0, streak: 8 });
    });

    it('starts over once the window has lapsed, keeping the streak', () => {
      const open = state({ attemptsInWindow: 4, windowStartedAt: T0, streak: 4 });
      const counted = countAttempt(open, T0 + 15 * MINUTE, 900);
      expect(counted.state).to.include({ attemptsInWindow: 1, windowStartedAt: T0 + 15 * MINUTE, streak: 5 });
    });

    it('keeps the window open until its last millisecond', () => {
      const open = state({ attemptsInWindow: 4, windowStartedAt: T0, streak: 4 });
      expect(countAttempt(open, T0 + 15 * MINUTE - 1, 900).state).to.include({ attemptsInWindow: 5, windowStartedAt: T0 });
    });

    it('refuses without counting while locked', () => {
      const locked = state({ lockedUntil: T0 + 5 * MINUTE, lockouts: 1, lastLockedAt: T0, streak: 6 });
      const counted = countAttempt(locked, T0 + 5 * MINUTE - 1, 900);
      expect(counted.outcome).to.equal('refused-locked');
      expect(counted.state).to.deep.equal(locked);
    });

    it('counts again from the instant the lock ends, in a new window', () => {
      const locked = state({ lockedUntil: T0 + 5 * MINUTE, lockouts: 1, lastLockedAt: T0, streak: 6 });
      const counted = countAttempt(locked, T0 + 5 * MINUTE, 900);
      expect(counted.outcome).to.equal('counted');
      expect(counted.state).to.include({ attemptsInWindow: 1, windowStartedAt: T0 + 5 * MINUTE, streak: 7, lockouts: 1 });
    });

    it('does not change the state it is given', () => {
      const open = state({ attemptsInWindow: 2, windowStartedAt: T0, streak: 2 });
      const copy = { ...open };
      countAttempt(open, T0 + SECOND, 900);
      expect(open).to.deep.equal(copy);
    });
  });

  describe('backoffLevel', () => {
    it('is 0 before any lockout', () => {
      expect(backoffLevel(NO_ATTEMPTS, SEED, T0)).to.equal(0);
    });

    it('is the number of lockouts while the last one is remembered', () => {
      const twice = state({ lockouts: 2, lastLockedAt: T0 });
      expect(backoffLevel(twice, SEED, T0 + 24 * HOUR - 1)).to.equal(2);
    });

    it('forgets lockouts backoffMemorySeconds after the last one', () => {
      const twice = state({ lockouts: 2, lastLockedAt: T0 });
      expect(backoffLevel(twice, SEED, T0 + 24 * HOUR)).to.equal(0);
    });

    it('remembers nothing when backoffMemorySeconds is 0', () => {
      const policy = { ...SEED, lockout: { ...SEED.lockout, backoffMemorySeconds: 0 } };
      expect(backoffLevel(state({ lockouts: 3, lastLockedAt: T0 }), policy, T0)).to.equal(0);
    });
  });

  describe('lockoutSeconds', () => {
    it('doubles from lockoutSeconds and stops at maxLockoutSeconds', () => {
      expect([0, 1, 2, 3, 4, 5].map((level) => lockoutSeconds(level, SEED))).to.deep.equal([
        300, 600, 1200, 2400, 3600, 3600,
      ]);
    });

    it('stays at the cap for levels whose power of two overflows', () => {
      expect(lockoutSeconds(1100, SEED)).to.equal(3600);
      expect(lockoutSeconds(Number.MAX_SAFE_INTEGER, SEED)).to.equal(3600);
    });

    it('treats a negative level as the first', () => {
      expect(lockoutSeconds(-3, SEED)).to.equal(300);
    });
  });

  describe('decideAttempt', () => {
    const counted = (overrides: Partial<LoginAttempts>) => ({ outcome: 'counted' as const, state: state(overrides) });

    it('allows while fewer than maxFailures attempts came before in the window', () => {
      const fifth = counted({ attemptsInWindow: 5, windowStartedAt: T0, streak: 5 });
      expect(decideAttempt(fifth, SEED, T0)).to.deep.equal({ kind: 'allow' });
    });

    it('locks the attempt that follows maxFailures failures', () => {
      const sixth = counted({ attemptsInWindow: 6, windowStartedAt: T0, streak: 6 });
      expect(decideAttempt(sixth, SEED, T0 + MINUTE)).to.deep.equal({
        kind: 'lock',
        lock: { lockedUntil: T0 + MINUTE + 5 * MINUTE, level: 1, forceReset: false },
      });
    });

    it('locks longer at a remembered backoff level', () => {
      const sixth = counted({ attemptsInWindow: 6, windowStartedAt: T0, streak: 18, lockouts: 2, lastLockedAt: T0 - HOUR });
      expect(decideAttempt(sixth, SEED, T0)).to.deep.equal({
        kind: 'lock',
        lock: { lockedUntil: T0 + 20 * MINUTE, level: 3, forceReset: false },
      });
    });

    it('refuses an attempt the ledger refused, reporting the lock', () => {
      const refused = {
        outcome: 'refused-locked' as const,
        state: state({ lockedUntil: T0 + MINUTE, lockouts: 1, lastLockedAt: T0 - 4 * MINUTE }),
      };
      expect(decideAttempt(refused, SEED, T0)).to.deep.equal({ kind: 'refuse', lockedUntil: T0 + MINUTE, resetRequired: false });
    });

    it('says when the lock that refuses came with a forced reset', () => {
      const refused = {
        outcome: 'refused-locked' as const,
        state: state({ lockedUntil: T0 + MINUTE, lockouts: 3, lastLockedAt: T0, resetRequired: true }),
      };
      expect(decideAttempt(refused, SEED, T0)).to.deep.equal({ kind: 'refuse', lockedUntil: T0 + MINUTE, resetRequired: true });
    });

    it('never forces a reset while forced reset is disabled', () => {
      const sixth = counted({ attemptsInWindow: 6, windowStartedAt: T0, streak: 500, lockouts: 40, lastLockedAt: T0 - MINUTE });
      const decision = decideAttempt(sixth, SEED, T0);
      expect(decision.kind).to.equal('lock');
      expect(decision.kind === 'lock' && decision.lock.forceReset).to.equal(false);
    });

    it('forces a reset with the lockout that reaches afterLockouts', () => {
      const policy = withForcedReset({ afterLockouts: 3, afterFailures: 0 });
      const second = counted({ attemptsInWindow: 6, windowStartedAt: T0, streak: 12, lockouts: 1, lastLockedAt: T0 - HOUR });
      const third = counted({ attemptsInWindow: 6, windowStartedAt: T0, streak: 18, lockouts: 2, lastLockedAt: T0 - HOUR });
      expect(decideAttempt(second, policy, T0)).to.deep.include({ kind: 'lock' });
      expect(decideAttempt(second, policy, T0)).to.have.nested.property('lock.forceReset', false);
      expect(decideAttempt(third, policy, T0)).to.deep.equal({
        kind: 'lock',
        lock: { lockedUntil: T0 + 20 * MINUTE, level: 3, forceReset: true },
      });
    });

    it('forces a reset once afterFailures failures accumulate, even in a window that is not full', () => {
      const policy = withForcedReset({ afterLockouts: 0, afterFailures: 8 });
      const eighth = counted({ attemptsInWindow: 2, windowStartedAt: T0, streak: 8, lockouts: 1, lastLockedAt: T0 - 10 * MINUTE });
      const ninth = counted({ attemptsInWindow: 3, windowStartedAt: T0, streak: 9, lockouts: 1, lastLockedAt: T0 - 10 * MINUTE });
      expect(decideAttempt(eighth, policy, T0)).to.deep.equal({ kind: 'allow' });
      expect(decideAttempt(ninth, policy, T0)).to.deep.equal({
        kind: 'lock',
        lock: { lockedUntil: T0 + 10 * MINUTE, level: 2, forceReset: true },
      });
    });
  });

  describe('engageLock', () => {
    const counted = state({ attemptsInWindow: 6, windowStartedAt: T0, streak: 11, lockouts: 1, lastLockedAt: T0 - HOUR });

    it('spends the window on the lock and records its level and time', () => {
      const engaged = engageLock(counted, { lockedUntil: T0 + 10 * MINUTE, level: 2, forceReset: false }, T0);
      expect(engaged).to.deep.equal({
        attemptsInWindow: 0,
        windowStartedAt: undefined,
        streak: 11,
        lockedUntil: T0 + 10 * MINUTE,
        lockouts: 2,
        lastLockedAt: T0,
        resetRequired: false,
      });
    });

    it('restarts the streak when the lock forces a reset', () => {
      const engaged = engageLock(counted, { lockedUntil: T0 + 10 * MINUTE, level: 2, forceReset: true }, T0);
      expect(engaged).to.include({ streak: 0, resetRequired: true, lockedUntil: T0 + 10 * MINUTE });
    });
  });

  describe('clearAfterSuccess', () => {
    it('clears counts and backoff when no lock is active', () => {
      const history = state({ attemptsInWindow: 3, windowStartedAt: T0, streak: 9, lockouts: 1, lastLockedAt: T0 - HOUR });
      expect(clearAfterSuccess(history, T0)).to.deep.equal(NO_ATTEMPTS);
    });

    it('clears a lock that has ended', () => {
      const ended = state({ lockedUntil: T0, lockouts: 1, lastLockedAt: T0 - 5 * MINUTE, streak: 6 });
      expect(clearAfterSuccess(ended, T0)).to.deep.equal(NO_ATTEMPTS);
    });

    it('leaves an active lock as it is', () => {
      const locked = state({ lockedUntil: T0 + 1, lockouts: 1, lastLockedAt: T0 - 5 * MINUTE, streak: 6 });
      expect(clearAfterSuccess(locked, T0)).to.deep.equal(locked);
    });
  });

  describe('clearAfterRecovery', () => {
    it('clears everything', () => {
      expect(clearAfterRecovery()).to.deep.equal(NO_ATTEMPTS);
    });
  });

  describe('with the seed policy', () => {
    it('lets 5 attempts through and locks the 6th for 5 minutes', () => {
      const sim = new LockoutSimulation(SEED);
      expect(sim.attempts(5, T0)).to.deep.equal(['allow', 'allow', 'allow', 'allow', 'allow']);
      const sixth = sim.attempt(T0 + MINUTE);
      expect(sixth.decision).to.deep.equal({ kind: 'lock', lock: { lockedUntil: T0 + 6 * MINUTE, level: 1, forceReset: false } });
      expect(sim.state).to.include({ lockedUntil: T0 + 6 * MINUTE, attemptsInWindow: 0, lockouts: 1 });
    });

    it('refuses attempts while locked without extending the lock or counting them', () => {
      const sim = new LockoutSimulation(SEED);
      const lockedUntil = lockOnce(sim, T0);
      const locked = sim.state;
      for (const at of [T0, T0 + MINUTE, lockedUntil - 1]) {
        const step = sim.attempt(at);
        expect(step.decision).to.deep.equal({ kind: 'refuse', lockedUntil, resetRequired: false });
        expect(step.after).to.deep.equal(locked);
      }
    });

    it('allows 5 more after the lock, then locks for 10, 20, 40 and at most 60 minutes', () => {
      const sim = new LockoutSimulation(SEED);
      let at = T0;
      const durations: number[] = [];
      for (let lockout = 0; lockout < 6; lockout += 1) {
        const lockedUntil = lockOnce(sim, at);
        durations.push((lockedUntil - at) / MINUTE);
        at = lockedUntil;
      }
      expect(durations).to.deep.equal([5, 10, 20, 40, 60, 60]);
    });

    it('forgets the backoff a day after the last lockout', () => {
      const sim = new LockoutSimulation(SEED);
      lockOnce(sim, T0);
      lockOnce(sim, T0 + HOUR);
      expect(lockOnce(sim, T0 + HOUR + 24 * HOUR) - (T0 + 25 * HOUR)).to.equal(5 * MINUTE);
    });

    it('keeps the backoff until then', () => {
      const sim = new LockoutSimulation(SEED);
      lockOnce(sim, T0);
      lockOnce(sim, T0 + HOUR);
      const at = T0 + HOUR + 24 * HOUR - SECOND;
      expect(lockOnce(sim, at) - at).to.equal(20 * MINUTE);
    });

    it('forgets failures older than the window: a lapsed window starts over', () => {
      const sim = new LockoutSimulation(SEED);
      expect(sim.attempts(5, T0)).to.deep.equal(['allow', 'allow', 'allow', 'allow', 'allow']);
      expect(sim.attempts(5, T0 + 15 * MINUTE)).to.deep.equal(['allow', 'allow', 'allow', 'allow', 'allow']);
      expect(sim.attempt(T0 + 16 * MINUTE).decision.kind).to.equal('lock');
    });

    it('lets up to 10 attempts through where one window ends and the next begins (the window is fixed)', () => {
      const sim = new LockoutSimulation(SEED);
      sim.attempt(T0);
      const end = T0 + 15 * MINUTE;
      expect(sim.attempts(4, end - SECOND)).to.deep.equal(['allow', 'allow', 'allow', 'allow']);
      expect(sim.attempts(6, end)).to.deep.equal(['allow', 'allow', 'allow', 'allow', 'allow', 'lock']);
    });

    it('locks when the 6th attempt arrives just inside the window', () => {
      const sim = new LockoutSimulation(SEED);
      sim.attempts(5, T0);
      expect(sim.attempt(T0 + 15 * MINUTE - 1).decision.kind).to.equal('lock');
    });

    it('starts afresh after a success, backoff included', () => {
      const sim = new LockoutSimulation(SEED);
      const lockedUntil = lockOnce(sim, T0);
      sim.attempts(3, lockedUntil);
      sim.success(lockedUntil + SECOND);
      expect(sim.state).to.deep.equal(NO_ATTEMPTS);
      const at = lockedUntil + MINUTE;
      expect(lockOnce(sim, at) - at).to.equal(5 * MINUTE);
    });

    it('does not let a success lift an active lock', () => {
      const sim = new LockoutSimulation(SEED);
      const lockedUntil = lockOnce(sim, T0);
      const locked = sim.state;
      expect(sim.success(T0 + MINUTE).after).to.deep.equal(locked);
      expect(sim.attempt(T0 + 2 * MINUTE).decision).to.deep.equal({ kind: 'refuse', lockedUntil, resetRequired: false });
    });

    it('lifts an active lock and the backoff after a recovery', () => {
      const sim = new LockoutSimulation(SEED);
      lockOnce(sim, T0);
      sim.recovery(T0 + MINUTE);
      expect(sim.state).to.deep.equal(NO_ATTEMPTS);
      expect(sim.attempt(T0 + MINUTE).decision.kind).to.equal('allow');
      sim.attempts(4, T0 + 2 * MINUTE);
      const sixth = sim.attempt(T0 + 2 * MINUTE);
      expect(sixth.decision).to.have.nested.property('lock.lockedUntil', T0 + 7 * MINUTE);
    });
  });

  describe('forced reset', () => {
    it('never happens with the seed policy', () => {
      const sim = new LockoutSimulation(SEED);
      let at = T0;
      for (let lockout = 0; lockout < 8; lockout += 1) at = lockOnce(sim, at);
      const locks = sim.steps.flatMap((step) => (step.kind === 'attempt' && step.decision.kind === 'lock' ? [step.decision.lock] : []));
      expect(locks).to.have.length(8);
      expect(locks.every((lock) => !lock.forceReset)).to.equal(true);
    });

    it('comes with the afterLockouts-th lockout and is reported while that lock lasts', () => {
      const sim = new LockoutSimulation(withForcedReset({ afterLockouts: 3, afterFailures: 0 }));
      let at = T0;
      const forced: boolean[] = [];
      for (let lockout = 0; lockout < 3; lockout += 1) {
        const kinds = sim.attempts(6, at);
        expect(kinds.at(-1)).to.equal('lock');
        forced.push(sim.state.resetRequired);
        at = sim.state.lockedUntil as number;
      }
      expect(forced).to.deep.equal([false, false, true]);
      const refused = sim.attempt(at - 1);
      expect(refused.decision).to.deep.equal({ kind: 'refuse', lockedUntil: at, resetRequired: true });
      expect(sim.state.streak).to.equal(0);
    });

    it('comes once afterFailures consecutive failures accumulate across lockouts', () => {
      const sim = new LockoutSimulation(withForcedReset({ afterLockouts: 0, afterFailures: 8 }));
      const lockedUntil = lockOnce(sim, T0);
      expect(sim.attempts(2, lockedUntil)).to.deep.equal(['allow', 'allow']);
      const ninth = sim.attempt(lockedUntil);
      expect(ninth.decision).to.deep.equal({
        kind: 'lock',
        lock: { lockedUntil: lockedUntil + 10 * MINUTE, level: 2, forceReset: true },
      });
    });

    it('counts lockouts towards afterLockouts only while the backoff remembers them', () => {
      const sim = new LockoutSimulation(withForcedReset({ afterLockouts: 2, afterFailures: 0 }));
      lockOnce(sim, T0);
      lockOnce(sim, T0 + 24 * HOUR);
      expect(sim.state).to.include({ lockouts: 1, resetRequired: false });
      sim.attempts(6, T0 + 25 * HOUR);
      expect(sim.state).to.include({ lockouts: 2, resetRequired: true });
    });

    it('counts failures again from zero after a success', () => {
      const sim = new LockoutSimulation(withForcedReset({ afterLockouts: 0, afterFailures: 8 }));
      sim.attempts(4, T0);
      sim.success(T0 + SECOND);
      expect(sim.attempts(5, T0 + 2 * SECOND)).to.deep.equal(['allow', 'allow', 'allow', 'allow', 'allow']);
    });
  });
});
