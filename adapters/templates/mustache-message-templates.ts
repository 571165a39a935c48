import Mustache from 'mustache';
import { InvalidInputError, type MailTemplateName, type RenderedMail } from '../../domain';
import { FALLBACK_LOCALE, localeCandidates, resolveLocale } from './locales';
import { MAIL_TEMPLATES, type MailTemplate, type MailTemplateCatalogue, type MailTemplateSources } from './mail-templates';

export interface MustacheMessageTemplatesOptions {
  /** The stack's locale (`en`, `fr`, `pt-BR`): used when the user's is missing or has no templates. */
  readonly defaultLocale: string;
}

type Escape = (value: unknown) => string;

interface Parsed {
  readonly source: string;
  readonly tokens: string[][];
}

interface CompiledParts {
  readonly subject: Parsed;
  readonly html: Parsed;
  readonly text: Parsed;
  readonly sms: Parsed | undefined;
}

interface Compiled {
  readonly placeholders: readonly string[];
  readonly locales: ReadonlyMap<string, CompiledParts>;
}

const HTML_ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '/': '&#x2F;',
  '`': '&#x60;',
  '=': '&#x3D;',
};

/**
 * Each render names its escaping, so none depends on `Mustache.escape`, a global any code in the
 * process could reassign. HTML escapes what Mustache escapes by default, quotes included (values may
 * stand in attributes); subjects and text parts are plain text and stay as they are.
 */
