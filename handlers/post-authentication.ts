import type { Container } from 'inversify';
import type { RecordSuccessfulSignIn } from '../domain';
import { cognitoTrigger } from './boundary/cognito-trigger';
import { accountKeysModule, readAccountKeySecret } from './composition/modules/account-keys-module';
import { compositionRoot, type Composition } from './composition/composition-root';
import { ownerAlertModule, readAlertSecret } from './composition/modules/alerts-module';
import { dynamoDbModule } from './composition/modules/dynamodb-module';
import { mailModule } from './composition/modules/mail-module';
import { signInProtectionModule } from './composition/modules/sign-in-protection-module';
import { ssmModule } from './composition/modules/ssm-module';
import { TOKENS } from './composition/tokens';
import { alertRecipientOf } from './events/alert-recipient';
import { cognitoEnvelope, stringAttribute } from './events/cognito-envelope';

/**
 * Cognito sets `newDeviceUsed` only when the pool tracks devices, true for a device it did not know. Read
 * as it comes, not checked by the schema: a field this trigger could do without must never fail a
 * sign-in whose password was right.
 */
function newDeviceUsed(request: object): boolean {
  return (request as { newDeviceUsed?: unknown }).newDeviceUsed === true;
}

/**
 * PostAuthentication is the success signal: the password was right. It clears the attempt count and
 * records the sign-in; with `gatehouse:alerts.newDevice`, a sign-in from a new device mails the owner.
 * It never fails the sign-in over its own bookkeeping, nor over that mail.
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
          newDevice: newDeviceUsed(event.request),
          owner: alertRecipientOf(attributes),
        });
        return {
          outcome: 'success',
          incidents: result.incidents,
          ...(result.alert === undefined ? {} : { details: { alert: result.alert } }),
        };
      },
    },
    composition,
  );
}

/** The secrets this stack's PostAuthentication needs, read while the function initialises. */
function warmUp(container: Container): Promise<unknown> {
  return Promise.all([readAccountKeySecret(container), readAlertSecret(container, 'new-device')]);
}

export const handler = createPostAuthenticationHandler(
  compositionRoot([ssmModule, accountKeysModule, dynamoDbModule, signInProtectionModule, mailModule, ownerAlertModule('new-device')], { warmUp }),
);
