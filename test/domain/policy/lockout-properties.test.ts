import { expect } from 'chai';
import fc from 'fast-check';
import {
  assertValidPolicy,
  DEFAULT_SIGN_IN_PROTECTION,
  InvalidInputError,
  isLocked,
  lockoutSeconds,
  NO_ATTEMPTS,
  policyProblems,
  type SignInProtectionPolicy,
} from '../../../domain';
import { history, PROPERTY_OPTIONS, validPolicy, type TimedEvent } from './lockout-arbitraries';
import { LockoutSimulation, type AttemptStep, type Step } from './lockout-simulation';

const T0 = Date.parse('2026-11-23T10:00:00Z');

function simulate(policy: SignInProtectionPolicy, events: readonly TimedEvent[]): Step[] {
  const sim = new LockoutSimulation(policy);
  let at = T0;
  for (const event of events) {
    at += event.gapMs;
    sim[event.kind](at);
  }
  return sim.steps;
}

const attempts = (steps: readonly Step[]): AttemptStep[] => steps.filter((step): step is AttemptStep => step.kind === 'attempt');

/** Runs of steps between two clearing events (a success or a recovery). */
function betweenClears(steps: readonly Step[]): AttemptStep[][] {
  const runs: AttemptStep[][] = [[]];
  for (const step of steps) {
    if (step.kind === 'attempt') runs[runs.length - 1]?.push(step);
    else runs.push([]);
  }
  return runs;
}

function forAnyHistory(check: (policy: SignInProtectionPolicy, steps: Step[]) => void): void {
  fc.assert(
    fc.property(validPolicy, history, (policy, events) => check(policy, simulate(policy, events))),
    PROPERTY_OPTIONS,
  );
}

