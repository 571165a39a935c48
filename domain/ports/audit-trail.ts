import type { SignInEvent } from '../model/sign-in-event';

/** A retained, append-only trail of sign-in outcomes per account. */
export interface AuditTrail {
  record(event: SignInEvent): Promise<void>;
}
