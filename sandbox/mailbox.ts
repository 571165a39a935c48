/**
 * A message the sandbox's mailbox received: a code the pool sent itself, a mail or a text message a
 * function sent (with the code it carries, when the pool handed it to a custom sender), or a message a
 * custom sender never delivered.
 */
export interface MailboxEntry {
  readonly at: number;
  readonly kind: 'code' | 'mail' | 'text' | 'undelivered';
  readonly to: string;
  readonly subject?: string;
  readonly code?: string;
  readonly text?: string;
}
