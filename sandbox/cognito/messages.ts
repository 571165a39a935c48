import type { MessageSender } from 'cognito-local/lib/services/messageDelivery/messageSender';

/** A code the pool sent (by email or SMS), as the user would receive it. */
export interface CodeDelivery {
  /** The user's username in the pool (with email as username, the `sub`-like id, not the address). */
  readonly username: string;
  readonly medium: 'EMAIL' | 'SMS';
  readonly destination: string;
  readonly code: string;
  /** The CustomMessage trigger's text, when the pool has one and it answered. */
  readonly subject?: string;
  readonly message?: string;
}

/** Called for every code sent, in order; the sandbox shows or mails it, a test may record it. */
export type DeliveryListener = (delivery: CodeDelivery) => void | Promise<void>;

/**
 * What cognito-local sends its codes through: each one is recorded in `deliveries` and handed to the
 * listener, instead of being printed to the console.
 */
export function recordingSender(deliveries: CodeDelivery[], listener?: DeliveryListener): MessageSender {
  const record = async (delivery: CodeDelivery) => {
    deliveries.push(delivery);
    await listener?.(delivery);
  };
  return {
    sendEmail: (_ctx, user, destination, message) =>
      record({
        username: user.Username,
        medium: 'EMAIL',
        destination,
        code: String(message.__code),
        ...(message.emailSubject === undefined ? {} : { subject: message.emailSubject }),
        ...(message.emailMessage === undefined ? {} : { message: message.emailMessage }),
      }),
    sendSms: (_ctx, user, destination, message) =>
      record({
        username: user.Username,
        medium: 'SMS',
        destination,
        code: String(message.__code),
        ...(message.smsMessage === undefined ? {} : { message: message.smsMessage }),
      }),
  };
}
