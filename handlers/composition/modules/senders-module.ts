import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { KMSClient } from '@aws-sdk/client-kms';
import type { SNSClient } from '@aws-sdk/client-sns';
import type { SSMClient } from '@aws-sdk/client-ssm';
import { ContainerModule, type Container } from 'inversify';
import { DynamoDbOnceOnly } from '../../../adapters/dynamodb/dynamodb-once-only';
import { EsdkCodeDecryptor } from '../../../adapters/kms/esdk-code-decryptor';
import { createKmsClient } from '../../../adapters/kms/kms-client';
import { createSnsClient } from '../../../adapters/sns/sns-client';
import { SnsTextMessenger } from '../../../adapters/sns/sns-text-messenger';
import { SsmSecret } from '../../../adapters/ssm/ssm-secret';
import { TwilioTextMessenger } from '../../../adapters/twilio/twilio-text-messenger';
import {
  DeliverAccountNotice,
  DeliverCodeMessage,
  type AlertMessages,
  type CodeDecryptor,
  type CodeMessageTemplates,
  type Mailer,
  type MessageChannel,
  type OnceOnly,
  type TextMessenger,
} from '../../../domain';
import { ConfigurationError, type HandlerConfig } from '../handler-config';
import { TOKENS } from '../tokens';
import { bindAlertMessages, bindCodeMessages } from './template-bindings';

/**
 * How long a delivered message keeps later deliveries of its event away: longer than Lambda keeps
 * retrying an asynchronous event (at most six hours), with room to spare.
 */
export const DELIVERY_ONCE_SECONDS = 86_400;

/**
 * An account-takeover notice carries nothing that tells two notices apart from two deliveries of one:
 * its record lasts a quarter of an hour, so a repeat delivery in that time is dropped (and so is a second
 * notice, which tells the owner nothing the first did not).
 */
export const NOTICE_ONCE_SECONDS = 900;

/**
 * What both custom senders share (needs `ssmModule` and `dynamoDbModule`): the stack's key to decrypt
 * Cognito's codes with, the pool's message templates, and the once-only record of each message.
 */
const senderBasics = new ContainerModule(({ bind }) => {
  bind<KMSClient>(TOKENS.KmsClient)
    .toResolvedValue((config: HandlerConfig) => createKmsClient(config.client), [TOKENS.Config])
    .inSingletonScope();
  bind<CodeDecryptor>(TOKENS.CodeDecryptor)
    .toResolvedValue(
      (kms: KMSClient, config: HandlerConfig) => {
        if (config.codeKeyArn === undefined) throw new ConfigurationError('the stack names no key for the codes (CODE_KEY_ARN is empty)');
        return new EsdkCodeDecryptor(kms, { keyArn: config.codeKeyArn });
      },
      [TOKENS.KmsClient, TOKENS.Config],
    )
    .inSingletonScope();
  bindCodeMessages(bind);
  bind<OnceOnly>(TOKENS.OnceOnly)
    .toResolvedValue(
      (client: DynamoDBClient, config: HandlerConfig) =>
        new DynamoDbOnceOnly(client, { tableName: config.tableName, purpose: 'code-message', expiresAfterSeconds: DELIVERY_ONCE_SECONDS }),
      [TOKENS.DynamoDbClient, TOKENS.Config],
    )
    .inSingletonScope();
  bindAlertMessages(bind);
  bind<OnceOnly>(TOKENS.NoticeOnceOnly)
    .toResolvedValue(
      (client: DynamoDBClient, config: HandlerConfig) =>
        new DynamoDbOnceOnly(client, { tableName: config.tableName, purpose: 'account-notice', expiresAfterSeconds: NOTICE_ONCE_SECONDS }),
      [TOKENS.DynamoDbClient, TOKENS.Config],
    )
    .inSingletonScope();
  bind<DeliverCodeMessage>(TOKENS.DeliverCodeMessage)
    .toResolvedValue(
      (decryptor: CodeDecryptor, templates: CodeMessageTemplates, once: OnceOnly, channel: MessageChannel, config: HandlerConfig) =>
        new DeliverCodeMessage(decryptor, templates, once, channel, { appName: config.mail.appName }),
      [TOKENS.CodeDecryptor, TOKENS.CodeMessageTemplates, TOKENS.OnceOnly, TOKENS.MessageChannel, TOKENS.Config],
    )
    .inSingletonScope();
  bind<DeliverAccountNotice>(TOKENS.DeliverAccountNotice)
    .toResolvedValue(
      (templates: AlertMessages, once: OnceOnly, channel: MessageChannel, config: HandlerConfig) =>
        new DeliverAccountNotice(templates, once, channel, { appName: config.mail.appName }),
      [TOKENS.AlertMessages, TOKENS.NoticeOnceOnly, TOKENS.MessageChannel, TOKENS.Config],
    )
    .inSingletonScope();
});

