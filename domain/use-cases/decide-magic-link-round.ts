import type { ChallengeRound } from '../model/magic-link';
import { decideRound, type MagicLinkPolicy, type RoundDecision } from '../policy/magic-link-policy';

export interface MagicLinkRoundInput {
  readonly session: readonly ChallengeRound[];
  readonly linkRequested: boolean;
  readonly userNotFound: boolean;
}

/**
 * DefineAuthChallenge of a magic-link sign-in: the next step from the rounds so far (see `decideRound`).
 * No store is asked: Cognito keeps the session, and the challenge triggers record what must be kept.
 */
export class DecideMagicLinkRound {
  constructor(private readonly policy: Pick<MagicLinkPolicy, 'maxAnswers'>) {}

  execute(input: MagicLinkRoundInput): RoundDecision {
    return decideRound(input.session, input, this.policy);
  }
}