export const escapeHtml: Escape = (value) => String(value).replace(/[&<>"'`=/]/g, (character) => HTML_ENTITIES[character] ?? character);
const asText: Escape = (value) => String(value);

const TOKEN_KINDS: Readonly<Record<string, string>> = {
  '&': 'unescaped values ({{{…}}} or {{&…}})',
  '>': 'partials ({{>…}})',
  '=': 'delimiter changes ({{=…=}})',
};

/**
 * Renders Gatehouse's own messages from the Mustache templates of this folder (see README.md). The
 * templates are parsed and checked once, when the renderer is built (once per cold start): a template
 * that uses a value it does not declare, an unescaped value or a partial fails there, not in a user's
 * flow. Values are plain text: escaped in the HTML part, verbatim in the subject, the text part and the
 * SMS. With its default catalogue it is the `MessageTemplates` port; with another (`N`), it renders
 * that catalogue's messages (see `MustacheCodeMessages`).
 */
export class MustacheMessageTemplates<N extends string = MailTemplateName> {
  /** A writer of our own: its parse cache is not the one every other Mustache user of the process shares. */
  private readonly writer = new Mustache.Writer();
  private readonly templates = new Map<string, Compiled>();
  private readonly defaultLocale: string;

  /** @throws RangeError when the default locale has no templates, or a template breaks the rules above. */
  constructor(options: MustacheMessageTemplatesOptions, catalogue: MailTemplateCatalogue<N> = MAIL_TEMPLATES as unknown as MailTemplateCatalogue<N>) {
    const known = new Set<string>();
    for (const [name, template] of Object.entries(catalogue) as [N, MailTemplate][]) {
      const locales = new Map<string, CompiledParts>();
      for (const [locale, sources] of Object.entries(template.locales)) {
        if (localeCandidates(locale)[0] !== locale) throw new RangeError(`mail template ${name}: ${locale} is not a canonical locale tag`);
        const parse = (part: keyof MailTemplateSources, source: string): Parsed => ({
          source,
          tokens: parseTemplate(this.writer, source, template.placeholders, `mail template ${name}/${locale}.${part}`),
        });
        locales.set(locale, {
          subject: parse('subject', sources.subject),
          html: parse('html', sources.html),
          text: parse('text', sources.text),
          sms: sources.sms === undefined ? undefined : parse('sms', sources.sms),
        });
        known.add(locale);
      }
      if (!locales.has(FALLBACK_LOCALE)) throw new RangeError(`mail template ${name} has no ${FALLBACK_LOCALE} version, the last fallback`);
      this.templates.set(name, { placeholders: template.placeholders, locales });
    }
    // `fr-CA` passes when there are `fr` templates: it then falls back to them, as a user's locale would.
    const candidates = localeCandidates(options.defaultLocale);
    if (!candidates.some((candidate) => known.has(candidate))) {
      throw new RangeError(`defaultLocale ${JSON.stringify(options.defaultLocale)} has no templates (available: ${[...known].sort().join(', ')})`);
    }
    this.defaultLocale = candidates[0] ?? FALLBACK_LOCALE;
  }

  renderMail(name: N, locale: string | undefined, values: Readonly<Record<string, string>>): RenderedMail & { readonly sms?: string } {
    const template = this.templates.get(name);
    if (template === undefined) throw new InvalidInputError(`no mail template named ${name}`);
    const chosen = resolveLocale(locale, [...template.locales.keys()], this.defaultLocale) ?? FALLBACK_LOCALE;
    const parts = template.locales.get(chosen);
    if (parts === undefined) throw new InvalidInputError(`mail template ${name} has no ${chosen} version`);
    const context = new Mustache.Context(viewOf(name, template.placeholders, values));
    const render = (parsed: Parsed, escape: Escape) => this.writer.renderTokens(parsed.tokens, context, undefined, parsed.source, { escape });
    return {
      // One header line, whatever a value holds.
      subject: oneLine(render(parts.subject, asText)),
      html: render(parts.html, escapeHtml),
      text: render(parts.text, asText),
      ...(parts.sms ? { sms: oneLine(render(parts.sms, asText)) } : {}),
      locale: chosen,
    };
  }
}

function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

/** Only the declared values, each a string: a template sees nothing else (no prototype, no functions). */
function viewOf(name: string, placeholders: readonly string[], values: Readonly<Record<string, string>>): Record<string, string> {
  const view = Object.create(null) as Record<string, string>;
  for (const placeholder of placeholders) {
    const value: unknown = Object.hasOwn(values, placeholder) ? values[placeholder] : undefined;
    if (typeof value !== 'string') throw new InvalidInputError(`mail template ${name} needs the value ${placeholder} (a string, possibly empty)`);
    view[placeholder] = value;
  }
  return view;
}

/**
 * Parses one template and holds it to the rules above (see README.md): what the renderer does to every
 * template when it is built, and what a stack's own templates are checked with before they deploy.
 * @throws RangeError naming `where`: a template Mustache cannot parse, or one that breaks a rule.
 */
export function parseTemplate(writer: Mustache.Writer, source: string, placeholders: readonly string[], where: string): string[][] {
  if (typeof source !== 'string') throw new RangeError(`${where}: the template is missing`);
  let tokens: string[][];
  try {
    tokens = writer.parse(source) as string[][];
  } catch (error) {
    throw new RangeError(`${where}: Mustache cannot parse it (${error instanceof Error ? error.message : String(error)})`);
  }
  checkTokens(tokens, placeholders, where);
  return tokens;
}

/** Values (`{{x}}`) and sections (`{{#x}}…{{/x}}`, `{{^x}}…{{/x}}`) of declared placeholders, text and comments: nothing else. */
function checkTokens(tokens: readonly string[][], placeholders: readonly string[], where: string): void {
  for (const token of tokens) {
    const [kind = '', value = ''] = token;
    if (kind === 'text' || kind === '!') continue;
    if (kind === 'name' || kind === '#' || kind === '^') {
      if (!placeholders.includes(value)) {
        throw new RangeError(`${where}: {{${value}}} is not one of its placeholders (${placeholders.join(', ')})`);
      }
      if (kind !== 'name') checkTokens((token as unknown as [string, string, number, number, string[][]])[4], placeholders, where);
      continue;
    }
    throw new RangeError(`${where}: ${TOKEN_KINDS[kind] ?? `{{${kind}…}} tags`} are not allowed`);
  }
}
