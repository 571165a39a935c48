import { InvalidInputError, type CodeMessageName, type CodeMessageTemplates, type RenderedCodeMessage } from '../../domain';
import { CODE_MESSAGE_TEMPLATES } from './code-message-templates';
import type { MailTemplateCatalogue } from './mail-templates';
import { MustacheMessageTemplates, type MustacheMessageTemplatesOptions } from './mustache-message-templates';

/**
 * The pool's own messages, rendered by the same rules as every other template (see README.md); each
 * has an SMS version as well as the mail.
 */
export class MustacheCodeMessages implements CodeMessageTemplates {
  private readonly templates: MustacheMessageTemplates<CodeMessageName>;

  /** @throws RangeError as `MustacheMessageTemplates` does, and when a message has no SMS version. */
  constructor(options: MustacheMessageTemplatesOptions, catalogue: MailTemplateCatalogue<CodeMessageName> = CODE_MESSAGE_TEMPLATES) {
    for (const [name, template] of Object.entries(catalogue)) {
      for (const [locale, sources] of Object.entries(template.locales)) {
        if (sources.sms === undefined) throw new RangeError(`code message ${name}/${locale} has no SMS version`);
      }
    }
    this.templates = new MustacheMessageTemplates<CodeMessageName>(options, catalogue);
  }

  renderCodeMessage(name: CodeMessageName, locale: string | undefined, values: Readonly<Record<string, string>>): RenderedCodeMessage {
    const { sms, ...mail } = this.templates.renderMail(name, locale, values);
    if (sms === undefined) throw new InvalidInputError(`code message ${name} has no SMS version`);
    return { ...mail, sms };
  }
}
