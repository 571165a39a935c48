import { InvalidInputError, type AlertMailName, type AlertMessages, type RenderedAlert } from '../../domain';
import { ALERT_TEMPLATES } from './alert-templates';
import type { MailTemplateCatalogue } from './mail-templates';
import { MustacheMessageTemplates, type MustacheMessageTemplatesOptions } from './mustache-message-templates';

/**
 * The alerts to an account's owner, rendered by the same rules as every other template (see
 * README.md); each has an SMS version as well as the mail, so that an owner reached by phone is told too.
 */
export class MustacheAlertMessages implements AlertMessages {
  private readonly templates: MustacheMessageTemplates<AlertMailName>;

  /** @throws RangeError as `MustacheMessageTemplates` does, and when an alert has no SMS version. */
  constructor(options: MustacheMessageTemplatesOptions, catalogue: MailTemplateCatalogue<AlertMailName> = ALERT_TEMPLATES) {
    for (const [name, template] of Object.entries(catalogue)) {
      for (const [locale, sources] of Object.entries(template.locales)) {
        if (sources.sms === undefined) throw new RangeError(`alert ${name}/${locale} has no SMS version`);
      }
    }
    this.templates = new MustacheMessageTemplates<AlertMailName>(options, catalogue);
  }

  renderAlert(name: AlertMailName, locale: string | undefined, values: Readonly<Record<string, string>>): RenderedAlert {
    const { sms, ...mail } = this.templates.renderMail(name, locale, values);
    if (sms === undefined) throw new InvalidInputError(`alert ${name} has no SMS version`);
    return { ...mail, sms };
  }
}
