/** The messages Gatehouse writes itself. */
export type MailTemplateName = 'welcome';

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
