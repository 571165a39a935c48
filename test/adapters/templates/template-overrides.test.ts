import { expect } from 'chai';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ALERT_TEMPLATES } from '../../../adapters/templates/alert-templates';
import { CODE_MESSAGE_TEMPLATES } from '../../../adapters/templates/code-message-templates';
import { MAIL_TEMPLATES } from '../../../adapters/templates/mail-templates';
import { MustacheCodeMessages } from '../../../adapters/templates/mustache-code-messages';
import { readTemplateFiles, readTemplateOverrides } from '../../../adapters/templates/template-override-files';
import { overridesFromFiles, withOverrides, type TemplateFile } from '../../../adapters/templates/template-overrides';
import { checkTemplateFolder, type TemplateProblem } from '../../../adapters/templates/template-rules';
import { stackTemplateFolders } from '../../support/stack-templates';

const folder = join(__dirname, '../../../adapters/templates');
const builtIn = (path: string) => CODE_MESSAGE_TEMPLATES['sign-up'].locales['en']?.[path as 'html'] ?? '';

/** The problems of a folder of one file (and any others given). */
const problemsOf = (...files: TemplateFile[]): TemplateProblem[] => [...checkTemplateFolder(files).problems];
const file = (path: string, source: string): TemplateFile => ({ path, source });

