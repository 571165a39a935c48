import { PublishCommand, type MessageAttributeValue, type SNSClient } from '@aws-sdk/client-sns';
import { TextRejectedError, type DomainError, type TextMessage, type TextMessenger } from '../../domain';
import { awsFailure, TEXT_FAILURES, withoutServiceMessage } from '../aws-errors';
import { isE164 } from '../phone-number';

export interface SnsTextMessengerOptions {
  /**
   * The name shown as the sender where the destination country supports sender IDs (and has it
   * registered): 1 to 11 letters and digits, at least one letter.
   */
  readonly senderId?: string;
  /** The number messages are sent from, in E.164 form: one the account owns in AWS End User Messaging SMS. */
  readonly originationNumber?: string;
}

/** SNS's own message attributes for a text sent straight to a phone number. */
export const SMS_ATTRIBUTES = {
  type: 'AWS.SNS.SMS.SMSType',
  senderId: 'AWS.SNS.SMS.SenderID',
  originationNumber: 'AWS.MM.SMS.OriginationNumber',
} as const;

const SENDER_ID = /^(?=.*[A-Za-z])[A-Za-z0-9]{1,11}$/;

function text(value: string): MessageAttributeValue {
  return { DataType: 'String', StringValue: value };
}

/**
 * Sends each message with SNS `Publish` straight to the recipient's number (no topic). Every message is
 * `Transactional`: codes are time-critical, and promotional traffic is the kind carriers and the account
 * default may deprioritise or hold back. A misspelt sender ID or origination number is refused when
 * the messenger is built (a `RangeError`), not at the first user's sign-in.
 */
export class SnsTextMessenger implements TextMessenger {
  private readonly attributes: Record<string, MessageAttributeValue>;

  constructor(
    private readonly client: SNSClient,
    options: SnsTextMessengerOptions = {},
  ) {
    this.attributes = { [SMS_ATTRIBUTES.type]: text('Transactional') };
    if (options.senderId !== undefined) {
      if (!SENDER_ID.test(options.senderId)) {
        throw new RangeError('SnsTextMessenger: senderId must be 1 to 11 letters or digits, at least one of them a letter');
      }
      this.attributes[SMS_ATTRIBUTES.senderId] = text(options.senderId);
    }
    if (options.originationNumber !== undefined) {
      if (!isE164(options.originationNumber)) {
        throw new RangeError('SnsTextMessenger: originationNumber must be an E.164 number (+ and 8 to 15 digits)');
      }
      this.attributes[SMS_ATTRIBUTES.originationNumber] = text(options.originationNumber);
    }
  }

  async send(message: TextMessage): Promise<void> {
    if (!isE164(message.to)) throw new TextRejectedError('SNS Publish not sent: the recipient is not an E.164 number');
    try {
      await this.client.send(
        new PublishCommand({ PhoneNumber: message.to, Message: message.body, MessageAttributes: { ...this.attributes } }),
      );
    } catch (error) {
      throw publishFailure(error);
    }
  }
}

function publishFailure(error: unknown): DomainError {
  const failure = awsFailure('SNS Publish', error, TEXT_FAILURES);
  failure.cause = withoutServiceMessage('SNS', error);
  return failure;
}
