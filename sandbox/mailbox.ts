/** A message the sandbox's mailbox received: a code Cognito sent, or a mail a function sent. */
export interface MailboxEntry {
  readonly at: number;
  readonly kind: 'code' | 'mail';
  readonly to: string;
  readonly subject?: string;
  readonly code?: string;
  readonly text?: string;
}