describe('adapters/templates: a stack\'s own templates', () => {
  describe('checkTemplateFolder: the rules, each problem naming its file', () => {
    it('holds every built-in template to them: the built-in folders pass as they are', () => {
      const files = [...readTemplateFiles(join(folder, 'messages')), ...readTemplateFiles(join(folder, 'mail'))];
      const check = checkTemplateFolder(files);
      expect(check.problems).to.deep.equal([]);
      expect(check.templates).to.have.length(files.length);
    });

    for (const { stack, setting, folder: stackFolder } of stackTemplateFolders()) {
      it(`holds stack ${stack}'s folder (${setting}) to them`, () => {
        const check = checkTemplateFolder(readTemplateFiles(stackFolder));
        expect(check.problems).to.deep.equal([]);
        expect(check.templates).not.to.be.empty;
      });
    }

    it('accepts one part of one locale of one message, naming its catalogue', () => {
      const check = checkTemplateFolder([file('sign-up/fr.subject.mustache', 'Bienvenue sur {{appName}}')]);
      expect(check.problems).to.deep.equal([]);
      expect(check.templates).to.deep.equal([{ path: 'sign-up/fr.subject.mustache', kind: 'code-message' }]);
      expect(checkTemplateFolder([file('welcome/de.subject.mustache', 'Hallo')]).templates[0]?.kind).to.equal('mail');
      expect(checkTemplateFolder([file('account-locked/en.sms.mustache', '{{appName}}: locked.')]).templates[0]?.kind).to.equal('alert');
    });

    it('ignores notes in Markdown and hidden files', () => {
      const check = checkTemplateFolder([file('README.md', '# ours'), file('.DS_Store', ''), file('sign-up/.swp', 'x')]);
      expect(check).to.deep.equal({ problems: [], templates: [] });
    });

    it('refuses a file that is not laid out as <message>/<locale>.<part>.mustache', () => {
      for (const path of ['notes.txt', 'sign-up.en.subject.mustache', 'sign-up/en.subject.txt', 'messages/sign-up/en.subject.mustache']) {
        expect(problemsOf(file(path, 'x')), path).to.deep.equal([
          { file: path, rule: 'is not a template: templates are <message>/<locale>.<part>.mustache, as in adapters/templates/messages/ and mail/' },
        ]);
      }
    });

    it('refuses a message Gatehouse does not write, naming those it does', () => {
      const [problem] = problemsOf(file('sign-in/en.subject.mustache', 'x'));
      expect(problem?.file).to.equal('sign-in/en.subject.mustache');
      expect(problem?.rule).to.match(/^"sign-in" is not a message Gatehouse writes \(one of magic-link, welcome, sign-up, .*account-takeover\)$/);
    });

    it('refuses a part the message does not have', () => {
      expect(problemsOf(file('welcome/en.sms.mustache', 'x'))).to.deep.equal([
        { file: 'welcome/en.sms.mustache', rule: '"sms" is not a part of welcome (its parts: subject, html, text)' },
      ]);
      expect(problemsOf(file('sign-up/en.body.mustache', 'x'))[0]?.rule).to.equal('"body" is not a part of sign-up (its parts: subject, html, text, sms)');
    });

    it('refuses a locale that is not a canonical language tag, naming the file it should be', () => {
      expect(problemsOf(file('sign-up/fr_CA.subject.mustache', 'x'))[0]?.rule).to.equal(
        '"fr_CA" is not a canonical language tag: name the file sign-up/fr-CA.subject.mustache',
      );
      expect(problemsOf(file('sign-up/english.subject.mustache', 'x'))[0]?.rule).to.equal('"english" is not a language tag (en, fr, pt-BR)');
    });

    it('refuses a template Mustache cannot parse', () => {
      expect(problemsOf(file('sign-up/en.subject.mustache', 'Hello {{#name}}{{name}}'))).to.deep.equal([
        { file: 'sign-up/en.subject.mustache', rule: 'Mustache cannot parse it (Unclosed section "name" at 23)' },
      ]);
    });

    it('refuses logic the renderer does not allow: unescaped values, partials, delimiter changes, undeclared values', () => {
      const rules = (source: string) => problemsOf(file('sign-up/en.subject.mustache', source)).map((problem) => problem.rule);
      expect(rules('Hi {{{name}}}')).to.deep.equal(['unescaped values ({{{…}}} or {{&…}}) are not allowed']);
      expect(rules('Hi {{&name}}')).to.deep.equal(['unescaped values ({{{…}}} or {{&…}}) are not allowed']);
      expect(rules('Hi {{>footer}}')).to.deep.equal(['partials ({{>…}}) are not allowed']);
      expect(rules('{{=<% %>=}}Hi')).to.deep.equal(['delimiter changes ({{=…=}}) are not allowed']);
      expect(rules('Hi {{email}}')).to.deep.equal(['{{email}} is not one of its placeholders (code, name, appName)']);
      expect(rules('{{#constructor}}x{{/constructor}}')).to.deep.equal(['{{constructor}} is not one of its placeholders (code, name, appName)']);
    });

    it('refuses a code message without Cognito\'s code, or with it only for users who have a name', () => {
      expect(problemsOf(file('sign-up/en.sms.mustache', '{{appName}}: welcome'))).to.deep.equal([
        { file: 'sign-up/en.sms.mustache', rule: "must carry {{code}} (Cognito's {####}): Cognito refuses the message without it" },
      ]);
      expect(problemsOf(file('sign-up/en.sms.mustache', '{{#name}}{{code}}{{/name}}'))).to.deep.equal([
        {
          file: 'sign-up/en.sms.mustache',
          rule: "must carry {{code}} (Cognito's {####}) for a user without a name too, not only inside a {{#name}} section: Cognito refuses the message without it",
        },
      ]);
      const text = builtIn('text').replace('{{code}}', 'the code');
      expect(problemsOf(file('sign-up/en.text.mustache', text))[0]).to.deep.include({ file: 'sign-up/en.text.mustache' });
    });

    it('refuses an admin-created user\'s message without the username, and a subject with the code', () => {
      expect(problemsOf(file('admin-create-user/en.sms.mustache', 'Your password: {{code}}'))).to.deep.equal([
        { file: 'admin-create-user/en.sms.mustache', rule: "must carry {{username}} (Cognito's {username}): Cognito refuses the message without it" },
      ]);
      expect(problemsOf(file('sign-up/en.subject.mustache', 'Your code {{code}}'))).to.deep.equal([
        { file: 'sign-up/en.subject.mustache', rule: 'the subject never carries the code (mail subjects are shown in notifications and lists)' },
      ]);
    });

    it('refuses what is too long with the longest values: an SMS over 140 characters, an email over 20,000', () => {
      expect(problemsOf(file('sign-up/en.sms.mustache', '{{appName}}, {{appName}}: {{code}}'))).to.deep.equal([]);
      const [sms] = problemsOf(file('sign-up/en.sms.mustache', '{{appName}}, {{appName}}, {{appName}}: {{code}}'));
      expect(sms).to.deep.equal({
        file: 'sign-up/en.sms.mustache',
        rule: "renders 204 characters with the longest values (a 64-character app name), over Cognito's limit of 140",
      });
      const html = builtIn('html').replace('</body>', `<p>${'x'.repeat(20_000)}</p></body>`);
      const [long] = problemsOf(file('sign-up/en.html.mustache', html));
      expect(long?.file).to.equal('sign-up/en.html.mustache');
      expect(long?.rule).to.match(/^renders \d+ characters with the longest values, over the limit of 20000$/);
    });

    it('refuses a one-line part on several lines, markup in plain text, an HTML part that does not stand alone', () => {
      const rules = (path: string, source: string) => problemsOf(file(path, source)).map((problem) => problem.rule);
      expect(rules('sign-up/en.subject.mustache', 'Two\nlines')).to.deep.equal(['the subject is one line']);
      expect(rules('sign-up/en.text.mustache', builtIn('text').replace('{{code}}', '<b>{{code}}</b>'))).to.deep.equal([
        'the text is plain text: no markup, no HTML entities',
      ]);
      expect(rules('sign-up/en.html.mustache', builtIn('html').replace('lang="en"', 'lang="fr"'))).to.deep.equal([
        'the HTML part is a whole document in its language: <html lang="en"',
      ]);
      expect(rules('sign-up/en.html.mustache', builtIn('html').replace('</h1>', '</h1><img src="https://example.com/logo.png">'))[0]).to.match(
        /^the HTML part stands alone: inline styles, nothing fetched from elsewhere/,
      );
      expect(rules('sign-up/en.html.mustache', builtIn('html').replace('<table role="presentation"', '<table'))).to.deep.equal([
        'layout tables are marked role="presentation"',
      ]);
    });

    it('refuses a link in an alert, in any part', () => {
      expect(problemsOf(file('account-takeover/en.text.mustache', 'Secure it at https://example.com'))).to.deep.include({
        file: 'account-takeover/en.text.mustache',
        rule: 'an alert carries no link and no URL (these are the messages a phishing attempt imitates)',
      });
    });

    it('lets only the magic-link mail carry a link, and only the one Gatehouse builds (href="{{link}}", {{link}})', () => {
      const LINK_RULE = 'the sign-in link is its only link, written href="{{link}}" in the HTML and {{link}} in the text: no other link and no URL';
      const mail = MAIL_TEMPLATES['magic-link'].locales['en'];
      const rules = (path: string, source: string) => problemsOf(file(path, source)).map((problem) => problem.rule);
      expect(rules('magic-link/en.html.mustache', mail?.html ?? '')).to.deep.equal([]);
      expect(rules('magic-link/en.text.mustache', `Open {{link}} within {{validityMinutes}} minutes.`)).to.deep.equal([]);
      expect(rules('magic-link/en.html.mustache', (mail?.html ?? '').replace('</h1>', '</h1><a href="https://evil.example/">help</a>'))).to.include(LINK_RULE);
      expect(rules('magic-link/en.html.mustache', (mail?.html ?? '').replace('href="{{link}}"', "href='{{link}}?next=x'"))).to.include(LINK_RULE);
      expect(rules('magic-link/en.text.mustache', 'Open {{link}} or www.example.com')).to.include(LINK_RULE);
      // The link itself must be there, for a user without a name too.
      expect(rules('magic-link/en.text.mustache', '{{#name}}Open {{link}}{{/name}}')).to.deep.equal([
        'must carry the sign-in link ({{link}}) for a user without a name too: it is what the mail is for',
      ]);
      expect(rules('magic-link/en.html.mustache', (mail?.html ?? '').replace('href="{{link}}"', 'title="sign in"'))).to.deep.equal([
        'must carry the sign-in link (href="{{link}}"): it is what the mail is for',
      ]);
      // Any other message carries no link at all.
      expect(rules('welcome/en.text.mustache', 'Welcome {{name}}, see https://example.com')).to.deep.equal([
        'carries no link and no URL (only the magic-link mail carries one: the sign-in link Gatehouse builds)',
      ]);
    });

    it('accepts a new locale with every part, and names each file of one that lacks some', () => {
      const en = CODE_MESSAGE_TEMPLATES['sign-up'].locales['en'];
      const parts = { subject: 'Hola', html: en?.html.replace('lang="en"', 'lang="es"') ?? '', text: en?.text ?? '', sms: en?.sms ?? '' };
      const complete = Object.entries(parts).map(([part, source]) => file(`sign-up/es.${part}.mustache`, source));
      expect(checkTemplateFolder(complete).problems).to.deep.equal([]);
      expect(problemsOf(file('sign-up/es.subject.mustache', 'Hola'), file('sign-up/es.sms.mustache', '{{code}}'))).to.deep.equal(
        ['sign-up/es.subject.mustache', 'sign-up/es.sms.mustache'].map((path) => ({
          file: path,
          rule: 'a locale the built-in templates do not have needs every part (missing: html, text)',
        })),
      );
    });
  });

  describe('withOverrides: a stack\'s files over the compiled-in catalogue', () => {
    it('replaces exactly the parts given, keeps every other, adds a complete new locale, ignores other catalogues\' messages', () => {
      const overrides = overridesFromFiles([
        file('sign-up/fr.subject.mustache', 'Bienvenue sur {{appName}}'),
        file('welcome/en.subject.mustache', 'Hi'),
        file('README.md', 'notes'),
      ]);
      const layered = withOverrides(CODE_MESSAGE_TEMPLATES, overrides);
      expect(layered['sign-up'].locales['fr']).to.deep.equal({ ...CODE_MESSAGE_TEMPLATES['sign-up'].locales['fr'], subject: 'Bienvenue sur {{appName}}' });
      expect(layered['sign-up'].locales['en']).to.equal(CODE_MESSAGE_TEMPLATES['sign-up'].locales['en']);
      expect(layered['forgot-password']).to.equal(CODE_MESSAGE_TEMPLATES['forgot-password']);
      expect(withOverrides(ALERT_TEMPLATES, overrides)).to.deep.equal(ALERT_TEMPLATES);
      expect(withOverrides(MAIL_TEMPLATES, overrides).welcome.locales['en']?.subject).to.equal('Hi');
      const rendered = new MustacheCodeMessages({ defaultLocale: 'en' }, layered).renderCodeMessage('sign-up', 'fr-CA', { code: '{####}', name: '', appName: 'Example' });
      expect(rendered.subject).to.equal('Bienvenue sur Example');
      expect(rendered.text).to.contain('{####}');
    });

    it('refuses a new locale that lacks a part, and a file that is not a template', () => {
      expect(() => withOverrides(CODE_MESSAGE_TEMPLATES, overridesFromFiles([file('sign-up/es.subject.mustache', 'Hola')]))).to.throw(
        RangeError,
        'sign-up/es: a locale the built-in templates do not have needs every part (missing: html, text, sms)',
      );
      expect(() => overridesFromFiles([file('sign-up/en.body.mustache', 'x')])).to.throw(RangeError, 'sign-up/en.body.mustache: not a template');
    });
  });

  describe('readTemplateOverrides: the folder a function is shipped with', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'gatehouse-overrides-'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('reads every template under it, by message, locale and part', () => {
      mkdirSync(join(dir, 'sign-up'));
      mkdirSync(join(dir, 'welcome'));
      writeFileSync(join(dir, 'sign-up', 'fr.subject.mustache'), 'Bienvenue');
      writeFileSync(join(dir, 'sign-up', 'en.sms.mustache'), '{{code}}');
      writeFileSync(join(dir, 'welcome', 'de.text.mustache'), 'Hallo');
      writeFileSync(join(dir, 'README.md'), 'ours');
      expect(JSON.parse(JSON.stringify(readTemplateOverrides(dir)))).to.deep.equal({
        'sign-up': { en: { sms: '{{code}}' }, fr: { subject: 'Bienvenue' } },
        welcome: { de: { text: 'Hallo' } },
      });
    });

    it('fails for a missing folder or a file that is not a template', () => {
      expect(() => readTemplateOverrides(join(dir, 'nope'))).to.throw(RangeError, "the stack's templates are missing");
      writeFileSync(join(dir, 'stray.txt'), 'x');
      expect(() => readTemplateOverrides(dir)).to.throw(RangeError, 'stray.txt: not a template');
    });
  });
});
