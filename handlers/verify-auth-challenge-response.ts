import type { Container } from 'inversify';
import { requestsLink, type VerifyMagicLinkAnswer } from '../domain';
import { cognitoTrigger } from './boundary/cognito-trigger';
import { compositionRoot, type Composition } from './composition/composition-root';
import { accountKeysModule, readAccountKeySecret } from './composition/modules/account-keys-module';
import { ownerAlertModule, readAlertSecret } from './composition/modules/alerts-module';
import { cognitoModule } from './composition/modules/cognito-module';
import { dynamoDbModule } from './composition/modules/dynamodb-module';
import { magicLinkModule } from './composition/modules/magic-link-module';
import { mailModule } from './composition/modules/mail-module';
import { signInProtectionModule } from './composition/modules/sign-in-protection-module';
import { ssmModule } from './composition/modules/ssm-module';
import { TOKENS } from './composition/tokens';
import { alertRecipientOf } from './events/alert-recipient';
import { ROUND_PARAMETER, roundNamed, verifyAuthChallengeEvent } from './events/challenge-event';

/**
 * VerifyAuthChallengeResponse of sign-in by magic link: whether the answer is the account's link (used
 * up as it is checked). Every answer but a request for a link counts as a sign-in attempt, so a locked
 * account is refused with the lock's message, as PreAuthentication refuses it (which Cognito never runs
 * for CUSTOM_AUTH). The answer is never logged.
 */
export function createVerifyAuthChallengeHandler(composition: Composition) {
  return cognitoTrigger(
    {
      trigger: 'VerifyAuthChallengeResponse',
      triggerSources: ['VerifyAuthChallengeResponse_Authentication'],
      schema: verifyAuthChallengeEvent,
      async run(event, container, invocation) {
        const answer = event.request.challengeAnswer;
        const result = await container.get<VerifyMagicLinkAnswer>(TOKENS.VerifyMagicLinkAnswer).execute({
          eventId: invocation.id,
          poolId: event.userPoolId,
          username: event.userName,
          accountExists: event.request.userNotFound !== true,
          round: roundNamed(event.request.privateChallengeParameters?.[ROUND_PARAMETER]),
          linkRequested: requestsLink(event.request.clientMetadata ?? undefined),
          answer: typeof answer === 'string' ? answer : '',
          owner: alertRecipientOf(event.request.userAttributes),
        });
        return {
          outcome: result.outcome,
          incidents: result.incidents,
          ...(result.denial ? { denial: result.denial } : {}),
          response: { answerCorrect: result.answerCorrect },
        };
      },
    },
    composition,
  );
}

/** The secrets this stack's VerifyAuthChallengeResponse needs, read while the function initialises. */
function warmUp(container: Container): Promise<unknown> {
  return Promise.all([readAccountKeySecret(container), readAlertSecret(container, 'account-locked')]);
}

export const handler = createVerifyAuthChallengeHandler(
  compositionRoot(
    [ssmModule, accountKeysModule, dynamoDbModule, cognitoModule, signInProtectionModule, mailModule, ownerAlertModule('account-locked'), magicLinkModule],
    { warmUp },
  ),
);
