import type { SignInEvent } from '../model/sign-in-event';

export interface AuditOptions {
  /**
   * Written before the outcome is known, alongside the decision, so that the common path costs one
   * round trip: an entry already recorded under the same id (the final outcome) wins over it.
   */
  readonly provisional?: boolean;
}

/** A retained trail of sign-in outcomes per account, one entry per event id. */
export interface AuditTrail {
  record(event: SignInEvent, options?: AuditOptions): Promise<void>;
}