describe('lockout transitions: properties over any policy and history', () => {
  it('never allows an attempt while the account is locked', () => {
    forAnyHistory((_policy, steps) => {
      for (const step of attempts(steps)) {
        expect(step.decision.kind === 'refuse').to.equal(isLocked(step.before, step.at));
      }
    });
  });

  it('never locks for longer than maxLockoutSeconds, nor for less than lockoutSeconds', () => {
    forAnyHistory((policy, steps) => {
      for (const step of attempts(steps)) {
        if (step.decision.kind !== 'lock') continue;
        const duration = step.decision.lock.lockedUntil - step.at;
        expect(duration).to.be.at.most(policy.lockout.maxLockoutSeconds * 1000);
        expect(duration).to.be.at.least(policy.lockout.lockoutSeconds * 1000);
        expect(step.after.lockedUntil).to.equal(step.decision.lock.lockedUntil);
      }
    });
  });

  it('leaves nothing counted after a success, unless a lock is active, which it leaves alone', () => {
    forAnyHistory((_policy, steps) => {
      for (const step of steps) {
        if (step.kind !== 'success') continue;
        if (isLocked(step.before, step.at)) {
          expect(step.after).to.deep.equal(step.before);
        } else {
          expect(step.after).to.include({ attemptsInWindow: 0, streak: 0, lockouts: 0 });
        }
      }
    });
  });

  it('changes nothing, lockedUntil included, for attempts during a lock', () => {
    forAnyHistory((_policy, steps) => {
      for (const step of attempts(steps)) {
        if (!isLocked(step.before, step.at)) continue;
        expect(step.after.lockedUntil).to.equal(step.before.lockedUntil);
        expect(step.after).to.deep.equal(step.before);
      }
    });
  });

  it('allows at most maxFailures attempts in one window between two successes', () => {
    forAnyHistory((policy, steps) => {
      for (const run of betweenClears(steps)) {
        const allowedPerWindow = new Map<number | undefined, number>();
        for (const step of run) {
          if (step.decision.kind !== 'allow') continue;
          const window = step.after.windowStartedAt;
          expect(window).to.be.a('number');
          const allowed = (allowedPerWindow.get(window) ?? 0) + 1;
          allowedPerWindow.set(window, allowed);
          expect(allowed).to.be.at.most(policy.lockout.maxFailures);
        }
      }
    });
  });

  it('allows at most twice maxFailures attempts in any span shorter than both the window and the first lockout', () => {
    // A window ends when it lapses or when a lock spends it, so the next one opens at least
    // min(window, lockout) later: such a span touches two windows at most (a fixed window's end and
    // the next one's start can meet, which is why one window's worth is not the bound).
    forAnyHistory((policy, steps) => {
      const spanMs = Math.min(policy.lockout.windowSeconds, policy.lockout.lockoutSeconds) * 1000;
      for (const run of betweenClears(steps)) {
        const allowedAt = run.filter((step) => step.decision.kind === 'allow').map((step) => step.at);
        allowedAt.forEach((at, index) => {
          const inSpan = allowedAt.slice(0, index + 1).filter((earlier) => earlier > at - spanMs);
          expect(inSpan.length).to.be.at.most(2 * policy.lockout.maxFailures);
        });
      }
    });
  });

  it('never shortens a lockout while earlier ones are remembered and no success came between', () => {
    forAnyHistory((policy, steps) => {
      for (const run of betweenClears(steps)) {
        let previous: { at: number; duration: number } | undefined;
        for (const step of run) {
          if (step.decision.kind !== 'lock') continue;
          const duration = step.decision.lock.lockedUntil - step.at;
          if (previous && step.at - previous.at < policy.lockout.backoffMemorySeconds * 1000) {
            expect(duration).to.be.at.least(previous.duration);
          }
          previous = { at: step.at, duration };
        }
      }
    });
  });

  it('lets the first attempt after a recovery through, whatever came before', () => {
    fc.assert(
      fc.property(validPolicy, history, fc.nat({ max: 3_600_000 }), (policy, events, gap) => {
        const sim = new LockoutSimulation(policy);
        let at = T0;
        for (const event of events) {
          at += event.gapMs;
          sim[event.kind](at);
        }
        expect(sim.recovery(at).after).to.deep.equal(NO_ATTEMPTS);
        expect(sim.attempt(at + gap).decision.kind).to.equal('allow');
      }),
      PROPERTY_OPTIONS,
    );
  });

  it('makes lockoutSeconds non-decreasing in the level, from lockoutSeconds up to maxLockoutSeconds', () => {
    const level = fc.oneof(fc.integer({ min: 0, max: 64 }), fc.integer({ min: 0, max: 5000 }), fc.nat());
    fc.assert(
      fc.property(validPolicy, level, level, (policy, a, b) => {
        const [low, high] = a <= b ? [a, b] : [b, a];
        const { lockoutSeconds: base, maxLockoutSeconds: max } = policy.lockout;
        expect(lockoutSeconds(low, policy)).to.be.at.most(lockoutSeconds(high, policy));
        expect(lockoutSeconds(low, policy)).to.be.within(base, max);
        expect(lockoutSeconds(high, policy)).to.be.within(base, max);
      }),
      PROPERTY_OPTIONS,
    );
  });
});

