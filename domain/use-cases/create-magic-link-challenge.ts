import { MagicLinkRateLimitedError, RedirectNotAllowedError, type DomainError } from '../errors';
import { normaliseUsername } from '../model/account';
import type { Incident } from '../model/incident';
import { MAGIC_LINK_ROUNDS, requestsLink, type ChallengeRound, type MagicLinkRound } from '../model/magic-link';
import { isAllowedRedirect, LINK_REQUEST_FLOOR_MS, magicLinkUrl, roundToCreate, type MagicLinkPolicy } from '../policy/magic-link-policy';
import type { AccountKeys } from '../ports/account-keys';
import type { Clock } from '../ports/clock';
import type { LinkSecrets } from '../ports/link-secrets';
import type { MagicLinkStore } from '../ports/magic-links';
import type { Mailer } from '../ports/mailer';
import type { MessageTemplates } from '../ports/message-templates';
import type { Pause } from '../ports/pause';
import type { AlertRecipient } from './alert-account-owner';
import type { RecordSignInAttempt } from './record-sign-in-attempt';

export interface MagicLinkChallengeInput {
  /** Unique per invocation: the audit entry's id. */
  readonly eventId: string;
  readonly poolId: string;
  readonly username: string;
  /** False when the pool reports the username unknown: the same path, no mail. */
  readonly accountExists: boolean;
  readonly session: readonly ChallengeRound[];
  /** RespondToAuthChallenge's ClientMetadata (none in the first round: InitiateAuth's never arrives). */
  readonly clientMetadata?: Readonly<Record<string, string>>;
  /** The account's owner, from the event's attributes: where the link goes. */
  readonly owner: AlertRecipient;
}

/**
 * `started`, `retry`: a round without side effects. `link-sent`: the link was mailed. `no-link`: the same
 * answer without a mail (an unknown username, an owner without a verified address). `rate-limited`,
 * `locked`, `redirect-refused`: refused with `denial`.
 */
export type MagicLinkChallengeOutcome = 'started' | 'retry' | 'link-sent' | 'no-link' | 'rate-limited' | 'locked' | 'redirect-refused';

export interface MagicLinkChallengeResult {
  readonly round: MagicLinkRound;
  readonly outcome: MagicLinkChallengeOutcome;
  readonly incidents: readonly Incident[];
  readonly denial?: DomainError;
}

export interface MagicLinkMail {
  readonly mailer: Mailer;
  readonly templates: MessageTemplates;
  readonly appName: string;
}

/**
 * CreateAuthChallenge of a magic-link sign-in. The first round and any retry only name themselves; the
 * round after a request for a link makes the link: the redirect URL must be one of the stack's, the
 * request is counted against the account's allowance (whether the account exists or not), it counts as
 * a sign-in attempt like a password attempt (so a locked account is refused, and the lock alert and
 * forced reset apply as there), the link's hash is stored, and the link is mailed to the owner's
 * verified address. An unknown username or an owner without a verified address goes the same way
 * without the mail, and every request takes at least `LINK_REQUEST_FLOOR_MS`, so neither the answer nor
 * its time tells them apart.
 */
export class CreateMagicLinkChallenge {
  constructor(
    private readonly keys: AccountKeys,
    private readonly links: MagicLinkStore,
    private readonly secrets: LinkSecrets,
    private readonly attempts: RecordSignInAttempt,
    private readonly clock: Clock,
    private readonly pause: Pause,
    private readonly policy: MagicLinkPolicy,
    private readonly mail: MagicLinkMail,
  ) {}

  async execute(input: MagicLinkChallengeInput): Promise<MagicLinkChallengeResult> {
    const round = roundToCreate(input.session, requestsLink(input.clientMetadata));
    if (round === MAGIC_LINK_ROUNDS.start) return { round, outcome: 'started', incidents: [] };
    if (round === MAGIC_LINK_ROUNDS.retry) return { round, outcome: 'retry', incidents: [] };
    const started = this.clock.now();
    try {
      return { round, ...(await this.sendLink(input, started)) };
    } finally {
      await this.pause.until(started + LINK_REQUEST_FLOOR_MS);
    }
  }

  private async sendLink(input: MagicLinkChallengeInput, now: number): Promise<Omit<MagicLinkChallengeResult, 'round'>> {
    const redirectUri = input.clientMetadata?.redirectUri;
    if (!isAllowedRedirect(redirectUri, this.policy.redirectUrls)) {
      return { outcome: 'redirect-refused', incidents: [], denial: new RedirectNotAllowedError() };
    }
    const account = await this.keys.refFor(normaliseUsername(input.username));
    const requests = await this.links.countRequest(account, now, this.policy.windowSeconds);
    if (requests > this.policy.maxLinksPerWindow) {
      return { outcome: 'rate-limited', incidents: [], denial: new MagicLinkRateLimitedError() };
    }
    const attempt = await this.attempts.execute({
      eventId: input.eventId,
      poolId: input.poolId,
      username: input.username,
      accountExists: input.accountExists,
      ...(input.accountExists ? { owner: input.owner } : {}),
    });
    if (attempt.verdict === 'deny') return { outcome: 'locked', incidents: attempt.incidents, denial: attempt.denial };

    const { token, secretHash } = this.secrets.create(input.username);
    // Stored for an unknown username too: the same requests, and nothing anyone can use.
    await this.links.issue(account, { secretHash, validUntil: now + this.policy.linkValiditySeconds * 1000 });
    const { owner } = input;
    const to = owner.email?.trim();
    if (!input.accountExists || !owner.emailVerified || to === undefined || to.length === 0) {
      return { outcome: 'no-link', incidents: attempt.incidents };
    }
    const rendered = this.mail.templates.renderMail('magic-link', owner.locale, {
      appName: this.mail.appName,
      name: owner.name ?? '',
      link: magicLinkUrl(redirectUri, token),
      validityMinutes: String(Math.floor(this.policy.linkValiditySeconds / 60)),
    });
    // A link that cannot be mailed fails the request (the boundary answers with the generic message):
    // the user may ask again, rather than wait for a mail that will never come.
    await this.mail.mailer.send({ to, subject: rendered.subject, html: rendered.html, text: rendered.text });
    return { outcome: 'link-sent', incidents: attempt.incidents };
  }
}
