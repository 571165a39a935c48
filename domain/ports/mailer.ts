/** One email, rendered: both parts are always sent (HTML for clients that show it, text for the rest). */
export interface MailMessage {
  readonly to: string;
  readonly subject: string;
  readonly html: string;
  readonly text: string;
}

/**
 * Sends email through the stack's provider, from the stack's sender. Throws `MailUnavailableError` when
 * the provider could not be reached or answered in time (transient), `MailRejectedError` when it refused
 * the message (a bad address, an unverified sender, missing permission).
 */
export interface Mailer {
  send(message: MailMessage): Promise<void>;
}
