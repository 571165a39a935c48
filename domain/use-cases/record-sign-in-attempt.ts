import {
  AccountLockedError,
  PasswordResetRequiredError,
  SignInUnavailableError,
  StoreUnavailableError,
  type DomainError,
} from '../errors';
import { accountRef, type AccountRef } from '../model/account';
import { incidentFrom, type Incident } from '../model/incident';
import type { SignInOutcome } from '../model/sign-in-event';
import { decideAttempt, type AttemptDecision, type CountedAttempt } from '../policy/lockout-transitions';
import type { SignInProtectionPolicy } from '../policy/sign-in-protection-policy';
import type { AttemptLedger } from '../ports/attempt-ledger';
import type { AuditTrail } from '../ports/audit-trail';
import type { Clock } from '../ports/clock';
import type { UserDirectory } from '../ports/user-directory';

export interface SignInAttemptInput {
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

/**
 * PreAuthentication: count the attempt and decide whether it may proceed to the password check.
 * On the common path this is one ledger call and one audit write. After a store failure it makes no
 * further store call, so that two timeouts in a row cannot exceed Cognito's budget.
 */
export class RecordSignInAttempt {
  constructor(
    private readonly ledger: AttemptLedger,
    private readonly audit: AuditTrail,
    private readonly directory: UserDirectory,
    private readonly clock: Clock,
    private readonly policy: SignInProtectionPolicy,
  ) {}

  async execute(input: SignInAttemptInput): Promise<SignInAttemptResult> {
    const account = accountRef(input.username);
    const now = this.clock.now();
    const incidents: Incident[] = [];

    let verdict: Verdict;
    let counted: CountedAttempt | undefined;
    try {
      counted = await this.ledger.countAttempt(account, now, this.policy.lockout.windowSeconds);
    } catch (error) {
      if (!(error instanceof StoreUnavailableError)) throw error;
      incidents.push(incidentFrom(error.code, 'error', error));
    }
    if (counted) {
      verdict = await this.apply(decideAttempt(counted, this.policy, now), account, input, now, incidents);
    } else {
      // The stack's choice applies only when the attempt could not be counted at all.
      verdict =
        this.policy.storeFailureMode === 'open'
          ? { verdict: 'allow', outcome: 'unprotected' }
          : { verdict: 'deny', outcome: 'refused-unavailable', denial: new SignInUnavailableError() };
    }

    if (incidents.some((incident) => incident.code === 'STORE_UNAVAILABLE')) {
      // A store that just failed would make the audit write wait out its own timeout too, and Cognito
      // waits five seconds at most. The outcome is reported with the incident (and logged) instead.
      incidents.push(incidentFrom('AUDIT_SKIPPED', 'warn', new Error(`audit of '${verdict.outcome}' skipped`)));
    } else {
      try {
        await this.audit.record({ account, outcome: verdict.outcome, at: now, accountExists: input.accountExists });
      } catch (error) {
        incidents.push(incidentFrom('AUDIT_FAILED', 'warn', error));
      }
    }
    return { ...verdict, incidents };
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
