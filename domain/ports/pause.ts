/** Waits: what lets a use case answer no sooner than a given time (equal timing for unequal work). */
export interface Pause {
  /** Resolves at `epochMs`, at once when it has passed. */
  until(epochMs: number): Promise<void>;
}
