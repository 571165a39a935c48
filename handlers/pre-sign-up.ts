import type { Container } from 'inversify';
import type { ScreenSignUp, SignUpSource } from '../domain';
import { cognitoTrigger } from './boundary/cognito-trigger';
import { compositionRoot, type Composition } from './composition/composition-root';
import type { HandlerConfig } from './composition/handler-config';
import { accountKeysModule, readAccountKeySecret } from './composition/modules/account-keys-module';
import { captchaModule, readCaptchaSecret } from './composition/modules/captcha-module';
import { remindersModule } from './composition/modules/reminders-module';
import { signUpModule } from './composition/modules/sign-up-module';
import { ssmModule } from './composition/modules/ssm-module';
import { TOKENS } from './composition/tokens';
import { cognitoEnvelope, stringAttribute } from './events/cognito-envelope';

const SOURCES: Record<string, SignUpSource> = {
  PreSignUp_SignUp: 'sign-up',
  PreSignUp_AdminCreateUser: 'admin-create',
  PreSignUp_ExternalProvider: 'external-provider',
};

/** The `validationData` key a client puts the captcha widget's token under (README, "Captcha"). */
export const CAPTCHA_TOKEN_KEY = 'captchaToken';

/**
 * PreSignUp runs before the user exists, for self sign-up, admin-created users and federated sign-ups:
 * it screens the email address against the stack's sign-up rules (allowed and blocked domains,
 * throw-away addresses), checks the captcha of a self sign-up, and starts the reminder workflow of an
 * accepted self sign-up. A refusal fails the sign-up with its own message; the event goes back
 * untouched (no auto-confirmation).
 */
export function createPreSignUpHandler(composition: Composition) {
  return cognitoTrigger(
    {
      trigger: 'PreSignUp',
      triggerSources: Object.keys(SOURCES),
      schema: cognitoEnvelope,
      async run(event, container) {
        const validationData = (event.request as { validationData?: unknown }).validationData;
        const token = stringAttribute(
          typeof validationData === 'object' && validationData !== null ? (validationData as Record<string, unknown>) : undefined,
          CAPTCHA_TOKEN_KEY,
        );
        const result = await container.get<ScreenSignUp>(TOKENS.ScreenSignUp).execute({
          email: stringAttribute(event.request.userAttributes, 'email'),
          source: SOURCES[event.triggerSource] as SignUpSource,
          ...(token === undefined ? {} : { captchaToken: token }),
          pool: { poolId: event.userPoolId, clientId: event.callerContext?.clientId, username: event.userName },
        });
        return result.verdict === 'deny'
          ? { outcome: result.outcome, denial: result.denial, incidents: result.incidents }
          : { outcome: result.outcome, details: { reminder: result.reminder }, incidents: result.incidents };
      },
    },
    composition,
  );
}

/** The secrets this stack's PreSignUp needs, read while the function initialises. */
function warmUp(container: Container): Promise<unknown> {
  const config = container.get<HandlerConfig>(TOKENS.Config);
  return Promise.all([
    config.captcha ? readCaptchaSecret(container) : undefined,
    config.reminders ? readAccountKeySecret(container) : undefined,
  ]);
}

export const handler = createPreSignUpHandler(
  compositionRoot([ssmModule, accountKeysModule, captchaModule, remindersModule, signUpModule], { warmUp }),
);
