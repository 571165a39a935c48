import { CodeRejectedError } from '../errors';
import { incidentFrom, type Incident } from '../model/incident';
import type { CodeDecryptor } from '../ports/code-decryptor';
import type { CodeMessageName, CodeMessageTemplates } from '../ports/message-templates';
import type { OnceOnly } from '../ports/once-only';
import { recipientKind, sendOn, type MessageChannel } from './message-channel';

export interface CodeDeliveryRequest {
  readonly message: CodeMessageName;
  /** The code or temporary password as Cognito hands it to a custom sender: encrypted, base64. */
  readonly encryptedCode: string;
  readonly poolId: string;
  /** The user's address (email) or number (SMS); absent when the user has none. */
  readonly recipient?: string;
  /** The username, which an admin-created user's invitation names. */
  readonly username: string;
  readonly locale?: string;
  readonly name?: string;
  /**
   * What identifies this one message: the same for every delivery of one event, different for the
   * next code (the encrypted code is, since each encryption is randomised).
   */
  readonly deliveryKey: string;
}

/**
 * `delivered`: sent by this call; `already-delivered`: an earlier delivery of the same event sent it;
 * `in-progress`: another delivery is sending it now; `undeliverable`: it can never be sent (the code
 * does not decrypt here, the user has no address), so retrying is pointless — reported as an incident.
 */
export type CodeDeliveryOutcome = 'delivered' | 'already-delivered' | 'in-progress' | 'undeliverable';

export interface CodeDeliveryResult {
  readonly outcome: CodeDeliveryOutcome;
  readonly locale?: string;
  readonly incidents: readonly Incident[];
}

export interface CodeDeliveryOptions {
  readonly appName: string;
}

/**
 * A custom sender: Cognito's encrypted code turned back into the code (or temporary password), written
 * into the stack's templates in the user's language, and delivered through the stack's provider —
 * once, however often Cognito delivers the event (custom senders are invoked asynchronously, and an
 * asynchronous invocation may arrive more than once).
 *
 * A message that could be sent on a later attempt fails loudly (the provider or the key service did
 * not answer, the provider refused it, the once-only record could not be kept): the error is thrown so
 * that Lambda retries the invocation and, past its retries, hands the event to the on-failure
 * destination. A message that never can be sent is reported and dropped. Nothing here logs the code,
 * the message or the recipient.
 */
export class DeliverCodeMessage {
  constructor(
    private readonly decryptor: CodeDecryptor,
    private readonly templates: CodeMessageTemplates,
    private readonly once: OnceOnly,
    private readonly channel: MessageChannel,
    private readonly options: CodeDeliveryOptions,
  ) {}

  async execute(request: CodeDeliveryRequest): Promise<CodeDeliveryResult> {
    const to = request.recipient?.trim();
    if (to === undefined || to.length === 0) {
      return undeliverable(new Error(`the user has no ${recipientKind(this.channel)} to send the ${request.message} message to`));
    }
    let locale: string | undefined;
    let outcome: 'done' | 'already-done' | 'in-progress';
    try {
      outcome = await this.once.run(`${this.channel.kind}#${request.deliveryKey}`, async () => {
        const code = await this.decryptor.decrypt(request.encryptedCode, { poolId: request.poolId });
        const rendered = this.templates.renderCodeMessage(request.message, request.locale, {
          // Cognito HTML-escapes temporary passwords; the templates escape what they put in HTML.
          code: request.message === 'admin-create-user' ? unescapeHtml(code) : code,
          username: request.username,
          name: request.name ?? '',
          appName: this.options.appName,
        });
        locale = rendered.locale;
        await sendOn(this.channel, to, rendered);
      });
    } catch (error) {
      if (error instanceof CodeRejectedError) return undeliverable(error);
      throw error;
    }
    const delivered = outcome === 'done' ? 'delivered' : outcome === 'already-done' ? 'already-delivered' : 'in-progress';
    return { outcome: delivered, ...(locale === undefined ? {} : { locale }), incidents: [] };
  }
}

export function undeliverable(cause: unknown): CodeDeliveryResult {
  return { outcome: 'undeliverable', incidents: [incidentFrom('CODE_UNDELIVERABLE', 'error', cause)] };
}

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** The text an HTML-escaped string stands for: named entities of the escaping set, and numeric ones. */
export function unescapeHtml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (entity, body: string) => {
    if (body[0] === '#') {
      const point = body[1] === 'x' || body[1] === 'X' ? Number.parseInt(body.slice(2), 16) : Number.parseInt(body.slice(1), 10);
      return Number.isInteger(point) && point >= 0 && point <= 0x10ffff ? String.fromCodePoint(point) : entity;
    }
    return ENTITIES[body.toLowerCase()] ?? entity;
  });
}
