/**
 * Runs a side effect at most once per key, however often Cognito delivers the event that causes it
 * (it retries synchronous triggers, and delivers asynchronous ones more than once). Implementations
 * keep a record per key that expires after a while; the work of a failed run is released so that a
 * retry can do it.
 */
export interface OnceOnly {
  /**
   * `done`: this call did the work; `already-done`: an earlier call did; `in-progress`: another call
   * is doing it right now. Rethrows the work's own error; throws `StoreUnavailableError` or
   * `StoreRejectedError` when the record cannot be kept (the work is then not done).
   */
  run(key: string, work: () => Promise<void>): Promise<'done' | 'already-done' | 'in-progress'>;
}