describe('policyProblems', () => {
  it('accepts the defaults', () => {
    expect(policyProblems(DEFAULT_SIGN_IN_PROTECTION)).to.deep.equal([]);
    expect(assertValidPolicy(DEFAULT_SIGN_IN_PROTECTION)).to.equal(DEFAULT_SIGN_IN_PROTECTION);
  });

  it('accepts any policy within the documented ranges', () => {
    fc.assert(
      fc.property(validPolicy, (policy) => {
        expect(policyProblems(policy)).to.deep.equal([]);
      }),
      PROPERTY_OPTIONS,
    );
  });

  type Edit = (policy: SignInProtectionPolicy) => SignInProtectionPolicy;
  const lockout = (field: keyof SignInProtectionPolicy['lockout'], value: number): Edit => (policy) => ({
    ...policy,
    lockout: { ...policy.lockout, [field]: value },
  });
  const forcedReset = (changes: Partial<SignInProtectionPolicy['forcedReset']>): Edit => (policy) => ({
    ...policy,
    forcedReset: { ...policy.forcedReset, ...changes },
  });

  const bad: [string, Edit, string][] = [
    ['maxFailures 0', lockout('maxFailures', 0), 'lockout.maxFailures'],
    ['maxFailures 2.5', lockout('maxFailures', 2.5), 'lockout.maxFailures'],
    ['maxFailures NaN', lockout('maxFailures', Number.NaN), 'lockout.maxFailures'],
    ['windowSeconds 0', lockout('windowSeconds', 0), 'lockout.windowSeconds'],
    ['windowSeconds Infinity', lockout('windowSeconds', Number.POSITIVE_INFINITY), 'lockout.windowSeconds'],
    ['lockoutSeconds -1', lockout('lockoutSeconds', -1), 'lockout.lockoutSeconds'],
    ['maxLockoutSeconds 0', lockout('maxLockoutSeconds', 0), 'lockout.maxLockoutSeconds'],
    ['maxLockoutSeconds below lockoutSeconds', lockout('maxLockoutSeconds', 299), 'lockout.maxLockoutSeconds'],
    ['backoffMemorySeconds -1', lockout('backoffMemorySeconds', -1), 'lockout.backoffMemorySeconds'],
    ['backoffMemorySeconds 0.5', lockout('backoffMemorySeconds', 0.5), 'lockout.backoffMemorySeconds'],
    ['afterLockouts -1', forcedReset({ afterLockouts: -1 }), 'forcedReset.afterLockouts'],
    ['afterFailures 1.5', forcedReset({ afterFailures: 1.5 }), 'forcedReset.afterFailures'],
    ['enabled without a threshold', forcedReset({ enabled: true, afterLockouts: 0, afterFailures: 0 }), 'forcedReset'],
    [
      'an unknown storeFailureMode',
      (policy) => ({ ...policy, storeFailureMode: 'sideways' as unknown as SignInProtectionPolicy['storeFailureMode'] }),
      'storeFailureMode',
    ],
  ];

  for (const [what, edit, field] of bad) {
    it(`rejects ${what}, naming ${field}`, () => {
      const policy = edit(DEFAULT_SIGN_IN_PROTECTION);
      const problems = policyProblems(policy);
      expect(problems).to.have.length.greaterThan(0);
      expect(problems.some((problem) => problem.includes(field))).to.equal(true, problems.join('; '));
      expect(() => assertValidPolicy(policy)).to.throw(InvalidInputError, field);
    });
  }

  it('names every field that is wrong, not only the first', () => {
    const policy = forcedReset({ afterFailures: -2 })(lockout('windowSeconds', 0)(lockout('maxFailures', 0)(DEFAULT_SIGN_IN_PROTECTION)));
    const problems = policyProblems(policy);
    expect(problems).to.have.length(3);
    expect(problems.join('\n')).to.include('lockout.maxFailures').and.include('lockout.windowSeconds').and.include('forcedReset.afterFailures');
  });

  it('rejects any valid policy with one field pushed out of range, naming that field', () => {
    const fields = ['maxFailures', 'windowSeconds', 'lockoutSeconds', 'maxLockoutSeconds', 'backoffMemorySeconds'] as const;
    const outOfRange = fc.oneof(fc.integer({ min: -1000, max: -1 }), fc.double({ min: 0.01, max: 0.99, noNaN: true }), fc.constant(Number.NaN));
    fc.assert(
      fc.property(validPolicy, fc.constantFrom(...fields), outOfRange, (policy, field, value) => {
        const problems = policyProblems(lockout(field, value)(policy));
        expect(problems.some((problem) => problem.includes(`lockout.${field}`))).to.equal(true, problems.join('; '));
      }),
      PROPERTY_OPTIONS,
    );
  });
});
