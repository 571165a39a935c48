import Mustache from 'mustache';
import { ALERT_TEMPLATES } from './alert-templates';
import { CODE_MESSAGE_TEMPLATES } from './code-message-templates';
import { localeCandidates } from './locales';
import { MAIL_TEMPLATES, type MailTemplate, type MailTemplateCatalogue } from './mail-templates';
import { escapeHtml, MustacheMessageTemplates, parseTemplate } from './mustache-message-templates';
import {
  isIgnoredFile,
  overridesFromFiles,
  parseOverridePath,
  withOverrides,
  type TemplateFile,
  type TemplatePart,
} from './template-overrides';

/**
 * The rules every template is held to (README.md, "Rules"), as one function over a folder of files:
 * what a stack's own templates (`gatehouse:messages.templates`) are checked with before anything
 * deploys, and what the tests hold the built-in templates and every stack's folder to. The build
 * compiles this module into dist/tools/template-rules.js, which the Pulumi program loads as it loads
 * the bundles: from disk, never as an import (infra/ imports no adapter).
 */

/** Which of Gatehouse's catalogues a message belongs to, and so which functions render it. */
export type TemplateKind = 'mail' | 'code-message' | 'alert';

export interface TemplateProblem {
  /** The file, as its path inside the folder. */
  readonly file: string;
  readonly rule: string;
}

export interface CheckedTemplate {
  readonly path: string;
  readonly kind: TemplateKind;
}

export interface TemplateFolderCheck {
  /** Every rule a file breaks; none when the folder may deploy. */
  readonly problems: readonly TemplateProblem[];
  /** The templates of the folder (files it ignores left out), each with its catalogue. */
  readonly templates: readonly CheckedTemplate[];
}

/** Cognito's limits for what a CustomMessage trigger returns; every message of ours keeps to them. */
export const MAX_EMAIL_CHARACTERS = 20_000;
export const MAX_SMS_CHARACTERS = 140;
/** What CustomMessage puts in place of the code and the username: its messages must carry them. */
export const CODE_PARAMETER = '{####}';
export const USERNAME_PARAMETER = '{username}';

const HOSTILE_NAME = `<script>alert("x")</script> & ${'Z'.repeat(80)}`;
const LONG_DATE = 'Wednesday, 30 September 2026, 23:59 (UTC+05:45)';

/** The message whose mail carries a link: the one Gatehouse builds from an allowed redirect URL and a token. */
export const LINK_MESSAGE = 'magic-link';
/** The longest link a stack can make: a 1,024-character redirect URL, the token after `#`. */
const LONGEST_LINK = `https://${'l'.repeat(63)}.example/${'p'.repeat(940)}#${'u'.repeat(64)}.${'t'.repeat(43)}`;

/** The longest values a stack and a user can give, per catalogue: a 64-character product name, a long hostile name. */
export const LONGEST_VALUES: Readonly<Record<TemplateKind, Readonly<Record<string, string>>>> = {
  mail: {
    appName: 'A'.repeat(64),
    name: HOSTILE_NAME,
    email: `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(57)}.example`,
    link: LONGEST_LINK,
    validityMinutes: '10',
  },
  'code-message': { appName: 'A'.repeat(64), name: HOSTILE_NAME, code: CODE_PARAMETER, username: USERNAME_PARAMETER },
  alert: {
    appName: 'A'.repeat(64),
    name: HOSTILE_NAME,
    unlocksAt: LONG_DATE,
    signedInAt: LONG_DATE,
    device: `Mozilla/5.0 (Windows NT 10.0; Win64; x64) ${'D'.repeat(200)}`,
  },
};

const CATALOGUES: Readonly<Record<TemplateKind, MailTemplateCatalogue<string>>> = {
  mail: MAIL_TEMPLATES,
  'code-message': CODE_MESSAGE_TEMPLATES,
  alert: ALERT_TEMPLATES,
};

/** What a Cognito message must carry in its mail and SMS: the code, and the username for admin-created users. */
function requiredParameters(kind: TemplateKind, message: string): string[] {
  if (kind !== 'code-message') return [];
  return message === 'admin-create-user' ? [CODE_PARAMETER, USERNAME_PARAMETER] : [CODE_PARAMETER];
}

function catalogueOf(message: string): { kind: TemplateKind; template: MailTemplate } | undefined {
  for (const [kind, catalogue] of Object.entries(CATALOGUES) as [TemplateKind, MailTemplateCatalogue<string>][]) {
    if (Object.hasOwn(catalogue, message)) return { kind, template: catalogue[message] as MailTemplate };
  }
  return undefined;
}

/** The parts a message has: subject, HTML and text, and an SMS where its built-in templates have one. */
function partsOf(template: MailTemplate): TemplatePart[] {
  return ['subject', 'html', 'text', ...(Object.values(template.locales).some((sources) => sources.sms !== undefined) ? (['sms'] as const) : [])];
}

