import {
  clearAfterRecovery,
  clearAfterSuccess,
  countAttempt,
  decideAttempt,
  engageLock,
  isLocked,
  NO_ATTEMPTS,
  type AttemptDecision,
  type LoginAttempts,
  type SignInProtectionPolicy,
} from '../../../domain';

export interface AttemptStep {
  readonly kind: 'attempt';
  readonly at: number;
  readonly before: LoginAttempts;
  readonly after: LoginAttempts;
  readonly decision: AttemptDecision;
}

export interface ClearStep {
  readonly kind: 'success' | 'recovery';
  readonly at: number;
  readonly before: LoginAttempts;
  readonly after: LoginAttempts;
}

export type Step = AttemptStep | ClearStep;

/**
 * One account's state driven through the pure transitions the way a ledger and the use cases drive
 * them: count, decide, and engage the lock when the decision says so.
 */
export class LockoutSimulation {
  state: LoginAttempts = NO_ATTEMPTS;
  readonly steps: Step[] = [];

  constructor(readonly policy: SignInProtectionPolicy) {}

  attempt(at: number): AttemptStep {
    const before = this.state;
    const counted = countAttempt(before, at, this.policy.lockout.windowSeconds);
    const decision = decideAttempt(counted, this.policy, at);
    let after = counted.state;
    if (decision.kind === 'lock' && !isLocked(after, at)) after = engageLock(after, decision.lock, at);
    return this.push({ kind: 'attempt', at, before, after, decision });
  }

  success(at: number): ClearStep {
    return this.push({ kind: 'success', at, before: this.state, after: clearAfterSuccess(this.state, at) });
  }

  recovery(at: number): ClearStep {
    return this.push({ kind: 'recovery', at, before: this.state, after: clearAfterRecovery() });
  }

  /** `count` attempts at the same instant; the decision kinds in order. */
  attempts(count: number, at: number): AttemptDecision['kind'][] {
    return Array.from({ length: count }, () => this.attempt(at).decision.kind);
  }

  private push<S extends Step>(step: S): S {
    this.steps.push(step);
    this.state = step.after;
    return step;
  }
}
