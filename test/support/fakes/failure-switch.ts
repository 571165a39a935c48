import { StoreUnavailableError } from '../../../domain';

interface Armed<M extends string> {
  remaining: number;
  readonly only: M | undefined;
  readonly error: () => unknown;
}

export interface FailureOptions<M extends string> {
  /** How many matching calls fail; `Infinity` until `heal()`. Defaults to 1. */
  readonly times?: number;
  /** Fail only this method; any method by default. */
  readonly only?: M;
  /** What the failing calls throw; a `StoreUnavailableError` by default. */
  readonly error?: () => unknown;
}

/**
 * Lets a test make the next call(s) of an in-memory port fail, the way a store that cannot be reached
 * in time does, without stubbing the fake's behaviour away.
 */
export class FailureSwitch<M extends string> {
  private armed: Armed<M> | undefined;

  failNext(options: FailureOptions<M> = {}): void {
    const only = options.only;
    const times = options.times ?? 1;
    if (times <= 0) {
      this.armed = undefined;
      return;
    }
    this.armed = {
      remaining: times,
      only,
      error: options.error ?? (() => new StoreUnavailableError(`simulated store failure${only ? ` in ${only}` : ''}`)),
    };
  }

  heal(): void {
    this.armed = undefined;
  }

  /** Throws when the call to `method` is armed to fail. */
  check(method: M): void {
    const armed = this.armed;
    if (armed === undefined || (armed.only !== undefined && armed.only !== method)) return;
    armed.remaining -= 1;
    if (armed.remaining <= 0) this.armed = undefined;
    throw armed.error();
  }
}
