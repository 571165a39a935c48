import { normaliseUsername } from '../model/account';
import { incidentFrom, type Incident } from '../model/incident';
import type { AccountKeys } from '../ports/account-keys';
import type { AttemptLedger } from '../ports/attempt-ledger';
import type { AuditTrail } from '../ports/audit-trail';
import type { Clock } from '../ports/clock';

export interface RecoveryInput {
  /** Unique per invocation: the audit entry's id. */
  readonly eventId: string;
  readonly username: string;
}

export interface RecoveryResult {
  readonly incidents: readonly Incident[];
}

/**
 * PostConfirmation after a forgotten password was reset: recovery beats lockout, so the account's
 * lock and counters are cleared. The reset has already happened and cannot be undone by an error
 * here, so failures are reported, not thrown.
 */
export class ClearLockoutAfterRecovery {
  constructor(
    private readonly keys: AccountKeys,
    private readonly ledger: AttemptLedger,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
  ) {}

  async execute(input: RecoveryInput): Promise<RecoveryResult> {
    const username = normaliseUsername(input.username);
    const now = this.clock.now();
    let account;
    try {
      account = await this.keys.refFor(username);
    } catch (error) {
      return { incidents: [incidentFrom('ACCOUNT_KEY_FAILED', 'error', error)] };
    }
    const [cleared, audited] = await Promise.allSettled([
      this.ledger.clearAfterRecovery(account),
      this.audit.record({ id: input.eventId, account, outcome: 'recovery', at: now, accountExists: true }),
    ]);
    const incidents: Incident[] = [];
    if (cleared.status === 'rejected') incidents.push(incidentFrom('CLEAR_LOCKOUT_FAILED', 'error', cleared.reason));
    if (audited.status === 'rejected') incidents.push(incidentFrom('AUDIT_FAILED', 'warn', audited.reason));
    return { incidents };
  }
}
