import { createHash } from 'node:crypto';
import { incidentFrom, type CodeMessageName, type DeliverAccountNotice, type DeliverCodeMessage } from '../../domain';
import { cognitoTrigger, type TriggerOutcome } from '../boundary/cognito-trigger';
import type { Composition } from '../composition/composition-root';
import { TOKENS } from '../composition/tokens';
import { cognitoEnvelope, stringAttribute } from '../events/cognito-envelope';

/** Each purpose Cognito hands a custom sender a message for, by the part of the source after the prefix. */
export const SENDER_PURPOSES: Readonly<Record<string, CodeMessageName>> = {
  SignUp: 'sign-up',
  AdminCreateUser: 'admin-create-user',
  ResendCode: 'resend-code',
  ForgotPassword: 'forgot-password',
  UpdateUserAttribute: 'update-user-attribute',
  VerifyUserAttribute: 'verify-user-attribute',
  Authentication: 'authentication',
};

/** Threat protection's notice of a risky sign-in: no code, so no code message either. */
export const ACCOUNT_TAKEOVER_PURPOSE = 'AccountTakeOverNotification';

export interface CustomSenderChannel {
  /** As Cognito names the trigger in its sources (`CustomEmailSender`). */
  readonly trigger: string;
  /** Every prefix Cognito's sources use for it (the SMS sender's appear in two spellings). */
  readonly prefixes: readonly string[];
  /** The user attribute the message goes to. */
  readonly recipientAttribute: 'email' | 'phone_number';
}

/**
 * One message: the same for every delivery of one event (Lambda may deliver an asynchronous event more
 * than once), different for the next one, since every encryption of a code differs. Hashed: the key
 * is stored, and the encrypted code is not a thing to keep.
 */
export function deliveryKey(event: { triggerSource: string; userPoolId: string; userName: string }, content: string): string {
  return createHash('sha256').update([event.triggerSource, event.userPoolId, event.userName, content].join('\n')).digest('base64url');
}

/**
 * What the user types to sign in, which an invitation names. A pool that signs users in by address
 * (email or phone as username) gives each a generated username, their `sub`, which no one types: the
 * invitation names the address instead.
 */
function signInName(userName: string, attributes: Readonly<Record<string, unknown>> = {}): string {
  if (userName !== attributes['sub']) return userName;
  const address = [attributes['email'], attributes['phone_number']].find((value): value is string => typeof value === 'string' && value.length > 0);
  return address ?? userName;
}

/**
 * A custom sender trigger: Cognito invokes it asynchronously, instead of sending a message itself, with
 * the code (or temporary password) encrypted under the stack's key. It delivers the message once through
 * the stack's provider. An error is thrown only where a retry can help, and Lambda retries then; past
 * its retries the event goes to the stack's undelivered-messages queue, where an alarm watches.
 */
export function createCustomSenderHandler(channel: CustomSenderChannel, composition: Composition) {
  const purposes = [...Object.keys(SENDER_PURPOSES), ACCOUNT_TAKEOVER_PURPOSE];
  const sources = channel.prefixes.flatMap((prefix) => purposes.map((purpose) => `${prefix}_${purpose}`));
  return cognitoTrigger(
    {
      trigger: channel.trigger,
      triggerSources: sources,
      schema: cognitoEnvelope,
      asynchronous: true,
      async run(event, container): Promise<TriggerOutcome> {
        const source = event.triggerSource.slice(event.triggerSource.indexOf('_') + 1);
        const request = event.request as { code?: unknown };
        const attributes = event.request.userAttributes;
        const recipient = stringAttribute(attributes, channel.recipientAttribute);
        const locale = stringAttribute(attributes, 'locale');
        const name = stringAttribute(attributes, 'name') ?? stringAttribute(attributes, 'given_name');
        const user = {
          ...(recipient === undefined ? {} : { recipient }),
          ...(locale === undefined ? {} : { locale }),
          ...(name === undefined ? {} : { name }),
        };
        if (source === ACCOUNT_TAKEOVER_PURPOSE) {
          const result = await container
            .get<DeliverAccountNotice>(TOKENS.DeliverAccountNotice)
            .execute({ ...user, deliveryKey: deliveryKey(event, JSON.stringify(event.request)) });
          return { outcome: result.outcome, details: { purpose: 'account-takeover' }, incidents: result.incidents };
        }
        const purpose = SENDER_PURPOSES[source] as CodeMessageName;
        if (typeof request.code !== 'string' || request.code.length === 0) {
          const cause = new Error(`the ${event.triggerSource} event carries no code`);
          return { outcome: 'undeliverable', details: { purpose }, incidents: [incidentFrom('CODE_UNDELIVERABLE', 'error', cause)] };
        }
        const result = await container.get<DeliverCodeMessage>(TOKENS.DeliverCodeMessage).execute({
            message: purpose,
            encryptedCode: request.code,
            poolId: event.userPoolId,
            username: signInName(event.userName, attributes),
            deliveryKey: deliveryKey(event, request.code),
            ...user,
          });
        return {
          outcome: result.outcome,
          details: { purpose, ...(result.locale === undefined ? {} : { locale: result.locale }) },
          incidents: result.incidents,
        };
      },
    },
    composition,
  );
}
