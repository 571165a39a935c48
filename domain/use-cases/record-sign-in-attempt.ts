import {
  AccountLockedError,
  PasswordResetRequiredError,
  SignInUnavailableError,
  StoreUnavailableError,
  type DomainError,
} from '../errors';
import { normaliseUsername, type AccountRef } from '../model/account';
import { incidentFrom, type Incident } from '../model/incident';
import type { LockEngagement } from '../model/login-attempts';
import type { SignInEvent, SignInOutcome } from '../model/sign-in-event';
import { decideAttempt, type AttemptDecision, type CountedAttempt } from '../policy/lockout-transitions';
import type { SignInProtectionPolicy } from '../policy/sign-in-protection-policy';
import type { AccountKeys } from '../ports/account-keys';
import type { AttemptLedger } from '../ports/attempt-ledger';
import type { AuditTrail } from '../ports/audit-trail';
import type { Clock } from '../ports/clock';
import type { UserDirectory } from '../ports/user-directory';
import { alertTime, type AlertAccountOwner, type AlertOutcome, type AlertRecipient } from './alert-account-owner';

export interface SignInAttemptInput {
  /** Unique per invocation: the audit entry's id. */
  readonly eventId: string;
  readonly poolId: string;
  readonly username: string;
  /** False when the pool reports the username unknown; such attempts are treated exactly alike. */
  readonly accountExists: boolean;
  /** The account's owner, from the event's attributes: whom a lock alert goes to. */
  readonly owner?: AlertRecipient;
}

type Verdict =
  | { readonly verdict: 'allow'; readonly outcome: SignInOutcome }
  | {
      readonly verdict: 'deny';
      readonly outcome: SignInOutcome;
      /** The user-facing error to answer with. */
      readonly denial: DomainError;
    };

export type SignInAttemptResult = Verdict & {
  readonly incidents: readonly Incident[];
  /** With lock alerts on, for the attempt that engaged a lock: what became of the owner's alert. */
  readonly alert?: AlertOutcome;
};

/** A verdict, and the lock this very attempt engaged (the transition into locked), if it did. */
type Decided = Verdict & { readonly engaged?: LockEngagement };

type Settled = { readonly ok: true } | { readonly ok: false; readonly reason: unknown };

const settle = (promise: Promise<void>): Promise<Settled> =>
  promise.then(
    () => ({ ok: true }) as const,
    (reason: unknown) => ({ ok: false, reason }) as const,
  );

/**
 * PreAuthentication: count the attempt and decide whether it may proceed to the password check.
 *
 * The audit entry is written alongside the count, provisionally as the common outcome ('attempt'), so
 * an allowed attempt costs one round trip. Any other outcome is written over it once the decision is
 * known: a rarer path pays the second write. After the store failed to answer, no further store call
 * is made (the outcome is reported as an incident instead), so timeouts cannot add up.
 */
export class RecordSignInAttempt {
  constructor(
    private readonly keys: AccountKeys,
    private readonly ledger: AttemptLedger,
    private readonly audit: AuditTrail,
    private readonly directory: UserDirectory,
    private readonly clock: Clock,
    private readonly policy: SignInProtectionPolicy,
    /** The stack's lock alerts (`gatehouse:alerts.accountLocked`); undefined when they are off. */
    private readonly lockAlerts?: AlertAccountOwner,
  ) {}

  async execute(input: SignInAttemptInput): Promise<SignInAttemptResult> {
    const username = normaliseUsername(input.username);
    const now = this.clock.now();
    const incidents: Incident[] = [];
    let account: AccountRef;
    try {
      account = await this.keys.refFor(username);
    } catch (error) {
      if (!(error instanceof StoreUnavailableError)) throw error;
      incidents.push(incidentFrom(error.code, 'error', error));
      const verdict = this.uncounted();
      incidents.push(incidentFrom('AUDIT_SKIPPED', 'warn', new Error(`audit of '${verdict.outcome}' skipped`)));
      return { ...verdict, incidents };
    }
    const entry = { id: input.eventId, account, at: now, accountExists: input.accountExists };
    const provisional = settle(this.audit.record({ ...entry, outcome: 'attempt' }, { provisional: true }));

    let decided: Decided;
    try {
      decided = await this.decide(account, input, now, incidents);
    } catch (error) {
      // A defect or misconfiguration: the boundary answers with the generic message; the trail says so.
      await provisional;
      await this.audit.record({ ...entry, outcome: 'refused-error' }).catch(() => undefined);
      throw error;
    }
    const { engaged, ...verdict } = decided;
    // Sent alongside the audit writes, so that it adds to the refusal's time only what outlasts them.
    const alerting = engaged === undefined ? undefined : this.alertOwner(account, engaged, input);

    const written = await provisional;
    if (incidents.some((incident) => incident.code === 'STORE_UNAVAILABLE')) {
      // The store just failed to answer in time; another write would wait out its own timeout too.
      if (!written.ok || verdict.outcome !== 'attempt') {
        incidents.push(incidentFrom('AUDIT_SKIPPED', 'warn', new Error(`audit of '${verdict.outcome}' skipped`)));
      }
    } else if (!written.ok || verdict.outcome !== 'attempt') {
      await this.recordFinal({ ...entry, outcome: verdict.outcome }, incidents);
    }
    if (alerting === undefined) return { ...verdict, incidents };
    const alerted = await alerting;
    incidents.push(...alerted.incidents);
    return { ...verdict, incidents, alert: alerted.outcome };
  }

