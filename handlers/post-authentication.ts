import type { RecordSuccessfulSignIn } from '../domain';
import { cognitoTrigger } from './boundary/cognito-trigger';
import { accountKeysModule, readAccountKeySecret } from './composition/modules/account-keys-module';
import { compositionRoot, type Composition } from './composition/composition-root';
import { dynamoDbModule } from './composition/modules/dynamodb-module';
import { signInProtectionModule } from './composition/modules/sign-in-protection-module';
import { ssmModule } from './composition/modules/ssm-module';
import { TOKENS } from './composition/tokens';
import { cognitoEnvelope, stringAttribute } from './events/cognito-envelope';

/**
 * PostAuthentication is the success signal: the password was right. It clears the attempt count and
 * records the sign-in. It never fails the sign-in over its own bookkeeping.
 */
export function createPostAuthenticationHandler(composition: Composition) {
  return cognitoTrigger(
    {
      trigger: 'PostAuthentication',
      triggerSources: ['PostAuthentication_Authentication'],
      schema: cognitoEnvelope,
      async run(event, container, invocation) {
        const attributes = event.request.userAttributes;
        const result = await container.get<RecordSuccessfulSignIn>(TOKENS.RecordSuccessfulSignIn).execute({
          eventId: invocation.id,
          username: event.userName,
          sub: stringAttribute(attributes, 'sub'),
          email: stringAttribute(attributes, 'email'),
        });
        return { outcome: 'success', incidents: result.incidents };
      },
    },
    composition,
  );
}

export const handler = createPostAuthenticationHandler(
  compositionRoot([ssmModule, accountKeysModule, dynamoDbModule, signInProtectionModule], { warmUp: readAccountKeySecret }),
);
