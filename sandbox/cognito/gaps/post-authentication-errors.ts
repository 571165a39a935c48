import type { Lambda, Triggers } from 'cognito-local/lib/services';
import { attributesToRecord } from 'cognito-local/lib/services/userPoolService';

/**
 * cognito-local logs and ignores an error of the PostAuthentication trigger. Cognito invokes it after
 * authentication is complete, before the user receives tokens, and a function that fails there fails the
 * sign-in ("PostAuthentication failed with error <message>."), even though the password was right.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-post-authentication.html
 */
export function withFailingPostAuthentication(triggers: Triggers, lambda: Lambda): Triggers {
  return {
    enabled: (trigger) => triggers.enabled(trigger),
    customMessage: triggers.customMessage,
    customEmailSender: triggers.customEmailSender,
    postConfirmation: triggers.postConfirmation,
    preSignUp: triggers.preSignUp,
    preTokenGeneration: triggers.preTokenGeneration,
    userMigration: triggers.userMigration,
    postAuthentication: async (ctx, { clientId, clientMetadata, source, userAttributes, username, userPoolId }) => {
      await lambda.invoke(ctx, 'PostAuthentication', {
        clientId,
        clientMetadata,
        triggerSource: source,
        userAttributes: attributesToRecord(userAttributes),
        username,
        userPoolId,
      });
    },
  };
}
