import { expect } from 'chai';
import { build } from 'esbuild';
import Mustache from 'mustache';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAIL_TEMPLATES, type MailTemplateSources } from '../../../adapters/templates/mail-templates';
import { MustacheMessageTemplates } from '../../../adapters/templates/mustache-message-templates';
import { readTemplateOverrides } from '../../../adapters/templates/template-override-files';
import { withOverrides } from '../../../adapters/templates/template-overrides';
import type { MailTemplateName } from '../../../domain';
import { stackTemplateFolders } from '../../support/stack-templates';
import { lambdaBundleOptions } from '../../../scripts/bundle';

const folder = join(__dirname, '../../../adapters/templates');
const PARTS = ['subject', 'html', 'text'] as const;
/** Cognito's limit for the email a CustomMessage trigger returns; every message of ours keeps to it. */
const MAX_EMAIL_CHARACTERS = 20_000;

/** Sample values at the lengths real ones reach: a long name, a 254-character address. */
const SAMPLE_VALUES: Readonly<Record<string, string>> = {
  name: 'Zoë-Marie Ångström de la Fontaine-Müller',
  email: `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(57)}.example`,
  appName: 'Gatehouse Accounts & Sign-in',
  link: 'https://app.example.com/signed-in#NmExZjJjM2U.c2VjcmV0LXRva2VuLW9mLTQzLWNoYXJhY3RlcnMtaGVyZQ',
  validityMinutes: '10',
};

/** The sample values of one template's own placeholders. */
const valuesOf = (placeholders: readonly string[]) => Object.entries(SAMPLE_VALUES).filter(([placeholder]) => placeholders.includes(placeholder));

const names = Object.keys(MAIL_TEMPLATES) as MailTemplateName[];

/** Every name a template refers to, in values and sections alike. */
function namesUsed(tokens: unknown[][]): string[] {
  return tokens.flatMap((token) => {
    const [kind, value, , , children] = token as [string, string, number, number, unknown];
    if (kind === 'name' || kind === '&') return [value];
    if (kind === '#' || kind === '^') return [value, ...namesUsed(children as unknown[][])];
    return [];
  });
}

