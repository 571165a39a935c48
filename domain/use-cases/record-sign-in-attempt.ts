import {
  AccountLockedError,
  PasswordResetRequiredError,
  SignInUnavailableError,
  StoreUnavailableError,
  type DomainError,
} from '../errors';
import { normaliseUsername, type AccountRef } from '../model/account';
import { incidentFrom, type Incident } from '../model/incident';
import type { SignInEvent, SignInOutcome } from '../model/sign-in-event';
import { decideAttempt, type AttemptDecision, type CountedAttempt } from '../policy/lockout-transitions';
import type { SignInProtectionPolicy } from '../policy/sign-in-protection-policy';
import type { AccountKeys } from '../ports/account-keys';
import type { AttemptLedger } from '../ports/attempt-ledger';
import type { AuditTrail } from '../ports/audit-trail';
import type { Clock } from '../ports/clock';
import type { UserDirectory } from '../ports/user-directory';

export interface SignInAttemptInput {
  /** Unique per invocation: the audit entry's id. */
  readonly eventId: string;
  readonly poolId: string;
  readonly username: string;
  /** False when the pool reports the username unknown; such attempts are treated exactly alike. */
  readonly accountExists: boolean;
}

type Verdict =
  | { readonly verdict: 'allow'; readonly outcome: SignInOutcome }
  | {
      readonly verdict: 'deny';
      readonly outcome: SignInOutcome;
      /** The user-facing error to answer with. */
      readonly denial: DomainError;
    };

export type SignInAttemptResult = Verdict & { readonly incidents: readonly Incident[] };

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

    let verdict: Verdict;
    try {
      verdict = await this.decide(account, input, now, incidents);
    } catch (error) {
      // A defect or misconfiguration: the boundary answers with the generic message; the trail says so.
      await provisional;
      await this.audit.record({ ...entry, outcome: 'refused-error' }).catch(() => undefined);
      throw error;
    }

    const written = await provisional;
    if (incidents.some((incident) => incident.code === 'STORE_UNAVAILABLE')) {
      // The store just failed to answer in time; another write would wait out its own timeout too.
      if (!written.ok || verdict.outcome !== 'attempt') {
        incidents.push(incidentFrom('AUDIT_SKIPPED', 'warn', new Error(`audit of '${verdict.outcome}' skipped`)));
      }
    } else if (!written.ok || verdict.outcome !== 'attempt') {
      await this.recordFinal({ ...entry, outcome: verdict.outcome }, incidents);
    }
    return { ...verdict, incidents };
  }

  private async recordFinal(event: SignInEvent, incidents: Incident[]): Promise<void> {
    try {
      await this.audit.record(event);
    } catch (cause) {
      incidents.push(incidentFrom('AUDIT_FAILED', 'warn', new Error(`audit of '${event.outcome}' failed`, { cause })));
    }
  }

  private async decide(account: AccountRef, input: SignInAttemptInput, now: number, incidents: Incident[]): Promise<Verdict> {
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
  ): Promise<Verdict> {
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
          return { verdict: 'deny', outcome: engaged ? 'lockout' : 'rejected', denial: new AccountLockedError() };
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
            return { verdict: 'deny', outcome: 'lockout', denial: new AccountLockedError() };
          }
        }
        return { verdict: 'deny', outcome: 'forced-reset', denial: new PasswordResetRequiredError() };
      }
    }
  }
}
