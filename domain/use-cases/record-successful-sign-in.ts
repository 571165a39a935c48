import { normaliseUsername } from '../model/account';
import { incidentFrom, type Incident } from '../model/incident';
import type { AccountKeys } from '../ports/account-keys';
import type { AccountStore } from '../ports/account-store';
import type { AttemptLedger } from '../ports/attempt-ledger';
import type { AuditTrail } from '../ports/audit-trail';
import type { Clock } from '../ports/clock';
import { alertTime, type AlertAccountOwner, type AlertOutcome, type AlertRecipient } from './alert-account-owner';

export interface SuccessfulSignInInput {
  /** Unique per invocation: the audit entry's id. */
  readonly eventId: string;
  readonly username: string;
  readonly sub?: string;
  readonly email?: string;
  /** Cognito's `newDeviceUsed`: set (true) only with device tracking on, for a device it did not know. */
  readonly newDevice?: boolean;
  /** The account's owner, from the event's attributes: whom a new-device alert goes to. */
  readonly owner?: AlertRecipient;
}

export interface SuccessfulSignInResult {
  readonly incidents: readonly Incident[];
  /** With new-device alerts on, for a sign-in from a new device: what became of the owner's alert. */
  readonly alert?: AlertOutcome;
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
    /** The stack's new-device alerts (`gatehouse:alerts.newDevice`); undefined when they are off. */
    private readonly newDeviceAlerts?: AlertAccountOwner,
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
    // The alert goes out alongside the writes; it never throws, so it cannot fail the sign-in.
    const alerting =
      input.newDevice === true && this.newDeviceAlerts !== undefined
        ? this.newDeviceAlerts.execute({
            alert: 'new-device',
            account,
            // One record per account: a retry of this sign-in finds it, and so does another new device
            // within the record's lifetime, whose alert would tell the owner nothing the first did not.
            occasion: '',
            recipient: input.owner ?? { emailVerified: false },
            // Cognito tells a trigger that the device is new, not what it is: the templates leave it out.
            values: { device: '', signedInAt: alertTime(now, 'down') },
          })
        : undefined;
    const [cleared, recorded, audited] = await Promise.allSettled([
      this.ledger.clearAfterSuccess(account, now),
      this.accounts.recordSignIn({ account, username, sub: input.sub, email: input.email, at: now }),
      this.audit.record({ id: input.eventId, account, outcome: 'success', at: now, accountExists: true }),
    ]);
    const incidents: Incident[] = [];
    if (cleared.status === 'rejected') incidents.push(incidentFrom('CLEAR_ATTEMPTS_FAILED', 'error', cleared.reason));
    if (recorded.status === 'rejected') incidents.push(incidentFrom('RECORD_SIGN_IN_FAILED', 'warn', recorded.reason));
    if (audited.status === 'rejected') incidents.push(incidentFrom('AUDIT_FAILED', 'warn', audited.reason));
    if (alerting === undefined) return { incidents };
    const alerted = await alerting;
    return { incidents: [...incidents, ...alerted.incidents], alert: alerted.outcome };
  }
}
