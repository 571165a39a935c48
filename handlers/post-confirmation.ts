import type { ClearLockoutAfterRecovery } from '../domain';
import { cognitoTrigger } from './boundary/cognito-trigger';
import { accountKeysModule, readAccountKeySecret } from './composition/modules/account-keys-module';
import { compositionRoot, type Composition } from './composition/composition-root';
import { dynamoDbModule } from './composition/modules/dynamodb-module';
import { signInProtectionModule } from './composition/modules/sign-in-protection-module';
import { TOKENS } from './composition/tokens';
import { cognitoEnvelope } from './events/cognito-envelope';

export const CONFIRM_SIGN_UP = 'PostConfirmation_ConfirmSignUp';
export const CONFIRM_FORGOT_PASSWORD = 'PostConfirmation_ConfirmForgotPassword';

/**
 * PostConfirmation fires after a sign-up is confirmed and after a forgotten password is reset. The
 * reset branch clears the account's lockout (recovery beats lockout). The sign-up branch accepts the
 * confirmation unchanged for now. An error here would not undo the confirmation, so bookkeeping
 * failures are logged, not thrown.
 */
export function createPostConfirmationHandler(composition: Composition) {
  return cognitoTrigger(
    {
      trigger: 'PostConfirmation',
      triggerSources: [CONFIRM_SIGN_UP, CONFIRM_FORGOT_PASSWORD],
      schema: cognitoEnvelope,
      async run(event, container, invocation) {
        if (event.triggerSource !== CONFIRM_FORGOT_PASSWORD) return { outcome: 'confirmed' };
        const result = await container
          .get<ClearLockoutAfterRecovery>(TOKENS.ClearLockoutAfterRecovery)
          .execute({ eventId: invocation.id, username: event.userName });
        return { outcome: 'recovery', incidents: result.incidents };
      },
    },
    composition,
  );
}

export const handler = createPostConfirmationHandler(
  compositionRoot([accountKeysModule, dynamoDbModule, signInProtectionModule], { warmUp: readAccountKeySecret }),
);
