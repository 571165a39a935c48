/** The mail Gatehouse writes itself. */
export type MailTemplateName = 'welcome' | 'magic-link';

/** Mail to an account's owner about their account's activity. */
export type AlertMailName = 'account-locked' | 'new-device' | 'account-takeover';

/** The pool's own messages, one per purpose Cognito sends a code (or a temporary password) for. */
export type CodeMessageName =
  | 'sign-up'
  | 'admin-create-user'
  | 'resend-code'
  | 'forgot-password'
  | 'update-user-attribute'
  | 'verify-user-attribute'
  | 'authentication';

export interface RenderedMail {
  readonly subject: string;
  readonly html: string;
  readonly text: string;
  /** The locale whose template was used, after fallback. */
  readonly locale: string;
}

/**
 * Renders a message in the user's language: the requested locale (`fr-CA`), then its language (`fr`),
 * then the stack's default locale. Values are plain text: the renderer escapes them in HTML.
 */
export interface MessageTemplates {
  renderMail(name: MailTemplateName, locale: string | undefined, values: Readonly<Record<string, string>>): RenderedMail;
}

/** A code message: the mail, and its SMS (one line). */
export interface RenderedCodeMessage extends RenderedMail {
  readonly sms: string;
}

/** Renders the pool's own messages, with the same locale fallback as `MessageTemplates`. */
export interface CodeMessageTemplates {
  renderCodeMessage(name: CodeMessageName, locale: string | undefined, values: Readonly<Record<string, string>>): RenderedCodeMessage;
}

/** An alert: the mail, and its SMS (one line) for an owner reached by phone. */
export interface RenderedAlert extends RenderedMail {
  readonly sms: string;
}

/** Renders the alerts to an account's owner, with the same locale fallback as `MessageTemplates`. */
export interface AlertMessages {
  renderAlert(name: AlertMailName, locale: string | undefined, values: Readonly<Record<string, string>>): RenderedAlert;
}
