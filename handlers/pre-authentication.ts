import type { Container } from 'inversify';
import * as z from 'zod/mini';
import type { RecordSignInAttempt } from '../domain';
import { cognitoTrigger } from './boundary/cognito-trigger';
import { accountKeysModule, readAccountKeySecret } from './composition/modules/account-keys-module';
import { compositionRoot, type Composition } from './composition/composition-root';
import { ownerAlertModule, readAlertSecret } from './composition/modules/alerts-module';
import { cognitoModule } from './composition/modules/cognito-module';
import { dynamoDbModule } from './composition/modules/dynamodb-module';
import { mailModule } from './composition/modules/mail-module';
import { signInProtectionModule } from './composition/modules/sign-in-protection-module';
import { ssmModule } from './composition/modules/ssm-module';
import { TOKENS } from './composition/tokens';
import { alertRecipientOf } from './events/alert-recipient';
import { cognitoEnvelope } from './events/cognito-envelope';

const preAuthenticationEvent = z.extend(cognitoEnvelope, {
  request: z.extend(cognitoEnvelope.shape.request, {
    // Set (true) only when the app client has PreventUserExistenceErrors=ENABLED and the user is unknown.
    userNotFound: z.optional(z.boolean()),
  }),
});

/**
 * PreAuthentication runs before Cognito checks the password, once per sign-in attempt: it counts the
 * attempt and refuses it while the account is locked. Unknown usernames are counted and answered
 * exactly like real accounts. With `gatehouse:alerts.accountLocked`, the attempt that locks an account
 * also mails its owner; that mail shares the invocation's deadline (Cognito's five seconds less the
 * boundary's margin, so a send that cannot fit is not started) and never changes the answer.
 */
export function createPreAuthenticationHandler(composition: Composition) {
  return cognitoTrigger(
    {
      trigger: 'PreAuthentication',
      triggerSources: ['PreAuthentication_Authentication'],
      schema: preAuthenticationEvent,
      async run(event, container, invocation) {
        const accountExists = event.request.userNotFound !== true;
        const result = await container.get<RecordSignInAttempt>(TOKENS.RecordSignInAttempt).execute({
          eventId: invocation.id,
          poolId: event.userPoolId,
          username: event.userName,
          accountExists,
          // Only a known user has attributes; the use case never alerts for an unknown one anyway.
          ...(accountExists ? { owner: alertRecipientOf(event.request.userAttributes) } : {}),
        });
        return {
          outcome: result.outcome,
          incidents: result.incidents,
          ...(result.alert === undefined ? {} : { details: { alert: result.alert } }),
          ...(result.verdict === 'deny' ? { denial: result.denial } : {}),
        };
      },
    },
    composition,
  );
}

/** The secrets this stack's PreAuthentication needs, read while the function initialises. */
function warmUp(container: Container): Promise<unknown> {
  return Promise.all([readAccountKeySecret(container), readAlertSecret(container, 'account-locked')]);
}

export const handler = createPreAuthenticationHandler(
  compositionRoot(
    [ssmModule, accountKeysModule, dynamoDbModule, cognitoModule, signInProtectionModule, mailModule, ownerAlertModule('account-locked')],
    { warmUp },
  ),
);
