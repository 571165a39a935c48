import type { Container } from 'inversify';
import type { ClearLockoutAfterRecovery, WelcomeConfirmedAccount } from '../domain';
import { cognitoTrigger } from './boundary/cognito-trigger';
import { compositionRoot, type Composition } from './composition/composition-root';
import type { HandlerConfig } from './composition/handler-config';
import { accountKeysModule, readAccountKeySecret } from './composition/modules/account-keys-module';
import { dynamoDbModule } from './composition/modules/dynamodb-module';
import { readMailSecret, mailModule } from './composition/modules/mail-module';
import { signInProtectionModule } from './composition/modules/sign-in-protection-module';
import { ssmModule } from './composition/modules/ssm-module';
import { welcomeModule } from './composition/modules/welcome-module';
import { TOKENS } from './composition/tokens';
import { cognitoEnvelope, stringAttribute } from './events/cognito-envelope';

export const CONFIRM_SIGN_UP = 'PostConfirmation_ConfirmSignUp';
export const CONFIRM_FORGOT_PASSWORD = 'PostConfirmation_ConfirmForgotPassword';

/**
 * PostConfirmation fires after a sign-up is confirmed and after a forgotten password is reset. The
 * sign-up branch creates the account's record and sends the welcome mail, each once however often
 * Cognito delivers the event; the reset branch clears the account's lockout (recovery beats lockout).
 * Cognito has confirmed the user before this runs and an error would not undo it — it would only show
 * an error after a successful confirmation — so failures are logged as incidents, never thrown. The
 * reminder workflow needs nothing from here: it finds the user confirmed at its next check and ends.
 */
export function createPostConfirmationHandler(composition: Composition) {
  return cognitoTrigger(
    {
      trigger: 'PostConfirmation',
      triggerSources: [CONFIRM_SIGN_UP, CONFIRM_FORGOT_PASSWORD],
      schema: cognitoEnvelope,
      async run(event, container, invocation) {
        if (event.triggerSource === CONFIRM_FORGOT_PASSWORD) {
          const result = await container
            .get<ClearLockoutAfterRecovery>(TOKENS.ClearLockoutAfterRecovery)
            .execute({ eventId: invocation.id, username: event.userName });
          return { outcome: 'recovery', incidents: result.incidents };
        }
        const attributes = event.request.userAttributes;
        const sub = stringAttribute(attributes, 'sub');
        const email = stringAttribute(attributes, 'email');
        const locale = stringAttribute(attributes, 'locale');
        const name = stringAttribute(attributes, 'given_name') ?? stringAttribute(attributes, 'name');
        const result = await container.get<WelcomeConfirmedAccount>(TOKENS.WelcomeConfirmedAccount).execute({
          poolId: event.userPoolId,
          username: event.userName,
          ...(sub === undefined ? {} : { sub }),
          ...(email === undefined ? {} : { email }),
          ...(locale === undefined ? {} : { locale }),
          ...(name === undefined ? {} : { name }),
        });
        return { outcome: 'confirmed', details: { record: result.record, welcome: result.welcome }, incidents: result.incidents };
      },
    },
    composition,
  );
}

/** The secrets this stack's PostConfirmation needs, read while the function initialises. */
function warmUp(container: Container): Promise<unknown> {
  const config = container.get<HandlerConfig>(TOKENS.Config);
  return Promise.all([readAccountKeySecret(container), config.mail.welcome ? readMailSecret(container) : undefined]);
}

export const handler = createPostConfirmationHandler(
  compositionRoot([ssmModule, accountKeysModule, dynamoDbModule, signInProtectionModule, mailModule, welcomeModule], { warmUp }),
);
