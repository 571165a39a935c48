import type { AccountRef } from '../model/account';
import { incidentFrom, type Incident } from '../model/incident';
import type { Mailer } from '../ports/mailer';
import type { AlertMessages } from '../ports/message-templates';
import type { OnceOnly } from '../ports/once-only';

/** The alerts sent on the owner's own activity: a lock engaged on their account, a sign-in from a new device. */
export type OwnerAlertName = 'account-locked' | 'new-device';

/** The account's owner as the event describes them (their attributes); nothing here is logged. */
export interface AlertRecipient {
  readonly email?: string;
  /** Cognito's `email_verified`: only an address the owner proved is theirs is written to. */
  readonly emailVerified: boolean;
  readonly locale?: string;
  /** How the alert greets them: their `given_name` or `name`, if any. */
  readonly name?: string;
}

export interface OwnerAlert {
  readonly alert: OwnerAlertName;
  readonly account: AccountRef;
  /**
   * What makes this alert one of its own, with the account: a lock's end for `account-locked` (every
   * attempt and every retry of one lock names the same), empty for `new-device` (its record's lifetime
   * sets the pace). Never a username or an address: the key is stored.
   */
  readonly occasion: string;
  readonly recipient: AlertRecipient;
  /** The template's own values (`unlocksAt`, `device`, `signedInAt`); `name` and `appName` are added here. */
  readonly values: Readonly<Record<string, string>>;
}

/**
 * `sent`, `already-sent` (an earlier delivery of the same event sent it), `in-progress` (another is
 * sending it right now), `failed` (an incident says why), `no-address` (the owner has no email) or
 * `unverified` (their email is not verified). Short words: the flow line carries them.
 */
export type AlertOutcome = 'sent' | 'already-sent' | 'in-progress' | 'failed' | 'no-address' | 'unverified';

export interface AlertResult {
  readonly outcome: AlertOutcome;
  readonly incidents: readonly Incident[];
}

/** The incident that says an alert could not be sent, per alert: stable codes operators alarm on. */
export const ALERT_FAILED: Readonly<Record<OwnerAlertName, string>> = {
  'account-locked': 'ACCOUNT_LOCKED_ALERT_FAILED',
  'new-device': 'NEW_DEVICE_ALERT_FAILED',
};

/**
 * Mails an account's owner about their own account, once per occasion however often Cognito delivers
 * the event (it retries a synchronous trigger that fails or times out). It runs inside a sign-in, so it
 * never throws: whatever goes wrong — no record, a provider down or refusing, a template — is reported
 * as an incident and the sign-in's outcome stays what it was. With no record, no mail: a lost alert is
 * better than a duplicate an attacker could multiply.
 *
 * Only a verified address is written to: an unverified one may be anyone's (a sign-up that was never
 * confirmed, an address changed and not yet proved), and an attacker who can lock an account would
 * otherwise aim these mails at a stranger.
 */
export class AlertAccountOwner {
  constructor(
    private readonly mailer: Mailer,
    private readonly templates: AlertMessages,
    private readonly once: OnceOnly,
    private readonly options: { readonly appName: string },
  ) {}

  async execute(request: OwnerAlert): Promise<AlertResult> {
    const to = request.recipient.email?.trim();
    if (to === undefined || to.length === 0) return { outcome: 'no-address', incidents: [] };
    if (!request.recipient.emailVerified) return { outcome: 'unverified', incidents: [] };
    try {
      const outcome = await this.once.run(`${request.alert}#${request.account.key}#${request.occasion}`, async () => {
        const rendered = this.templates.renderAlert(request.alert, request.recipient.locale, {
          ...request.values,
          name: request.recipient.name ?? '',
          appName: this.options.appName,
        });
        await this.mailer.send({ to, subject: rendered.subject, html: rendered.html, text: rendered.text });
      });
      return { outcome: outcome === 'done' ? 'sent' : outcome === 'already-done' ? 'already-sent' : 'in-progress', incidents: [] };
    } catch (error) {
      return { outcome: 'failed', incidents: [incidentFrom(ALERT_FAILED[request.alert], 'error', error)] };
    }
  }
}

const MINUTE_MS = 60_000;

/**
 * A moment as an alert shows it: `2026-11-23 10:05 UTC`. The trigger does not know the owner's time
 * zone, and ISO 8601's order is the one no reader of any of the templates' languages misreads (unlike
 * 11/03 or 03.11). `up` rounds to the next minute — an unlock time is never shown before the lock ends —
 * and `down` to the minute before, for a moment past.
 */
export function alertTime(epochMs: number, rounding: 'up' | 'down'): string {
  const minutes = rounding === 'up' ? Math.ceil(epochMs / MINUTE_MS) : Math.floor(epochMs / MINUTE_MS);
  return `${new Date(minutes * MINUTE_MS).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
