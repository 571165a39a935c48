import magicLinkDeSubject from './mail/magic-link/de.subject.mustache';
import magicLinkDeHtml from './mail/magic-link/de.html.mustache';
import magicLinkDeText from './mail/magic-link/de.text.mustache';
import magicLinkEnSubject from './mail/magic-link/en.subject.mustache';
import magicLinkEnHtml from './mail/magic-link/en.html.mustache';
import magicLinkEnText from './mail/magic-link/en.text.mustache';
import magicLinkFrSubject from './mail/magic-link/fr.subject.mustache';
import magicLinkFrHtml from './mail/magic-link/fr.html.mustache';
import magicLinkFrText from './mail/magic-link/fr.text.mustache';
import welcomeDeSubject from './mail/welcome/de.subject.mustache';
import welcomeDeHtml from './mail/welcome/de.html.mustache';
import welcomeDeText from './mail/welcome/de.text.mustache';
import welcomeEnSubject from './mail/welcome/en.subject.mustache';
import welcomeEnHtml from './mail/welcome/en.html.mustache';
import welcomeEnText from './mail/welcome/en.text.mustache';
import welcomeFrSubject from './mail/welcome/fr.subject.mustache';
import welcomeFrHtml from './mail/welcome/fr.html.mustache';
import welcomeFrText from './mail/welcome/fr.text.mustache';
import type { MailTemplateName } from '../../domain';

/** One template in one locale: the subject line, the HTML part and the text part (Mustache sources). */
export interface MailTemplateSources {
  readonly subject: string;
  readonly html: string;
  readonly text: string;
  /** The SMS version, for messages that go by text message too: one line. */
  readonly sms?: string;
}

export interface MailTemplate {
  /** Every value the template may use (README.md lists them too); the renderer refuses any other. */
  readonly placeholders: readonly string[];
  /** By locale (`en`, `fr`, `pt-BR`); `en` is required, it is the last fallback. */
  readonly locales: Readonly<Record<string, MailTemplateSources>>;
}

export type MailTemplateCatalogue<N extends string = MailTemplateName> = Readonly<Record<N, MailTemplate>>;

/**
 * Every mail template, from the files in mail/<template>/<locale>.{subject,html,text}.mustache (see
 * README.md). The files are imported as text, so they are compiled into each bundle that renders mail:
 * nothing is read from disk at run time.
 */
export const MAIL_TEMPLATES: MailTemplateCatalogue = {
  // The only message that carries a link: the one Gatehouse builds from an allowed redirect URL (see template-rules.ts).
  'magic-link': {
    placeholders: ['name', 'link', 'validityMinutes', 'appName'],
    locales: {
      de: { subject: magicLinkDeSubject, html: magicLinkDeHtml, text: magicLinkDeText },
      en: { subject: magicLinkEnSubject, html: magicLinkEnHtml, text: magicLinkEnText },
      fr: { subject: magicLinkFrSubject, html: magicLinkFrHtml, text: magicLinkFrText },
    },
  },
  welcome: {
    placeholders: ['name', 'email', 'appName'],
    locales: {
      de: { subject: welcomeDeSubject, html: welcomeDeHtml, text: welcomeDeText },
      en: { subject: welcomeEnSubject, html: welcomeEnHtml, text: welcomeEnText },
      fr: { subject: welcomeFrSubject, html: welcomeFrHtml, text: welcomeFrText },
    },
  },
};
