import type { CodeMessageName, PersonaliseCodeMessage } from '../domain';
import { cognitoTrigger } from './boundary/cognito-trigger';
import { compositionRoot, type Composition } from './composition/composition-root';
import { messagesModule } from './composition/modules/messages-module';
import { TOKENS } from './composition/tokens';
import { cognitoEnvelope, stringAttribute } from './events/cognito-envelope';

/** Each CustomMessage source, and the message Gatehouse writes for it. */
export const CUSTOM_MESSAGE_SOURCES: Readonly<Record<string, CodeMessageName>> = {
  CustomMessage_SignUp: 'sign-up',
  CustomMessage_AdminCreateUser: 'admin-create-user',
  CustomMessage_ResendCode: 'resend-code',
  CustomMessage_ForgotPassword: 'forgot-password',
  CustomMessage_UpdateUserAttribute: 'update-user-attribute',
  CustomMessage_VerifyUserAttribute: 'verify-user-attribute',
  CustomMessage_Authentication: 'authentication',
};

/**
 * CustomMessage runs before Cognito sends one of the pool's own messages (a code, a temporary
 * password): it writes the subject, the HTML body and the SMS from the stack's templates, in the user's
 * language, for the channels the stack personalises, keeping Cognito's placeholders (the code, and the
 * username for admin-created users) for Cognito to fill in. Nothing it writes is logged. When a message
 * cannot be written, the response stays untouched and Cognito sends its own.
 */
export function createCustomMessageHandler(composition: Composition) {
  return cognitoTrigger(
    {
      trigger: 'CustomMessage',
      triggerSources: Object.keys(CUSTOM_MESSAGE_SOURCES),
      schema: cognitoEnvelope,
      async run(event, container) {
        const request = event.request as { codeParameter?: unknown; usernameParameter?: unknown };
        const attributes = event.request.userAttributes;
        const codeParameter = typeof request.codeParameter === 'string' ? request.codeParameter : undefined;
        const usernameParameter = typeof request.usernameParameter === 'string' ? request.usernameParameter : undefined;
        const locale = stringAttribute(attributes, 'locale');
        const name = stringAttribute(attributes, 'name') ?? stringAttribute(attributes, 'given_name');
        const result = container.get<PersonaliseCodeMessage>(TOKENS.PersonaliseCodeMessage).execute({
          message: CUSTOM_MESSAGE_SOURCES[event.triggerSource] as CodeMessageName,
          ...(codeParameter ? { codeParameter } : {}),
          ...(usernameParameter ? { usernameParameter } : {}),
          ...(locale ? { locale } : {}),
          ...(name ? { name } : {}),
        });
        return {
          outcome: result.outcome,
          ...(result.locale ? { details: { locale: result.locale } } : {}),
          response: { ...result.message },
          incidents: result.incidents,
        };
      },
    },
    composition,
  );
}

export const handler = createCustomMessageHandler(compositionRoot([messagesModule]));
