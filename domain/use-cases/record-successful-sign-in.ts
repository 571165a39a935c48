import { normaliseUsername } from '../model/account';
import { incidentFrom, type Incident } from '../model/incident';
import type { AccountKeys } from '../ports/account-keys';
import type { AccountStore } from '../ports/account-store';
import type { AttemptLedger } from '../ports/attempt-ledger';
import type { AuditTrail } from '../ports/audit-trail';
import type { Clock } from '../ports/clock';

export interface SuccessfulSignInInput {
  /** Unique per invocation: the audit entry's id. */
  readonly eventId: string;
  readonly username: string;
  readonly sub?: string;
  readonly email?: string;
}

export interface SuccessfulSignInResult {
  readonly incidents: readonly Incident[];
}

/**
 * PostAuthentication: the password was right. Clear the attempt count and record the sign-in.
 * Nothing here may fail the sign-in, so every step is tolerated and reported; the three writes are
 * independent and go out together (one round trip).
 */
export class RecordSuccessfulSignIn {
  constructor(
    private readonly keys: AccountKeys,
    private readonly ledger: AttemptLedger,
    private readonly accounts: AccountStore,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
  ) {}

  async execute(input: SuccessfulSignInInput): Promise<SuccessfulSignInResult> {
    const username = normaliseUsername(input.username);
    const now = this.clock.now();
    let account;
    try {
      account = await this.keys.refFor(username);
    } catch (error) {
      return { incidents: [incidentFrom('ACCOUNT_KEY_FAILED', 'error', error)] };
    }
    const [cleared, recorded, audited] = await Promise.allSettled([
      this.ledger.clearAfterSuccess(account, now),
      this.accounts.recordSignIn({ account, username, sub: input.sub, email: input.email, at: now }),
      this.audit.record({ id: input.eventId, account, outcome: 'success', at: now, accountExists: true }),
    ]);
    const incidents: Incident[] = [];
    if (cleared.status === 'rejected') incidents.push(incidentFrom('CLEAR_ATTEMPTS_FAILED', 'error', cleared.reason));
    if (recorded.status === 'rejected') incidents.push(incidentFrom('RECORD_SIGN_IN_FAILED', 'warn', recorded.reason));
    if (audited.status === 'rejected') incidents.push(incidentFrom('AUDIT_FAILED', 'warn', audited.reason));
    return { incidents };
  }
}
