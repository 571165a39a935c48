import { SendEmailCommand, type SESClient } from '@aws-sdk/client-ses';
import { MailRejectedError, type DomainError, type Mailer, type MailMessage } from '../../domain';
import { awsFailure, MAIL_FAILURES, withoutServiceMessage } from '../aws-errors';
import { formatMailbox, parseAddress, parseMailbox } from '../mailbox';

export interface SesMailerOptions {
  /** The sender, `address` or `Name <address>`: an identity SES has verified for the stack. */
  readonly from: string;
  /** Where replies go, when not to the sender: `address` or `Name <address>`. */
  readonly replyTo?: string;
  /** The SES configuration set that records sends, bounces and complaints for the stack. */
  readonly configurationSet?: string;
}

const CHARSET = 'UTF-8';

/**
 * Sends through SES (`SendEmail`, API v1), both parts in UTF-8. A misspelt sender or reply-to address
 * is refused when the mailer is built (a `RangeError`), not at the first user's sign-up.
 */
export class SesMailer implements Mailer {
  private readonly source: string;
  private readonly replyTo?: string;
  private readonly configurationSet?: string;

  constructor(
    private readonly client: SESClient,
    options: SesMailerOptions,
  ) {
    const from = parseMailbox(options.from);
    if (from === undefined) throw new RangeError('SesMailer: from must be an address or "Name <address>"');
    this.source = formatMailbox(from);
    if (options.replyTo !== undefined) {
      const replyTo = parseMailbox(options.replyTo);
      if (replyTo === undefined) throw new RangeError('SesMailer: replyTo must be an address or "Name <address>"');
      this.replyTo = formatMailbox(replyTo);
    }
    if (options.configurationSet !== undefined) {
      if (!/^[A-Za-z0-9_-]{1,64}$/.test(options.configurationSet)) {
        throw new RangeError('SesMailer: configurationSet must be 1 to 64 letters, digits, hyphens or underscores');
      }
      this.configurationSet = options.configurationSet;
    }
  }

  async send(message: MailMessage): Promise<void> {
    const to = parseAddress(message.to);
    if (to === undefined) throw new MailRejectedError('SES SendEmail not sent: the recipient is not a valid address');
    try {
      await this.client.send(
        new SendEmailCommand({
          Source: this.source,
          Destination: { ToAddresses: [to] },
          ...(this.replyTo === undefined ? {} : { ReplyToAddresses: [this.replyTo] }),
          ...(this.configurationSet === undefined ? {} : { ConfigurationSetName: this.configurationSet }),
          Message: {
            Subject: { Data: oneLine(message.subject), Charset: CHARSET },
            Body: {
              Html: { Data: message.html, Charset: CHARSET },
              Text: { Data: message.text, Charset: CHARSET },
            },
          },
        }),
      );
    } catch (error) {
      throw sendFailure(error);
    }
  }
}

/** A subject is one header line, whatever the template or its values hold. */
function oneLine(subject: string): string {
  return subject.replace(/[\r\n]+/g, ' ').trim();
}

function sendFailure(error: unknown): DomainError {
  const failure = awsFailure('SES SendEmail', error, MAIL_FAILURES);
  failure.cause = withoutServiceMessage('SES', error);
  return failure;
}
