import type { DomainError } from '../errors';
import { normaliseUsername } from '../model/account';
import type { Incident } from '../model/incident';
import { MAGIC_LINK_ROUNDS, type MagicLinkRound } from '../model/magic-link';
import type { AccountKeys } from '../ports/account-keys';
import type { Clock } from '../ports/clock';
import type { LinkSecrets } from '../ports/link-secrets';
import type { MagicLinkStore } from '../ports/magic-links';
import type { AlertRecipient } from './alert-account-owner';
import type { RecordSignInAttempt } from './record-sign-in-attempt';

export interface MagicLinkAnswer {
  readonly eventId: string;
  readonly poolId: string;
  readonly username: string;
  readonly accountExists: boolean;
  /** The round being answered, as CreateAuthChallenge named it in its private parameters. */
  readonly round: MagicLinkRound | undefined;
  /** Whether this answer's client metadata asks for a link (honoured in the first round only). */
  readonly linkRequested: boolean;
  readonly answer: string;
  readonly owner: AlertRecipient;
}

/**
 * `link-requested`: the first round answered with a request (not an answer, nothing counted).
 * `link-used`: the right link, now used up. `wrong-answer`, `expired`: counted as a failed attempt.
 * `locked`: refused with `denial` before the link was looked at.
 */
export type MagicLinkAnswerOutcome = 'link-requested' | 'link-used' | 'wrong-answer' | 'expired' | 'locked';

export interface MagicLinkAnswerResult {
  readonly answerCorrect: boolean;
  readonly outcome: MagicLinkAnswerOutcome;
  readonly incidents: readonly Incident[];
  readonly denial?: DomainError;
}

/** Longer answers are no token of ours: refused without hashing megabytes a client chose to send. */
const MAX_ANSWER_LENGTH = 512;

/**
 * VerifyAuthChallengeResponse of a magic-link sign-in. Every answer is a sign-in attempt, counted before
 * the link is looked at (as PreAuthentication counts a password attempt before Cognito checks it, and
 * PostAuthentication clears the count after a success): a locked account is refused whatever it
 * answers, and wrong answers lock it like wrong passwords. The link is used up in the same request that
 * checks it, so two answers with one link cannot both sign in. An unknown username goes the same way.
 */
export class VerifyMagicLinkAnswer {
  constructor(
    private readonly keys: AccountKeys,
    private readonly links: MagicLinkStore,
    private readonly secrets: LinkSecrets,
    private readonly attempts: RecordSignInAttempt,
    private readonly clock: Clock,
  ) {}

  async execute(input: MagicLinkAnswer): Promise<MagicLinkAnswerResult> {
    if (input.round === MAGIC_LINK_ROUNDS.start && input.linkRequested) {
      return { answerCorrect: false, outcome: 'link-requested', incidents: [] };
    }
    const attempt = await this.attempts.execute({
      eventId: input.eventId,
      poolId: input.poolId,
      username: input.username,
      accountExists: input.accountExists,
      ...(input.accountExists ? { owner: input.owner } : {}),
    });
    if (attempt.verdict === 'deny') {
      return { answerCorrect: false, outcome: 'locked', incidents: attempt.incidents, denial: attempt.denial };
    }
    if (input.answer.length === 0 || input.answer.length > MAX_ANSWER_LENGTH) {
      return { answerCorrect: false, outcome: 'wrong-answer', incidents: attempt.incidents };
    }
    const account = await this.keys.refFor(normaliseUsername(input.username));
    const redemption = await this.links.redeem(account, this.secrets.hashOf(input.answer), this.clock.now());
    // An unknown username's stored link is never mailed; were it guessed, it still signs nobody in.
    const correct = redemption === 'redeemed' && input.accountExists;
    const outcome = correct ? 'link-used' : redemption === 'expired' ? 'expired' : 'wrong-answer';
    return { answerCorrect: correct, outcome, incidents: attempt.incidents };
  }
}
