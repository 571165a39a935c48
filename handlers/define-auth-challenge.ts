import { CUSTOM_CHALLENGE, requestsLink, type DecideMagicLinkRound } from '../domain';
import { cognitoTrigger } from './boundary/cognito-trigger';
import { compositionRoot, type Composition } from './composition/composition-root';
import { magicLinkRoundModule } from './composition/modules/magic-link-round-module';
import { TOKENS } from './composition/tokens';
import { defineAuthChallengeEvent, roundsOf } from './events/challenge-event';

/**
 * DefineAuthChallenge of sign-in by magic link: after each round, the next step (another custom
 * challenge, tokens, or failure) from the rounds Cognito hands over. It reads and writes nothing; the
 * two other challenge triggers count attempts and keep the link. Cognito fails the sign-in with
 * "Incorrect username or password." when it answers failAuthentication, whatever the reason.
 */
export function createDefineAuthChallengeHandler(composition: Composition) {
  return cognitoTrigger(
    {
      trigger: 'DefineAuthChallenge',
      triggerSources: ['DefineAuthChallenge_Authentication'],
      schema: defineAuthChallengeEvent,
      async run(event, container) {
        const decision = container.get<DecideMagicLinkRound>(TOKENS.DecideMagicLinkRound).execute({
          session: roundsOf(event.request.session),
          linkRequested: requestsLink(event.request.clientMetadata ?? undefined),
          userNotFound: event.request.userNotFound === true,
        });
        switch (decision.kind) {
          case 'challenge':
            return { outcome: decision.outcome, response: { challengeName: CUSTOM_CHALLENGE, issueTokens: false, failAuthentication: false } };
          case 'issue-tokens':
            return { outcome: 'tokens-issued', response: { issueTokens: true, failAuthentication: false } };
          case 'fail':
            return { outcome: decision.outcome, response: { issueTokens: false, failAuthentication: true } };
        }
      },
    },
    composition,
  );
}

export const handler = createDefineAuthChallengeHandler(compositionRoot([magicLinkRoundModule]));
