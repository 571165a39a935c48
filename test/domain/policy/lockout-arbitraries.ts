import fc from 'fast-check';
import type { SignInProtectionPolicy } from '../../../domain';

/**
 * A fixed seed keeps every run of the suite identical; set FC_SEED to explore other histories (a failure
 * prints the seed and path that reproduce it).
 */
export const PROPERTY_OPTIONS: { readonly numRuns: number; readonly seed: number } = {
  numRuns: 300,
  seed: process.env.FC_SEED === undefined ? 20_261_123 : Number(process.env.FC_SEED),
};

/** Every policy `policyProblems` should accept, biased towards short windows and locks so they lapse often. */
export const validPolicy: fc.Arbitrary<SignInProtectionPolicy> = fc
  .record({
    maxFailures: fc.integer({ min: 1, max: 8 }),
    windowSeconds: fc.integer({ min: 1, max: 1800 }),
    lockoutSeconds: fc.integer({ min: 1, max: 900 }),
    capAbove: fc.integer({ min: 0, max: 7200 }),
    backoffMemorySeconds: fc.integer({ min: 0, max: 2 * 86_400 }),
    enabled: fc.boolean(),
    afterLockouts: fc.integer({ min: 0, max: 5 }),
    afterFailures: fc.integer({ min: 0, max: 30 }),
    storeFailureMode: fc.constantFrom('open' as const, 'closed' as const),
  })
  .map((p) => ({
    lockout: {
      maxFailures: p.maxFailures,
      windowSeconds: p.windowSeconds,
      lockoutSeconds: p.lockoutSeconds,
      maxLockoutSeconds: p.lockoutSeconds + p.capAbove,
      backoffMemorySeconds: p.backoffMemorySeconds,
    },
    forcedReset: {
      // Enabled with both thresholds at 0 is the one invalid combination of these ranges.
      enabled: p.enabled && (p.afterLockouts > 0 || p.afterFailures > 0),
      afterLockouts: p.afterLockouts,
      afterFailures: p.afterFailures,
    },
    storeFailureMode: p.storeFailureMode,
  }));

export type EventKind = 'attempt' | 'success' | 'recovery';

export interface TimedEvent {
  readonly kind: EventKind;
  /** Milliseconds since the previous event: times never go backwards. */
  readonly gapMs: number;
}

const eventKind: fc.Arbitrary<EventKind> = fc.oneof(
  { arbitrary: fc.constant('attempt' as const), weight: 12 },
  { arbitrary: fc.constant('success' as const), weight: 1 },
  { arbitrary: fc.constant('recovery' as const), weight: 1 },
);

// Gaps at every scale that matters (bursts, windows, locks, backoff memory), mostly bursts so that
// histories reach lockouts and high backoff levels.
const gapMs: fc.Arbitrary<number> = fc.oneof(
  { arbitrary: fc.constant(0), weight: 4 },
  { arbitrary: fc.integer({ min: 0, max: 2_000 }), weight: 4 },
  { arbitrary: fc.integer({ min: 0, max: 20 * 60_000 }), weight: 2 },
  { arbitrary: fc.integer({ min: 0, max: 3 * 3_600_000 }), weight: 1 },
  { arbitrary: fc.integer({ min: 0, max: 3 * 86_400_000 }), weight: 1 },
);

export const history: fc.Arbitrary<TimedEvent[]> = fc.array(fc.record({ kind: eventKind, gapMs }), { maxLength: 120, size: 'max' });
