import type { ScreenSignUp, SignUpSource } from '../domain';
import { cognitoTrigger } from './boundary/cognito-trigger';
import { compositionRoot, type Composition } from './composition/composition-root';
import { signUpModule } from './composition/modules/sign-up-module';
import { TOKENS } from './composition/tokens';
import { cognitoEnvelope, stringAttribute } from './events/cognito-envelope';

const SOURCES: Record<string, SignUpSource> = {
  PreSignUp_SignUp: 'sign-up',
  PreSignUp_AdminCreateUser: 'admin-create',
  PreSignUp_ExternalProvider: 'external-provider',
};

/**
 * PreSignUp runs before the user exists, for self sign-up, admin-created users and federated sign-ups:
 * it screens the email address against the stack's sign-up rules (allowed and blocked domains,
 * throw-away addresses). A refusal fails the sign-up with its own message; nothing is written, and the
 * event goes back untouched (no auto-confirmation).
 */
export function createPreSignUpHandler(composition: Composition) {
  return cognitoTrigger(
    {
      trigger: 'PreSignUp',
      triggerSources: Object.keys(SOURCES),
      schema: cognitoEnvelope,
      async run(event, container) {
        const result = await container.get<ScreenSignUp>(TOKENS.ScreenSignUp).execute({
          email: stringAttribute(event.request.userAttributes, 'email'),
          source: SOURCES[event.triggerSource] as SignUpSource,
        });
        return result.verdict === 'deny' ? { outcome: result.outcome, denial: result.denial } : { outcome: result.outcome };
      },
    },
    composition,
  );
}

export const handler = createPreSignUpHandler(compositionRoot([signUpModule]));
