import type { Container } from 'inversify';
import { CUSTOM_CHALLENGE, type CreateMagicLinkChallenge } from '../domain';
import { cognitoTrigger } from './boundary/cognito-trigger';
import { compositionRoot, type Composition } from './composition/composition-root';
import { accountKeysModule, readAccountKeySecret } from './composition/modules/account-keys-module';
import { ownerAlertModule, readAlertSecret } from './composition/modules/alerts-module';
import { cognitoModule } from './composition/modules/cognito-module';
import { dynamoDbModule } from './composition/modules/dynamodb-module';
import { magicLinkModule } from './composition/modules/magic-link-module';
import { mailModule, readMailSecret } from './composition/modules/mail-module';
import { signInProtectionModule } from './composition/modules/sign-in-protection-module';
import { ssmModule } from './composition/modules/ssm-module';
import { TOKENS } from './composition/tokens';
import { alertRecipientOf } from './events/alert-recipient';
import { MalformedEventError } from './events/cognito-envelope';
import { createAuthChallengeEvent, ROUND_PARAMETER, roundsOf } from './events/challenge-event';

/**
 * CreateAuthChallenge of sign-in by magic link. Each round names itself (public and private parameters,
 * and `challengeMetadata`, which Cognito keeps in the session); the round after a request mails the
 * link (see `CreateMagicLinkChallenge`). The link never appears in the response: the client learns only
 * which round it is in.
 */
export function createCreateAuthChallengeHandler(composition: Composition) {
  return cognitoTrigger(
    {
      trigger: 'CreateAuthChallenge',
      triggerSources: ['CreateAuthChallenge_Authentication'],
      schema: createAuthChallengeEvent,
      async run(event, container, invocation) {
        if (event.request.challengeName !== CUSTOM_CHALLENGE) {
          throw new MalformedEventError(`CreateAuthChallenge asked for ${event.request.challengeName}, not ${CUSTOM_CHALLENGE}`);
        }
        const clientMetadata = event.request.clientMetadata ?? undefined;
        const result = await container.get<CreateMagicLinkChallenge>(TOKENS.CreateMagicLinkChallenge).execute({
          eventId: invocation.id,
          poolId: event.userPoolId,
          username: event.userName,
          accountExists: event.request.userNotFound !== true,
          session: roundsOf(event.request.session),
          ...(clientMetadata ? { clientMetadata } : {}),
          owner: alertRecipientOf(event.request.userAttributes),
        });
        return {
          outcome: result.outcome,
          incidents: result.incidents,
          ...(result.denial ? { denial: result.denial } : {}),
          response: {
            publicChallengeParameters: { [ROUND_PARAMETER]: result.round },
            privateChallengeParameters: { [ROUND_PARAMETER]: result.round },
            challengeMetadata: result.round,
          },
        };
      },
    },
    composition,
  );
}

/** The secrets this stack's CreateAuthChallenge needs, read while the function initialises. */
function warmUp(container: Container): Promise<unknown> {
  return Promise.all([readAccountKeySecret(container), readMailSecret(container), readAlertSecret(container, 'account-locked')]);
}

export const handler = createCreateAuthChallengeHandler(
  compositionRoot(
    [ssmModule, accountKeysModule, dynamoDbModule, cognitoModule, signInProtectionModule, mailModule, ownerAlertModule('account-locked'), magicLinkModule],
    { warmUp },
  ),
);
