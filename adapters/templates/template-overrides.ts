import { FALLBACK_LOCALE } from './locales';
import type { MailTemplateCatalogue, MailTemplateSources } from './mail-templates';

/**
 * A stack's own templates (`gatehouse:messages.templates`, see README.md): a folder laid out as
 * `<message>/<locale>.<part>.mustache`, any subset of the built-in messages, parts and locales. Each file
 * replaces that one part of that message in that locale; the rest stays as built in. Nothing here reads
 * a file: `template-override-files.ts` reads the folder a function was shipped with, and the stack's
 * checks (`template-rules.ts`) run over the same paths and texts before anything deploys.
 */

export type TemplatePart = keyof MailTemplateSources;
export const TEMPLATE_PARTS: readonly TemplatePart[] = ['subject', 'html', 'text', 'sms'];

/** One file of a stack's folder: its path inside the folder (with `/`) and its text. */
export interface TemplateFile {
  readonly path: string;
  readonly source: string;
}

/** Message → locale → the parts the stack replaces. */
export type TemplateOverrides = Readonly<Record<string, Readonly<Record<string, Partial<Record<TemplatePart, string>>>>>>;

export const NO_OVERRIDES: TemplateOverrides = Object.freeze({});

export interface OverridePath {
  readonly message: string;
  readonly locale: string;
  readonly part: string;
}

/** `sign-up/fr.subject.mustache` → { message: 'sign-up', locale: 'fr', part: 'subject' }; undefined for any other shape. */
export function parseOverridePath(path: string): OverridePath | undefined {
  const match = /^([a-z0-9][a-z0-9-]*)\/([A-Za-z0-9_-]+)\.([a-z]+)\.mustache$/.exec(path);
  if (match === null) return undefined;
  const [, message = '', locale = '', part = ''] = match;
  return { message, locale, part };
}

/** Whether a file of the folder is no template and is left alone: hidden files, notes in Markdown. */
export function isIgnoredFile(path: string): boolean {
  return path.split('/').some((segment) => segment.startsWith('.')) || path.toLowerCase().endsWith('.md');
}

/**
 * The overrides a folder's files make. Files that are not templates (see `isIgnoredFile`) are left out.
 * @throws RangeError naming the file, for a path not of the form `<message>/<locale>.<part>.mustache`.
 */
export function overridesFromFiles(files: readonly TemplateFile[]): TemplateOverrides {
  const overrides: Record<string, Record<string, Partial<Record<TemplatePart, string>>>> = Object.create(null);
  for (const file of files) {
    if (isIgnoredFile(file.path)) continue;
    const parsed = parseOverridePath(file.path);
    if (parsed === undefined || !(TEMPLATE_PARTS as readonly string[]).includes(parsed.part)) {
      throw new RangeError(`${file.path}: not a template (expected <message>/<locale>.<part>.mustache, part one of ${TEMPLATE_PARTS.join(', ')})`);
    }
    const byLocale = (overrides[parsed.message] ??= Object.create(null) as Record<string, Partial<Record<TemplatePart, string>>>);
    (byLocale[parsed.locale] ??= {})[parsed.part as TemplatePart] = file.source;
  }
  return overrides;
}

/**
 * The catalogue with a stack's overrides laid over it: each file replaces its part; a locale the
 * catalogue lacks is added, and must then have every part. Messages of other catalogues are ignored.
 * @throws RangeError for a new locale that lacks a part (the stack's checks refuse it before it deploys).
 */
export function withOverrides<N extends string>(catalogue: MailTemplateCatalogue<N>, overrides: TemplateOverrides): MailTemplateCatalogue<N> {
  const layered = { ...catalogue } as Record<N, MailTemplateCatalogue<N>[N]>;
  for (const name of Object.keys(catalogue) as N[]) {
    const byLocale = Object.hasOwn(overrides, name) ? overrides[name] : undefined;
    if (byLocale === undefined) continue;
    const template = catalogue[name];
    const locales: Record<string, MailTemplateSources> = { ...template.locales };
    for (const [locale, parts] of Object.entries(byLocale)) {
      const builtIn = Object.hasOwn(template.locales, locale) ? template.locales[locale] : undefined;
      const merged = { ...builtIn, ...parts } as Partial<MailTemplateSources>;
      const needed: TemplatePart[] = ['subject', 'html', 'text', ...(template.locales[FALLBACK_LOCALE]?.sms === undefined ? [] : (['sms'] as const))];
      const missing = needed.filter((part) => typeof merged[part] !== 'string');
      if (missing.length > 0) {
        throw new RangeError(`${name}/${locale}: a locale the built-in templates do not have needs every part (missing: ${missing.join(', ')})`);
      }
      locales[locale] = merged as MailTemplateSources;
    }
    layered[name] = { ...template, locales };
  }
  return layered;
}