const KNOWN_MESSAGES = () => Object.values(CATALOGUES).flatMap((catalogue) => Object.keys(catalogue));

/** Rules a part's source keeps on its own: one line where one line goes, an HTML part that stands alone, no links but Gatehouse's own. */
function sourceProblems(kind: TemplateKind, message: string, locale: string, part: TemplatePart, source: string): string[] {
  const problems: string[] = [];
  if ((part === 'subject' || part === 'sms') && source.trimEnd().includes('\n')) problems.push(`the ${part} is one line`);
  if (part === 'subject' && /\{\{\s*code\s*\}\}/.test(source)) problems.push('the subject never carries the code (mail subjects are shown in notifications and lists)');
  if (part === 'html') {
    if (/<html lang="([^"]+)"/.exec(source)?.[1] !== locale) problems.push(`the HTML part is a whole document in its language: <html lang="${locale}"`);
    if (/<(img|link|script|style|iframe|object|embed|form)\b/i.test(source) || /\b(src|background)\s*=|url\(|@import/i.test(source)) {
      problems.push('the HTML part stands alone: inline styles, nothing fetched from elsewhere (no img, link, script, style, iframe, object, embed, form, src=, background=, url(), @import)');
    }
    for (const table of source.match(/<table\b[^>]*>/gi) ?? []) {
      if (!table.includes('role="presentation"')) {
        problems.push('layout tables are marked role="presentation"');
        break;
      }
    }
  }
  if ((part === 'text' || part === 'subject' || part === 'sms') && /<\/?[a-z][^>]*>|&[a-z]+;|&#/i.test(source)) {
    problems.push(`the ${part} is plain text: no markup, no HTML entities`);
  }
  if (kind === 'alert' && /https?:|www\.|href=/i.test(source)) {
    problems.push('an alert carries no link and no URL (these are the messages a phishing attempt imitates)');
  } else if (message === LINK_MESSAGE) {
    // The sign-in link is the one link a message may carry, and only as Gatehouse builds it: a template
    // that adds another (or writes a URL itself) would teach users to follow links a phishing mail imitates.
    const hrefs = source.match(/href\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/gi) ?? [];
    if (hrefs.some((href) => !/^href="\{\{link\}\}"$/.test(href)) || /https?:|www\./i.test(source)) {
      problems.push('the sign-in link is its only link, written href="{{link}}" in the HTML and {{link}} in the text: no other link and no URL');
    }
  } else if (/https?:|www\.|href=/i.test(source)) {
    problems.push(`carries no link and no URL (only the ${LINK_MESSAGE} mail carries one: the sign-in link Gatehouse builds)`);
  }
  return problems;
}

/** Renders a message in a locale with the longest values, a name and none, and checks what Cognito checks. */
function renderedProblems(
  renderer: MustacheMessageTemplates<string>,
  kind: TemplateKind,
  message: string,
  locale: string,
): { part: TemplatePart; rule: string }[] {
  const problems: { part: TemplatePart; rule: string }[] = [];
  const longest = LONGEST_VALUES[kind];
  const missing = new Set<string>();
  for (const values of [longest, { ...longest, name: '' }]) {
    const rendered = renderer.renderMail(message, locale, values);
    if (rendered.html.length > MAX_EMAIL_CHARACTERS) {
      problems.push({ part: 'html', rule: `renders ${rendered.html.length} characters with the longest values, over the limit of ${MAX_EMAIL_CHARACTERS}` });
    }
    if (rendered.text.length > MAX_EMAIL_CHARACTERS) {
      problems.push({ part: 'text', rule: `renders ${rendered.text.length} characters with the longest values, over the limit of ${MAX_EMAIL_CHARACTERS}` });
    }
    if (rendered.sms !== undefined && rendered.sms.length > MAX_SMS_CHARACTERS) {
      problems.push({ part: 'sms', rule: `renders ${rendered.sms.length} characters with the longest values (a 64-character app name), over Cognito's limit of ${MAX_SMS_CHARACTERS}` });
    }
    if (message === LINK_MESSAGE) {
      const link = values.link ?? '';
      const carried = { html: rendered.html.includes(`href="${escapeHtml(link)}"`), text: rendered.text.includes(link) };
      for (const part of ['html', 'text'] as const) {
        if (!carried[part] && !missing.has(`${part}{{link}}`)) {
          missing.add(`${part}{{link}}`);
          problems.push({ part, rule: `must carry the sign-in link (${part === 'html' ? 'href="{{link}}"' : '{{link}}'})${values.name === '' ? ' for a user without a name too' : ''}: it is what the mail is for` });
        }
      }
    }
    for (const parameter of requiredParameters(kind, message)) {
      for (const part of ['html', 'text', 'sms'] as const) {
        const text = rendered[part];
        if (text !== undefined && !text.includes(parameter) && !missing.has(`${part}${parameter}`)) {
          missing.add(`${part}${parameter}`);
          const placeholder = parameter === CODE_PARAMETER ? '{{code}}' : '{{username}}';
          problems.push({
            part,
            rule: `must carry ${placeholder} (Cognito's ${parameter})${values.name === '' ? ' for a user without a name too, not only inside a {{#name}} section' : ''}: Cognito refuses the message without it`,
          });
        }
      }
    }
  }
  return problems;
}

