import type { Mailer } from '../ports/mailer';
import type { RenderedMail } from '../ports/message-templates';
import type { TextMessenger } from '../ports/text-messenger';

/** Where a custom sender's messages go out: the stack's mail provider, or its SMS provider. */
export type MessageChannel =
  | { readonly kind: 'email'; readonly mailer: Mailer }
  | { readonly kind: 'sms'; readonly texts: TextMessenger };

/** A message rendered for both channels: the mail, and its SMS version. */
export interface RenderedForChannels extends RenderedMail {
  readonly sms: string;
}

/** Sends the channel's part of a rendered message. */
export async function sendOn(channel: MessageChannel, to: string, rendered: RenderedForChannels): Promise<void> {
  if (channel.kind === 'email') await channel.mailer.send({ to, subject: rendered.subject, html: rendered.html, text: rendered.text });
  else await channel.texts.send({ to, body: rendered.sms });
}

/** What the channel sends to, for messages that name it. */
export function recipientKind(channel: MessageChannel): string {
  return channel.kind === 'email' ? 'email address' : 'phone number';
}
