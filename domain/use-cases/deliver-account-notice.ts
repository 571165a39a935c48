import type { AlertMessages } from '../ports/message-templates';
import type { OnceOnly } from '../ports/once-only';
import { undeliverable, type CodeDeliveryResult } from './deliver-code-message';
import { recipientKind, sendOn, type MessageChannel } from './message-channel';

export interface AccountNoticeRequest {
  /** The user's address (email) or number (SMS); absent when the user has none. */
  readonly recipient?: string;
  readonly locale?: string;
  readonly name?: string;
  /** What identifies this notice: the same for every delivery of one event. */
  readonly deliveryKey: string;
}

/**
 * The notice Cognito's threat protection asks a custom sender to deliver when a sign-in to the account
 * looked risky (`…_AccountTakeOverNotification`): no code, and no details of the sign-in. The owner is
 * told what to do if it was not them, without a link (see adapters/templates/README.md). Delivered once
 * per event, as the code messages are, and failing loudly for a retry as they do.
 */
export class DeliverAccountNotice {
  constructor(
    private readonly templates: AlertMessages,
    private readonly once: OnceOnly,
    private readonly channel: MessageChannel,
    private readonly options: { readonly appName: string },
  ) {}

  async execute(request: AccountNoticeRequest): Promise<CodeDeliveryResult> {
    const to = request.recipient?.trim();
    if (to === undefined || to.length === 0) {
      return undeliverable(new Error(`the user has no ${recipientKind(this.channel)} to send the account-takeover notice to`));
    }
    let locale: string | undefined;
    const outcome = await this.once.run(`${this.channel.kind}#${request.deliveryKey}`, async () => {
      const rendered = this.templates.renderAlert('account-takeover', request.locale, { name: request.name ?? '', appName: this.options.appName });
      locale = rendered.locale;
      await sendOn(this.channel, to, rendered);
    });
    const delivered = outcome === 'done' ? 'delivered' : outcome === 'already-done' ? 'already-delivered' : 'in-progress';
    return { outcome: delivered, ...(locale === undefined ? {} : { locale }), incidents: [] };
  }
}