/** The custom email sender: the shared parts, and the stack's mail provider (needs `mailModule`). */
export const emailSenderModule = [
  senderBasics,
  new ContainerModule(({ bind }) => {
    bind<MessageChannel>(TOKENS.MessageChannel)
      .toResolvedValue((mailer: Mailer): MessageChannel => ({ kind: 'email', mailer }), [TOKENS.Mailer])
      .inSingletonScope();
  }),
];

/** The custom SMS sender: the shared parts, and the stack's SMS provider (SNS, or Twilio with its token). */
export const smsSenderModule = [
  senderBasics,
  new ContainerModule(({ bind }) => {
    bind<SNSClient>(TOKENS.SnsClient)
      .toResolvedValue((config: HandlerConfig) => createSnsClient(config.client), [TOKENS.Config])
      .inSingletonScope();
    bind<SsmSecret>(TOKENS.TwilioAuthToken)
      .toResolvedValue(
        (client: SSMClient, config: HandlerConfig) => {
          const parameter = config.sms.twilio?.authTokenParameter;
          if (parameter === undefined) throw new ConfigurationError('the stack has no Twilio auth token (TWILIO_AUTH_TOKEN_PARAMETER is empty)');
          return new SsmSecret(client, parameter);
        },
        [TOKENS.SsmClient, TOKENS.Config],
      )
      .inSingletonScope();
    bind<TextMessenger>(TOKENS.TextMessenger)
      .toDynamicValue((context) => {
        const config = context.get<HandlerConfig>(TOKENS.Config);
        const { twilio, senderId, originationNumber } = config.sms;
        if (config.sms.provider === 'twilio' && twilio !== undefined) {
          const token = context.get<SsmSecret>(TOKENS.TwilioAuthToken);
          return new TwilioTextMessenger({
            accountSid: twilio.accountSid,
            authToken: () => token.value(),
            ...(twilio.from ? { from: twilio.from } : {}),
            ...(twilio.messagingServiceSid ? { messagingServiceSid: twilio.messagingServiceSid } : {}),
            timeoutMs: config.client.timeoutMs,
            ...(twilio.endpoint ? { endpoint: twilio.endpoint } : {}),
          });
        }
        return new SnsTextMessenger(context.get<SNSClient>(TOKENS.SnsClient), {
          ...(senderId ? { senderId } : {}),
          ...(originationNumber ? { originationNumber } : {}),
        });
      })
      .inSingletonScope();
    bind<MessageChannel>(TOKENS.MessageChannel)
      .toResolvedValue((texts: TextMessenger): MessageChannel => ({ kind: 'sms', texts }), [TOKENS.TextMessenger])
      .inSingletonScope();
  }),
];

/** Starts reading the SMS provider's secret, when it has one, while the function initialises. */
export function readTextSecret(container: Container): Promise<unknown> {
  const config = container.get<HandlerConfig>(TOKENS.Config);
  if (config.sms.provider !== 'twilio' || config.sms.twilio === undefined) return Promise.resolve();
  return container.get<SsmSecret>(TOKENS.TwilioAuthToken).value();
}