const unique = <T>(items: readonly T[], key: (item: T) => string): T[] => [...new Map(items.map((item) => [key(item), item])).values()];

/**
 * Checks a folder of templates laid out as the built-in ones (`<message>/<locale>.<part>.mustache`): the
 * path of each file, its message, part and locale, the tags it uses (Mustache must parse it; values as
 * `{{name}}` of the message's placeholders, sections over them, nothing unescaped, no partials or
 * delimiter changes), the rules of its part, and each message it touches rendered in that locale with
 * the longest values: Cognito's placeholders present and its limits kept. Hidden files and Markdown notes
 * are ignored. Pure: the caller reads the files.
 */
export function checkTemplateFolder(files: readonly TemplateFile[]): TemplateFolderCheck {
  const problems: TemplateProblem[] = [];
  const templates: CheckedTemplate[] = [];
  const writer = new Mustache.Writer();
  const accepted: (TemplateFile & { message: string; locale: string; part: TemplatePart; kind: TemplateKind })[] = [];
  for (const file of files) {
    if (isIgnoredFile(file.path)) continue;
    const path = parseOverridePath(file.path);
    if (path === undefined) {
      problems.push({ file: file.path, rule: 'is not a template: templates are <message>/<locale>.<part>.mustache, as in adapters/templates/messages/ and mail/' });
      continue;
    }
    const found = catalogueOf(path.message);
    if (found === undefined) {
      problems.push({ file: file.path, rule: `"${path.message}" is not a message Gatehouse writes (one of ${KNOWN_MESSAGES().join(', ')})` });
      continue;
    }
    const parts = partsOf(found.template);
    if (!(parts as string[]).includes(path.part)) {
      problems.push({ file: file.path, rule: `"${path.part}" is not a part of ${path.message} (its parts: ${parts.join(', ')})` });
      continue;
    }
    const canonical = localeCandidates(path.locale)[0];
    if (canonical !== path.locale) {
      problems.push({
        file: file.path,
        rule: canonical === undefined ? `"${path.locale}" is not a language tag (en, fr, pt-BR)` : `"${path.locale}" is not a canonical language tag: name the file ${path.message}/${canonical}.${path.part}.mustache`,
      });
      continue;
    }
    const part = path.part as TemplatePart;
    let fileProblems: string[] = [];
    try {
      parseTemplate(writer, file.source, found.template.placeholders, file.path);
    } catch (error) {
      fileProblems.push((error instanceof Error ? error.message : String(error)).replace(`${file.path}: `, ''));
    }
    fileProblems = [...fileProblems, ...sourceProblems(found.kind, path.message, path.locale, part, file.source)];
    problems.push(...fileProblems.map((rule) => ({ file: file.path, rule })));
    templates.push({ path: file.path, kind: found.kind });
    if (fileProblems.length === 0) accepted.push({ ...file, ...path, part, kind: found.kind });
  }

  // Whole messages, once every file of theirs is sound: a new locale complete, Cognito's placeholders and limits kept.
  const byMessage = new Map<string, typeof accepted>();
  for (const file of accepted) byMessage.set(`${file.message}/${file.locale}`, [...(byMessage.get(`${file.message}/${file.locale}`) ?? []), file]);
  for (const [key, group] of byMessage) {
    const [{ message, locale, kind }] = group as [(typeof accepted)[number]];
    const catalogue = CATALOGUES[kind];
    let layered: MailTemplateCatalogue<string>;
    try {
      layered = withOverrides({ [message]: catalogue[message] as MailTemplate }, overridesFromFiles(group));
    } catch (error) {
      const rule = (error instanceof Error ? error.message : String(error)).replace(`${key}: `, '');
      problems.push(...group.map((file) => ({ file: file.path, rule })));
      continue;
    }
    const fileOf = (part: TemplatePart) => group.find((file) => file.part === part)?.path ?? `${key}.${part}.mustache (built in)`;
    const renderer = new MustacheMessageTemplates<string>({ defaultLocale: 'en' }, layered);
    const rendered = unique(renderedProblems(renderer, kind, message, locale), (problem) => `${problem.part}\0${problem.rule}`);
    problems.push(...rendered.map((problem) => ({ file: fileOf(problem.part), rule: problem.rule })));
  }
  return { problems, templates };
}
