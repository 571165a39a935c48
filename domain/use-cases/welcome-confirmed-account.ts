import { normaliseUsername } from '../model/account';
import { incidentFrom, type Incident } from '../model/incident';
import type { AccountKeys } from '../ports/account-keys';
import type { AccountStore } from '../ports/account-store';
import type { Clock } from '../ports/clock';
import type { Mailer } from '../ports/mailer';
import type { MessageTemplates } from '../ports/message-templates';
import type { OnceOnly } from '../ports/once-only';

export interface ConfirmedSignUp {
  readonly poolId: string;
  readonly username: string;
  readonly sub?: string;
  readonly email?: string;
  /** The user's `locale` attribute, if any. */
  readonly locale?: string;
  /** How the welcome mail greets the user: their `name` or `given_name`, if any. */
  readonly name?: string;
}

export type WelcomeOutcome = 'sent' | 'already-sent' | 'in-progress' | 'failed' | 'off' | 'no-address';

export interface WelcomeResult {
  readonly record: 'created' | 'existing' | 'failed';
  readonly welcome: WelcomeOutcome;
  readonly incidents: readonly Incident[];
}

export interface WelcomeMail {
  readonly mailer: Mailer;
  readonly templates: MessageTemplates;
  readonly once: OnceOnly;
  /** The product's name, as the mail shows it. */
  readonly appName: string;
}

/**
 * PostConfirmation after a sign-up: the account's record is created (merged into what sign-in
 * protection may already keep for it) and the welcome mail goes out, each exactly once however often
 * Cognito delivers the event. Cognito has confirmed the user before this runs and an error here would
 * not undo that — it would only show the user an error after a successful confirmation — so failures
 * are reported as incidents, never thrown.
 */
export class WelcomeConfirmedAccount {
  constructor(
    private readonly keys: AccountKeys,
    private readonly accounts: AccountStore,
    private readonly clock: Clock,
    private readonly mail?: WelcomeMail,
  ) {}

  async execute(input: ConfirmedSignUp): Promise<WelcomeResult> {
    const incidents: Incident[] = [];
    const [record, welcome] = await Promise.all([this.record(input, incidents), this.welcome(input, incidents)]);
    return { record, welcome, incidents };
  }

  private async record(input: ConfirmedSignUp, incidents: Incident[]): Promise<WelcomeResult['record']> {
    try {
      const account = await this.keys.refFor(normaliseUsername(input.username));
      return await this.accounts.recordConfirmation({
        account,
        username: input.username,
        ...(input.sub === undefined ? {} : { sub: input.sub }),
        ...(input.email === undefined ? {} : { email: input.email }),
        at: this.clock.now(),
      });
    } catch (error) {
      incidents.push(incidentFrom('ACCOUNT_RECORD_FAILED', 'error', error));
      return 'failed';
    }
  }

  private async welcome(input: ConfirmedSignUp, incidents: Incident[]): Promise<WelcomeOutcome> {
    const mail = this.mail;
    if (mail === undefined) return 'off';
    const to = input.email;
    if (to === undefined || to.length === 0) return 'no-address';
    try {
      // One welcome per user of the pool: the sub never changes, a username may be reused after deletion.
      const key = `welcome#${input.poolId}#${input.sub ?? input.username}`;
      const outcome = await mail.once.run(key, async () => {
        const rendered = mail.templates.renderMail('welcome', input.locale, {
          name: input.name ?? '',
          email: to,
          appName: mail.appName,
        });
        await mail.mailer.send({ to, subject: rendered.subject, html: rendered.html, text: rendered.text });
      });
      return outcome === 'done' ? 'sent' : outcome === 'already-done' ? 'already-sent' : 'in-progress';
    } catch (error) {
      incidents.push(incidentFrom('WELCOME_MAIL_FAILED', 'error', error));
      return 'failed';
    }
  }
}