  /**
   * Tells the owner their account was locked: only for the attempt that engaged the lock (one per lock,
   * since engaging it is conditional), only for an account that exists (an unknown username has no owner
   * to tell, and a mail would reveal which usernames are real), and once per lock however often Cognito
   * delivers the attempt (keyed on the account and the lock's end). It never changes the verdict.
   */
  private alertOwner(account: AccountRef, lock: LockEngagement, input: SignInAttemptInput) {
    if (this.lockAlerts === undefined || !input.accountExists) return undefined;
    return this.lockAlerts.execute({
      alert: 'account-locked',
      account,
      occasion: String(lock.lockedUntil),
      recipient: input.owner ?? { emailVerified: false },
      values: { unlocksAt: alertTime(lock.lockedUntil, 'up') },
    });
  }

  private async recordFinal(event: SignInEvent, incidents: Incident[]): Promise<void> {
    try {
      await this.audit.record(event);
    } catch (cause) {
      incidents.push(incidentFrom('AUDIT_FAILED', 'warn', new Error(`audit of '${event.outcome}' failed`, { cause })));
    }
  }

  private async decide(account: AccountRef, input: SignInAttemptInput, now: number, incidents: Incident[]): Promise<Decided> {
    let counted: CountedAttempt;
    try {
      counted = await this.ledger.countAttempt(account, now, this.policy.lockout.windowSeconds);
    } catch (error) {
      if (!(error instanceof StoreUnavailableError)) throw error;
      incidents.push(incidentFrom(error.code, 'error', error));
      return this.uncounted();
    }
    return this.apply(decideAttempt(counted, this.policy, now), account, input, now, incidents);
  }

  /** The stack's choice, which applies only when the attempt could not be counted at all. */
  private uncounted(): Verdict {
    return this.policy.storeFailureMode === 'open'
      ? { verdict: 'allow', outcome: 'unprotected' }
      : { verdict: 'deny', outcome: 'refused-unavailable', denial: new SignInUnavailableError() };
  }

  private async apply(
    decision: AttemptDecision,
    account: AccountRef,
    input: SignInAttemptInput,
    now: number,
    incidents: Incident[],
  ): Promise<Decided> {
    switch (decision.kind) {
      case 'allow':
        return { verdict: 'allow', outcome: 'attempt' };
      case 'refuse':
        return {
          verdict: 'deny',
          outcome: 'rejected',
          denial: decision.resetRequired ? new PasswordResetRequiredError() : new AccountLockedError(),
        };
      case 'lock': {
        let engaged: boolean;
        try {
          engaged = await this.ledger.engageLock(account, decision.lock, now);
        } catch (error) {
          // The count answered and this attempt is over the limit: refuse it even in open mode.
          if (!(error instanceof StoreUnavailableError)) throw error;
          incidents.push(incidentFrom(error.code, 'error', error));
          return { verdict: 'deny', outcome: 'rejected', denial: new AccountLockedError() };
        }
        if (!decision.lock.forceReset) {
          return engaged
            ? { verdict: 'deny', outcome: 'lockout', denial: new AccountLockedError(), engaged: decision.lock }
            : { verdict: 'deny', outcome: 'rejected', denial: new AccountLockedError() };
        }
        if (!engaged) {
          return { verdict: 'deny', outcome: 'rejected', denial: new PasswordResetRequiredError() };
        }
        // Unknown usernames get the same answer; there is simply nobody to send a code to.
        if (input.accountExists) {
          try {
            await this.directory.requirePasswordReset({ poolId: input.poolId, username: input.username });
          } catch (error) {
            // The lock stands as a plain lockout: nobody should be told to look for a code never sent.
            incidents.push(incidentFrom('FORCED_RESET_FAILED', 'error', error));
            await this.ledger.withdrawResetRequirement(account).catch((withdrawError: unknown) => {
              incidents.push(incidentFrom('WITHDRAW_RESET_FAILED', 'error', withdrawError));
            });
            // A plain lockout now, whose owner is told like any other's.
            return { verdict: 'deny', outcome: 'lockout', denial: new AccountLockedError(), engaged: { ...decision.lock, forceReset: false } };
          }
        }
        // No lock alert: Cognito's reset code is the owner's notice, and "it unlocks at …" would mislead
        // them (their password no longer works).
        return { verdict: 'deny', outcome: 'forced-reset', denial: new PasswordResetRequiredError() };
      }
    }
  }
}
