/** One text message, rendered: a single line, within what one SMS carries. */
export interface TextMessage {
  /** The recipient in E.164 form (`+447700900123`), as Cognito holds `phone_number`. */
  readonly to: string;
  readonly body: string;
}

/**
 * Sends text messages through the stack's SMS provider. Throws `TextUnavailableError` when the provider
 * could not be reached or answered in time (transient), `TextRejectedError` when it refused the message
 * (a bad number, an unverified sender, missing permission, a spending limit).
 */
export interface TextMessenger {
  send(message: TextMessage): Promise<void>;
}
