import { expect } from 'chai';
import Mustache from 'mustache';
import type { MailTemplateCatalogue } from '../../../adapters/templates/mail-templates';
import { MustacheMessageTemplates } from '../../../adapters/templates/mustache-message-templates';
import { InvalidInputError } from '../../../domain';

const values = { name: 'Jane', email: 'jane@example.com', appName: 'Gatehouse' };

/** A catalogue of one template, `en` only, for the rules the real templates never break. */
function catalogue(sources: { subject?: string; html?: string; text?: string }, locale = 'en'): MailTemplateCatalogue<'welcome'> {
  return {
    welcome: {
      placeholders: ['name', 'email', 'appName'],
      locales: {
        [locale]: { subject: sources.subject ?? 'Hi {{appName}}', html: sources.html ?? '<p>{{name}}</p>', text: sources.text ?? '{{name}}' },
      },
    },
  };
}

describe('adapters/templates/MustacheMessageTemplates', () => {
  const templates = new MustacheMessageTemplates({ defaultLocale: 'en' });

  it('renders the welcome mail: subject, HTML and text, and says which locale it used', () => {
    const mail = templates.renderMail('welcome', 'en-GB', values);
    expect(mail.locale).to.equal('en');
    expect(mail.subject).to.equal('Welcome to Gatehouse');
    expect(mail.text.split('\n')[0]).to.equal('Hello Jane,');
    expect(mail.text).to.include('Your account for jane@example.com is confirmed');
    expect(mail.html).to.include('<html lang="en" dir="ltr">');
    expect(mail.html).to.include('Hello Jane,');
    expect(mail.html).to.include('<strong>jane@example.com</strong>');
  });

  it("renders in the user's language, however the locale attribute is spelt", () => {
    expect(templates.renderMail('welcome', 'fr_CA', values)).to.deep.include({ locale: 'fr', subject: 'Bienvenue sur Gatehouse' });
    expect(templates.renderMail('welcome', 'FR', values).text.split('\n')[0]).to.equal('Bonjour Jane,');
    expect(templates.renderMail('welcome', 'de-AT', values)).to.deep.include({ locale: 'de', subject: 'Willkommen bei Gatehouse' });
  });

  it("falls back to the stack's default locale, then to en", () => {
    const french = new MustacheMessageTemplates({ defaultLocale: 'fr' });
    expect(french.renderMail('welcome', undefined, values).locale).to.equal('fr');
    expect(french.renderMail('welcome', 'es-MX', values).locale).to.equal('fr');
    expect(french.renderMail('welcome', 'de', values).locale).to.equal('de');
    expect(templates.renderMail('welcome', 'es-MX', values).locale).to.equal('en');
    expect(new MustacheMessageTemplates({ defaultLocale: 'fr-CA' }).renderMail('welcome', 'it', values).locale).to.equal('fr');
  });

  it('greets without a name when the name is empty, in every locale', () => {
    const greetings: Record<string, string> = { en: 'Hello,', fr: 'Bonjour,', de: 'Hallo,' };
    for (const [locale, greeting] of Object.entries(greetings)) {
      const mail = templates.renderMail('welcome', locale, { ...values, name: '' });
      expect(mail.text.split('\n')[0], locale).to.equal(greeting);
      expect(mail.html, locale).to.include(`<p style="margin:0 0 16px;">${greeting}</p>`);
      expect(mail.text + mail.html, locale).not.to.match(/ ,/);
    }
  });

  describe('values are plain text', () => {
    const hostile = {
      name: '<script>alert("x")</script>',
      email: "o'brien+<b>@example.com",
      appName: 'Tom & Jerry\'s "Gate" `=/',
    };
    const mail = templates.renderMail('welcome', 'en', hostile);

    it('escapes every value in the HTML part: tags, quotes, ampersands', () => {
      expect(mail.html).to.include('Hello &lt;script&gt;alert(&quot;x&quot;)&lt;&#x2F;script&gt;,');
      expect(mail.html).to.include('<strong>o&#39;brien+&lt;b&gt;@example.com</strong>');
      expect(mail.html).to.include('<title>Welcome to Tom &amp; Jerry&#39;s &quot;Gate&quot; &#x60;&#x3D;&#x2F;</title>');
      for (const value of Object.values(hostile)) expect(mail.html).not.to.include(value);
      expect(mail.html).not.to.include('<script');
      expect(mail.html).not.to.include('<b>');
    });

    it('leaves them as they are in the subject and the text part', () => {
      expect(mail.subject).to.equal('Welcome to Tom & Jerry\'s "Gate" `=/');
      expect(mail.text.split('\n')[0]).to.equal('Hello <script>alert("x")</script>,');
      expect(mail.text).to.include("Your account for o'brien+<b>@example.com is confirmed");
      expect(mail.text).not.to.include('&amp;');
      expect(mail.text).not.to.include('&lt;');
    });

    it('never renders a value as a template', () => {
      const rendered = templates.renderMail('welcome', 'en', { ...values, name: '{{appName}} {{#email}}x{{/email}}' });
      expect(rendered.text.split('\n')[0]).to.equal('Hello {{appName}} {{#email}}x{{/email}},');
    });

    it('keeps the subject on one line whatever a value holds', () => {
      expect(templates.renderMail('welcome', 'en', { ...values, appName: 'Gate\r\nBcc: x@example.net\n' }).subject).to.equal(
        'Welcome to Gate Bcc: x@example.net',
      );
    });
  });

  describe("Mustache's global escape", () => {
    it('is neither changed by a render nor relied on by one', () => {
      const original = Mustache.escape;
      templates.renderMail('welcome', 'en', values);
      expect(Mustache.escape).to.equal(original);
      expect(Mustache.render('{{v}}', { v: '<&>' })).to.equal('&lt;&amp;&gt;');
      try {
        Mustache.escape = () => 'REPLACED';
        const mail = templates.renderMail('welcome', 'en', { ...values, name: '<b>' });
        expect(mail.html).to.include('Hello &lt;b&gt;,');
        expect(mail.text.split('\n')[0]).to.equal('Hello <b>,');
      } finally {
        Mustache.escape = original;
      }
    });
  });

  describe('the values a render needs', () => {
    it('refuses a missing or non-string value, naming it', () => {
      expect(() => templates.renderMail('welcome', 'en', { name: 'Jane', email: 'jane@example.com' })).to.throw(InvalidInputError, /needs the value appName/);
      expect(() => templates.renderMail('welcome', 'en', { ...values, name: 42 as unknown as string })).to.throw(InvalidInputError, /needs the value name/);
    });

    it('ignores values the template does not declare', () => {
      expect(templates.renderMail('welcome', 'en', { ...values, code: '123456' })).to.deep.equal(templates.renderMail('welcome', 'en', values));
    });
  });

  describe('construction', () => {
    it('takes the default locale in any spelling, refusing one without templates', () => {
      for (const defaultLocale of ['en', 'EN', 'fr', 'fr-CA', 'de_AT']) {
        expect(() => new MustacheMessageTemplates({ defaultLocale }), defaultLocale).not.to.throw();
      }
      for (const defaultLocale of ['es', 'pt-BR', '', 'french']) {
        expect(() => new MustacheMessageTemplates({ defaultLocale }), defaultLocale).to.throw(RangeError, /has no templates \(available: de, en, fr\)/);
      }
    });

    const broken: [string, Parameters<typeof catalogue>[0], RegExp][] = [
      ['an unescaped value ({{{…}}})', { html: '<p>{{{name}}}</p>' }, /welcome\/en\.html: unescaped values/],
      ['an unescaped value ({{&…}})', { text: '{{&name}}' }, /welcome\/en\.text: unescaped values/],
      ['a partial', { html: '{{>footer}}' }, /partials/],
      ['a delimiter change', { text: '{{=<% %>=}}<% name %>' }, /delimiter changes/],
      ['an undeclared placeholder', { subject: 'Your code {{code}}' }, /welcome\/en\.subject: \{\{code\}\} is not one of its placeholders \(name, email, appName\)/],
      ['an undeclared placeholder inside a section', { text: '{{#name}}{{password}}{{/name}}' }, /\{\{password\}\} is not one of/],
      ['an undeclared section', { text: '{{#admin}}x{{/admin}}' }, /\{\{admin\}\} is not one of/],
      ['a property lookup', { text: '{{name.length}}' }, /\{\{name\.length\}\} is not one of/],
    ];
    for (const [what, sources, pattern] of broken) {
      it(`refuses a template with ${what}`, () => {
        expect(() => new MustacheMessageTemplates({ defaultLocale: 'en' }, catalogue(sources))).to.throw(RangeError, pattern);
      });
    }

    it('refuses a template without an en version, or under a locale that is not a canonical tag', () => {
      expect(() => new MustacheMessageTemplates({ defaultLocale: 'fr' }, catalogue({}, 'fr'))).to.throw(RangeError, /has no en version/);
      const misspelt: MailTemplateCatalogue<'welcome'> = {
        welcome: { ...catalogue({}).welcome, locales: { ...catalogue({}).welcome.locales, fr_ca: catalogue({}).welcome.locales.en! } },
      };
      expect(() => new MustacheMessageTemplates({ defaultLocale: 'en' }, misspelt)).to.throw(RangeError, /fr_ca is not a canonical locale tag/);
    });

    it('accepts comments', () => {
      const commented = new MustacheMessageTemplates({ defaultLocale: 'en' }, catalogue({ text: '{{! the greeting }}Hi {{name}}' }));
      expect(commented.renderMail('welcome', 'en', values).text).to.equal('Hi Jane');
    });
  });
});
