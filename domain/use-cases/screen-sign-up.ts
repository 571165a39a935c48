import {
  DisposableEmailAddressError,
  EmailDomainBlockedError,
  EmailDomainNotAllowedError,
  HumanVerificationFailedError,
  HumanVerificationMissingError,
  InvalidEmailAddressError,
  SignUpUnavailableError,
  type DomainError,
} from '../errors';
import { normaliseUsername } from '../model/account';
import { incidentFrom, type Incident } from '../model/incident';
import { decideHumanCheck, type HumanCheckFailureMode, type HumanCheckRefusal } from '../policy/human-check';
import { decideSignUp, type SignUpPolicy, type SignUpRefusal, type SignUpSource } from '../policy/sign-up-policy';
import type { AccountKeys } from '../ports/account-keys';
import type { Clock } from '../ports/clock';
import type { DisposableDomains } from '../ports/disposable-domains';
import type { HumanVerifier } from '../ports/human-verifier';
import type { ReminderScheduler } from '../ports/reminder-scheduler';

export interface SignUpScreeningInput {
  readonly email: string | undefined;
  readonly source: SignUpSource;
  /** The captcha token the client sent, if any (untrusted). */
  readonly captchaToken?: string;
  /** Who is signing up and through which app client: what the reminder workflow needs. */
  readonly pool?: { readonly poolId: string; readonly clientId: string | undefined; readonly username: string };
}

export type SignUpScreeningOutcome = SignUpRefusal | HumanCheckRefusal;

export type SignUpScreeningResult =
  | {
      readonly verdict: 'allow';
      readonly outcome: 'screened' | 'trusted';
      /** Whether a reminder workflow follows this sign-up. */
      readonly reminder: 'started' | 'already-started' | 'none';
      readonly incidents: readonly Incident[];
    }
  | {
      readonly verdict: 'deny';
      readonly outcome: SignUpScreeningOutcome;
      readonly denial: DomainError;
      readonly incidents: readonly Incident[];
    };

const DENIALS: Record<SignUpScreeningOutcome, () => DomainError> = {
  'invalid-email': () => new InvalidEmailAddressError(),
  'domain-blocked': () => new EmailDomainBlockedError(),
  'domain-not-allowed': () => new EmailDomainNotAllowedError(),
  disposable: () => new DisposableEmailAddressError(),
  'captcha-missing': () => new HumanVerificationMissingError(),
  'captcha-failed': () => new HumanVerificationFailedError(),
  'captcha-unavailable': () => new SignUpUnavailableError(),
};

export interface HumanCheck {
  readonly verifier: HumanVerifier;
  readonly whenUnavailable: HumanCheckFailureMode;
}

export interface Reminders {
  readonly scheduler: ReminderScheduler;
  readonly keys: AccountKeys;
  readonly clock: Clock;
}

export interface ScreenSignUpOptions {
  /** The captcha, when the stack has one. */
  readonly humanCheck?: HumanCheck;
  /** The reminder workflow, when the stack has one. */
  readonly reminders?: Reminders;
}

/**
 * PreSignUp: decide whether an account may be created for this address, before it exists. The domain
 * rules come first (they cost nothing), then the captcha, which only a self sign-up carries: an
 * administrator creating a user and a federated sign-up have no widget to solve. An accepted self
 * sign-up then starts its reminder workflow; that is bookkeeping, so a failure there is reported and
 * the sign-up goes on.
 */
export class ScreenSignUp {
  constructor(
    private readonly disposable: DisposableDomains,
    private readonly policy: SignUpPolicy,
    private readonly options: ScreenSignUpOptions = {},
  ) {}

  async execute(input: SignUpScreeningInput): Promise<SignUpScreeningResult> {
    const incidents: Incident[] = [];
    const decision = decideSignUp(input.email, input.source, this.policy, (domain) => this.disposable.isDisposable(domain));
    if (decision.kind === 'refuse') return this.deny(decision.reason, incidents);

    const { humanCheck, reminders } = this.options;
    if (humanCheck && input.source === 'sign-up') {
      const token = input.captchaToken?.trim();
      const verdict = token ? await humanCheck.verifier.verify(token) : 'no-token';
      const check = decideHumanCheck(verdict, humanCheck.whenUnavailable);
      if (verdict !== 'no-token' && verdict.outcome === 'unavailable') {
        const severity = verdict.misconfigured || check.kind === 'pass' ? 'error' : 'warn';
        incidents.push(incidentFrom('CAPTCHA_UNAVAILABLE', severity, new Error(`captcha provider: ${verdict.reason}`)));
      }
      if (check.kind === 'refuse') return this.deny(check.reason, incidents);
    }

    let reminder: 'started' | 'already-started' | 'none' = 'none';
    if (reminders && input.source === 'sign-up' && input.pool) {
      reminder = await this.startReminders(reminders, input.pool, incidents);
    }
    return { verdict: 'allow', outcome: decision.screened ? 'screened' : 'trusted', reminder, incidents };
  }

  private deny(outcome: SignUpScreeningOutcome, incidents: readonly Incident[]): SignUpScreeningResult {
    return { verdict: 'deny', outcome, denial: DENIALS[outcome](), incidents };
  }

  private async startReminders(
    reminders: Reminders,
    pool: NonNullable<SignUpScreeningInput['pool']>,
    incidents: Incident[],
  ): Promise<'started' | 'already-started' | 'none'> {
    if (pool.clientId === undefined || pool.clientId.length === 0) {
      // Without the app client no fresh code can be sent: the reminder would be useless.
      incidents.push(incidentFrom('REMINDER_NOT_STARTED', 'warn', new Error('the sign-up names no app client')));
      return 'none';
    }
    try {
      const account = await reminders.keys.refFor(normaliseUsername(pool.username));
      return await reminders.scheduler.schedule({
        poolId: pool.poolId,
        clientId: pool.clientId,
        username: pool.username,
        accountKey: account.key,
        at: reminders.clock.now(),
      });
    } catch (error) {
      incidents.push(incidentFrom('REMINDER_NOT_STARTED', 'warn', error));
      return 'none';
    }
  }
}