/** The placeholders README.md lists for a template, from its row of the table. */
function documentedPlaceholders(name: string): string[] {
  const readme = readFileSync(join(folder, 'README.md'), 'utf8');
  const row = readme.split('\n').find((line) => line.startsWith(`| \`${name}\` `));
  if (row === undefined) return [];
  const cells = row.split('|').map((cell) => cell.trim());
  return [...(cells[cells.length - 2] ?? '').matchAll(/`([^`]+)`/g)].map((match) => match[1] ?? '');
}

describe('adapters/templates: every mail template', () => {
  const templates = new MustacheMessageTemplates({ defaultLocale: 'en' });

  it('the catalogue holds exactly the files of mail/, each under its own template, locale and part', () => {
    const onDisk = readdirSync(join(folder, 'mail'), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => join(entry.parentPath, entry.name).slice(join(folder, 'mail').length + 1))
      .sort();
    const catalogued = names
      .flatMap((name) => Object.keys(MAIL_TEMPLATES[name].locales).flatMap((locale) => PARTS.map((part) => `${name}/${locale}.${part}.mustache`)))
      .sort();
    expect(onDisk).to.deep.equal(catalogued);
    for (const name of names) {
      for (const [locale, sources] of Object.entries(MAIL_TEMPLATES[name].locales)) {
        for (const part of PARTS) {
          expect(sources[part], `${name}/${locale}.${part}`).to.equal(readFileSync(join(folder, 'mail', name, `${locale}.${part}.mustache`), 'utf8'));
        }
      }
    }
  });

  for (const name of names) {
    const template = MAIL_TEMPLATES[name];

    it(`${name}: README.md lists exactly its placeholders`, () => {
      expect(documentedPlaceholders(name)).to.deep.equal([...template.placeholders]);
    });

    it(`${name}: exists in en, the last fallback`, () => expect(template.locales).to.have.property('en'));

    for (const [locale, sources] of Object.entries(template.locales) as [string, MailTemplateSources][]) {
      describe(`${name}/${locale}`, () => {
        it('uses no placeholder outside the documented list, and every one of them somewhere', () => {
          const used = new Set(PARTS.flatMap((part) => namesUsed(Mustache.parse(sources[part]))));
          for (const placeholder of used) expect(template.placeholders, `{{${placeholder}}}`).to.include(placeholder);
          expect([...used].sort()).to.deep.equal([...template.placeholders].sort());
          const raw = PARTS.map((part) => sources[part]).join('\n');
          expect(raw).not.to.match(/\{\{\{|\{\{&|\{\{>|\{\{=/);
        });

        it('renders with sample values: a one-line subject, every value in both parts, within the limit', () => {
          const mail = templates.renderMail(name, locale, SAMPLE_VALUES);
          expect(mail.locale).to.equal(locale);
          expect(sources.subject.trimEnd()).not.to.include('\n');
          expect(mail.subject).to.match(/^\S.*\S$/);
          expect(mail.subject).not.to.match(/[\r\n]/);
          for (const [placeholder, value] of valuesOf(template.placeholders)) {
            expect(mail.text, `${placeholder} in the text`).to.include(value);
            expect(mail.html, `${placeholder} in the HTML`).to.include(Mustache.escape(value));
          }
          expect(mail.subject.length + mail.html.length).to.be.at.most(MAX_EMAIL_CHARACTERS);
          expect(mail.text.length).to.be.at.most(MAX_EMAIL_CHARACTERS);
        });

        it('renders without a name: no dangling space or comma', () => {
          const mail = templates.renderMail(name, locale, { ...SAMPLE_VALUES, name: '' });
          expect(mail.text + mail.html).not.to.match(/ ,|  /);
        });

        it('HTML: a whole document in its language, inline styles only, nothing fetched from elsewhere', () => {
          const html = sources.html;
          expect(html).to.match(/^<!DOCTYPE html>\n<html lang="([^"]+)"/);
          expect(/<html lang="([^"]+)"/.exec(html)?.[1]).to.equal(locale);
          expect(html).to.include('<meta charset="utf-8">');
          expect(html).to.match(/<title>[^<]+<\/title>/);
          expect(html).not.to.match(/<(img|link|script|style|iframe|object|embed|form)\b/i);
          // The sign-in link is the one link a mail may carry, and only as Gatehouse builds it.
          expect(html.replaceAll(name === 'magic-link' ? 'href="{{link}}"' : '\0', '')).not.to.match(/\b(src|href|background)\s*=|url\(|@import|https?:/i);
          for (const table of html.match(/<table\b[^>]*>/g) ?? []) expect(table).to.include('role="presentation"');
        });

        it('text: no markup, no entities', () => {
          expect(sources.text).not.to.match(/<\/?[a-z][^>]*>/i);
          expect(sources.text).not.to.match(/&[a-z]+;|&#/i);
          expect(sources.subject).not.to.match(/<\/?[a-z][^>]*>|&[a-z]+;/i);
        });
      });
    }
  }

  // Each stack's own welcome templates, laid over the built-in ones, as its PostConfirmation renders them.
  for (const { stack, folder: stackFolder } of stackTemplateFolders()) {
    const layered = withOverrides(MAIL_TEMPLATES, readTemplateOverrides(stackFolder));
    const rendering = new MustacheMessageTemplates({ defaultLocale: 'en' }, layered);
    for (const name of names) {
      for (const locale of Object.keys(layered[name].locales)) {
        it(`${name}/${locale}, stack ${stack}: renders with sample values, a one-line subject, every value in both parts, within the limit`, () => {
          const mail = rendering.renderMail(name, locale, SAMPLE_VALUES);
          expect(mail.locale).to.equal(locale);
          expect(mail.subject).to.match(/^\S.*\S$/);
          for (const [placeholder, value] of valuesOf(layered[name].placeholders)) {
            expect(mail.text, `${placeholder} in the text`).to.include(value);
            expect(mail.html, `${placeholder} in the HTML`).to.include(Mustache.escape(value));
          }
          expect(mail.subject.length + mail.html.length).to.be.at.most(MAX_EMAIL_CHARACTERS);
          expect(mail.text.length).to.be.at.most(MAX_EMAIL_CHARACTERS);
        });
      }
    }
  }

  it('are compiled into a Lambda bundle: it renders them from anywhere, reading no file', async function () {
    this.timeout(60_000);
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-templates-'));
    try {
      const outfile = join(dir, 'index.js');
      const result = await build({
        ...lambdaBundleOptions,
        stdin: {
          contents: "export { MustacheMessageTemplates } from './mustache-message-templates';",
          resolveDir: folder,
          sourcefile: 'templates-entry.ts',
          loader: 'ts',
        },
        outfile,
      });
      const output = Object.values(result.metafile.outputs)[0];
      const inputs = Object.keys(output?.inputs ?? {});
      expect(inputs.filter((path) => path.endsWith('.mustache'))).to.have.length(
        names.reduce((count, name) => count + Object.keys(MAIL_TEMPLATES[name].locales).length * PARTS.length, 0),
      );
      // The renderer, Mustache and the templates: about 15 KiB minified; the budget leaves room for more messages.
      expect(output?.bytes ?? 0).to.be.within(8 * 1024, 64 * 1024);
      expect(readFileSync(outfile, 'utf8')).not.to.match(/readFileSync|\.mustache\b/);

      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const bundled = require(outfile) as { MustacheMessageTemplates: typeof MustacheMessageTemplates };
      const fromBundle = new bundled.MustacheMessageTemplates({ defaultLocale: 'en' });
      for (const name of names) {
        for (const locale of Object.keys(MAIL_TEMPLATES[name].locales)) {
          expect(fromBundle.renderMail(name, locale, SAMPLE_VALUES), `${name}/${locale}`).to.deep.equal(templates.renderMail(name, locale, SAMPLE_VALUES));
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
