import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALERT_TEMPLATES } from '../../../adapters/templates/alert-templates';
import { CODE_MESSAGE_TEMPLATES } from '../../../adapters/templates/code-message-templates';
import type { MailTemplate } from '../../../adapters/templates/mail-templates';
import { MustacheAlertMessages } from '../../../adapters/templates/mustache-alert-messages';
import { MustacheCodeMessages } from '../../../adapters/templates/mustache-code-messages';
import { MustacheMessageTemplates } from '../../../adapters/templates/mustache-message-templates';
import { readTemplateOverrides } from '../../../adapters/templates/template-override-files';
import { withOverrides } from '../../../adapters/templates/template-overrides';
import type { AlertMailName, CodeMessageName } from '../../../domain';
import { stackTemplateFolders } from '../../support/stack-templates';

const folder = join(__dirname, '../../../adapters/templates');
/** Cognito's limits for what a CustomMessage trigger returns. */
const MAX_EMAIL_CHARACTERS = 20_000;
const MAX_SMS_CHARACTERS = 140;
/** What CustomMessage puts in place of the code and the username: the message must carry them. */
const CODE_PARAMETER = '{####}';
const USERNAME_PARAMETER = '{username}';

/** The longest values a stack and a user can give: a 64-character product name, a long hostile name. */
const LONGEST = {
  appName: 'A'.repeat(64),
  name: `<script>alert("x")</script> & ${'Z'.repeat(80)}`,
  code: CODE_PARAMETER,
  username: USERNAME_PARAMETER,
};

/** The alerts' own values at their longest: a date in a long month, a device described at length. */
const LONGEST_ALERT = {
  appName: LONGEST.appName,
  name: LONGEST.name,
  unlocksAt: 'Wednesday, 30 September 2026, 23:59 (UTC+05:45)',
  signedInAt: 'Wednesday, 30 September 2026, 23:59 (UTC+05:45)',
  device: `Mozilla/5.0 (Windows NT 10.0; Win64; x64) ${'D'.repeat(200)}`,
};
/** The name as the HTML part must show it: every character Mustache escapes, escaped. */
const ESCAPED_NAME = `&lt;script&gt;alert(&quot;x&quot;)&lt;&#x2F;script&gt; &amp; ${'Z'.repeat(80)}`;
/** GSM 03.38's basic character set (escape, line feed and carriage return aside): one standard SMS. */
const GSM_7 = new Set('@£$¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà');

/** Every stack of the repository with templates of its own (`gatehouse:messages.templates`), and those templates. */
const STACKS = stackTemplateFolders().map(({ stack, folder: stackFolder }) => ({ stack, overrides: readTemplateOverrides(stackFolder) }));

const codeNames = Object.keys(CODE_MESSAGE_TEMPLATES) as CodeMessageName[];
const alertNames = Object.keys(ALERT_TEMPLATES) as AlertMailName[];

function filesOf(catalogue: Readonly<Record<string, MailTemplate>>): string[] {
  return Object.entries(catalogue)
    .flatMap(([name, template]) =>
      Object.entries(template.locales).flatMap(([locale, sources]) => Object.keys(sources).map((part) => `${name}/${locale}.${part}.mustache`)),
    )
    .sort();
}

describe('adapters/templates: the code messages and the alerts', () => {
  it('the catalogues hold exactly the files of messages/, each file as it is on disk', () => {
    const onDisk = readdirSync(join(folder, 'messages'), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => join(entry.parentPath, entry.name).slice(join(folder, 'messages').length + 1))
      .sort();
    expect(onDisk).to.deep.equal([...filesOf(CODE_MESSAGE_TEMPLATES), ...filesOf(ALERT_TEMPLATES)].sort());
    for (const catalogue of [CODE_MESSAGE_TEMPLATES, ALERT_TEMPLATES] as Readonly<Record<string, MailTemplate>>[]) {
      for (const [name, template] of Object.entries(catalogue)) {
        for (const [locale, sources] of Object.entries(template.locales)) {
          for (const [part, source] of Object.entries(sources)) {
            expect(source, `${name}/${locale}.${part}`).to.equal(readFileSync(join(folder, 'messages', name, `${locale}.${part}.mustache`), 'utf8'));
          }
        }
      }
    }
  });

  it('every code message exists in every locale, with an SMS version', () => {
    for (const name of codeNames) {
      expect(Object.keys(CODE_MESSAGE_TEMPLATES[name].locales).sort(), name).to.deep.equal(['de', 'en', 'fr']);
    }
    expect(() => new MustacheCodeMessages({ defaultLocale: 'en' })).not.to.throw();
  });

  const messages = new MustacheCodeMessages({ defaultLocale: 'en' });
  // The built-in messages, and each stack's own templates laid over them, as its functions render them.
  const codeCatalogues = [
    { label: '', catalogue: CODE_MESSAGE_TEMPLATES },
    ...STACKS.map(({ stack, overrides }) => ({ label: `, stack ${stack}`, catalogue: withOverrides(CODE_MESSAGE_TEMPLATES, overrides) })),
  ];
  for (const { label, catalogue } of codeCatalogues) {
    const rendering = label === '' ? messages : new MustacheCodeMessages({ defaultLocale: 'en' }, catalogue);
    for (const name of codeNames) {
      for (const locale of Object.keys(catalogue[name].locales)) {
        it(`${name} (${locale}${label}): carries Cognito's placeholders, escapes the user's name in HTML, and keeps to Cognito's limits`, () => {
          const rendered = rendering.renderCodeMessage(name, locale, LONGEST);
          expect(rendered.locale).to.equal(locale);
          for (const part of ['html', 'text', 'sms'] as const) {
            expect(rendered[part], `${part} has the code`).to.contain(CODE_PARAMETER);
            if (name === 'admin-create-user') expect(rendered[part], `${part} has the username`).to.contain(USERNAME_PARAMETER);
          }
          expect(rendered.subject).not.to.contain(CODE_PARAMETER);
          expect(rendered.html).not.to.contain('<script>');
          if (rendered.html.includes('alert')) expect(rendered.html).to.contain('&lt;script&gt;');
          expect(rendered.html.length).to.be.at.most(MAX_EMAIL_CHARACTERS);
          expect(rendered.sms.length, rendered.sms).to.be.at.most(MAX_SMS_CHARACTERS);
          expect(rendered.sms).not.to.match(/[\r\n]/);
          expect(rendered.subject).not.to.match(/[\r\n]/);
          expect(rendered.html).to.match(new RegExp(`<html lang="${locale}"`));
        });
      }
    }
  }

  it('falls back from a regional locale to its language, and from an unknown one to the default', () => {
    expect(messages.renderCodeMessage('sign-up', 'fr-CA', LONGEST).locale).to.equal('fr');
    expect(messages.renderCodeMessage('sign-up', 'es', LONGEST).locale).to.equal('en');
    expect(new MustacheCodeMessages({ defaultLocale: 'de' }).renderCodeMessage('sign-up', undefined, LONGEST).locale).to.equal('de');
  });

  it('refuses a catalogue whose message lacks its SMS version', () => {
    const { sms: _sms, ...withoutSms } = CODE_MESSAGE_TEMPLATES['sign-up'].locales['en'] ?? { subject: '', html: '', text: '' };
    const broken = { ...CODE_MESSAGE_TEMPLATES, 'sign-up': { ...CODE_MESSAGE_TEMPLATES['sign-up'], locales: { en: withoutSms } } };
    expect(() => new MustacheCodeMessages({ defaultLocale: 'en' }, broken)).to.throw(RangeError, 'code message sign-up/en has no SMS version');
  });

  it('renders every alert in every locale, an empty device included, within the email limit', () => {
    const alerts = new MustacheMessageTemplates({ defaultLocale: 'en' }, ALERT_TEMPLATES);
    for (const locale of ['en', 'fr', 'de']) {
      const locked = alerts.renderMail('account-locked', locale, { name: '', appName: 'Example', unlocksAt: '23 November 2026, 10:05 UTC' });
      expect(locked.html).to.contain('23 November 2026, 10:05 UTC');
      expect(locked.text).to.contain('23 November 2026, 10:05 UTC');
      const device = alerts.renderMail('new-device', locale, { name: 'Jane', appName: 'Example', device: '', signedInAt: '23 November 2026, 10:05 UTC' });
      expect(device.html.length).to.be.at.most(MAX_EMAIL_CHARACTERS);
      expect(device.text).to.contain('Jane');
    }
  });

  it('every alert exists in every locale, with a subject, an HTML part, a text part and an SMS', () => {
    expect(alertNames.sort()).to.deep.equal(['account-locked', 'account-takeover', 'new-device']);
    for (const name of alertNames) {
      expect(Object.keys(ALERT_TEMPLATES[name].locales).sort(), name).to.deep.equal(['de', 'en', 'fr']);
      for (const [locale, sources] of Object.entries(ALERT_TEMPLATES[name].locales)) {
        for (const part of ['subject', 'html', 'text', 'sms'] as const) {
          expect(sources[part], `${name}/${locale}.${part}`).to.be.a('string').and.match(/\S/);
        }
      }
    }
    expect(ALERT_TEMPLATES['account-takeover'].placeholders).to.deep.equal(['name', 'appName']);
  });

  const alerts = new MustacheAlertMessages({ defaultLocale: 'en' });
  const alertCatalogues = [
    { label: '', catalogue: ALERT_TEMPLATES },
    ...STACKS.map(({ stack, overrides }) => ({ label: `, stack ${stack}`, catalogue: withOverrides(ALERT_TEMPLATES, overrides) })),
  ];
  for (const { label, catalogue } of alertCatalogues) {
    const rendering = label === '' ? alerts : new MustacheAlertMessages({ defaultLocale: 'en' }, catalogue);
    for (const name of alertNames) {
      for (const locale of Object.keys(catalogue[name].locales)) {
        it(`${name} (${locale}${label}): renders the longest values, escapes the user's name in HTML, and keeps its SMS to one standard SMS`, () => {
          const rendered = rendering.renderAlert(name, locale, LONGEST_ALERT);
          expect(rendered.locale).to.equal(locale);
          for (const part of ['subject', 'html', 'text', 'sms'] as const) {
            expect(rendered[part], `${part} has no tag left`).not.to.contain('{{');
            expect(rendered[part], `${part} names the product`).to.contain(LONGEST.appName);
          }
          expect(rendered.html).not.to.contain('<script>');
          expect(rendered.html).to.contain(ESCAPED_NAME);
          expect(rendered.text).to.contain(LONGEST.name);
          expect(rendered.html).to.match(new RegExp(`<html lang="${locale}"`));
          expect(rendered.html.length).to.be.at.most(MAX_EMAIL_CHARACTERS);
          expect(rendered.subject).not.to.match(/[\r\n]/);
          expect(rendered.sms).not.to.match(/[\r\n]/);
          expect(rendered.sms.length, rendered.sms).to.be.at.most(MAX_SMS_CHARACTERS);
          // Short and generic: a greeting would spend characters on a value of any length.
          expect(rendered.sms).not.to.contain('script');
          const outsideGsm7 = [...rendered.sms.replaceAll(LONGEST.appName, '')].filter((character) => !GSM_7.has(character));
          expect(outsideGsm7, rendered.sms).to.deep.equal([]);
        });
      }
    }
  }

  it('no alert carries a link, account-takeover above all, in any part or locale', () => {
    for (const name of alertNames) {
      for (const [locale, sources] of Object.entries(ALERT_TEMPLATES[name].locales)) {
        for (const [part, source] of Object.entries(sources)) {
          expect(source, `${name}/${locale}.${part}`).not.to.match(/https?:|www\.|href=/i);
        }
      }
    }
    for (const locale of ['en', 'fr', 'de']) {
      const rendered = alerts.renderAlert('account-takeover', locale, { name: 'Jane', appName: 'Example' });
      for (const part of ['subject', 'html', 'text', 'sms'] as const) expect(rendered[part], `${locale} ${part}`).not.to.match(/http/i);
    }
  });

  it('MustacheAlertMessages renders an alert with its values, an empty name greeting without one', () => {
    const rendered = alerts.renderAlert('account-takeover', 'fr', { name: '', appName: 'Example' });
    expect(rendered.locale).to.equal('fr');
    expect(rendered.subject).to.equal('Tentative de connexion inhabituelle à votre compte Example');
    expect(rendered.text).to.match(/^Bonjour,\n/);
    expect(rendered.sms).to.equal('Example : tentative de connexion inhabituelle. Pas vous ? Changez de mot de passe.');
    const locked = alerts.renderAlert('account-locked', 'en', { name: 'Jane', appName: 'Example', unlocksAt: '23 November 2026, 10:05 UTC' });
    expect(locked.text).to.contain('Hello Jane,').and.contain('23 November 2026, 10:05 UTC');
    expect(locked.sms).to.equal('Example: account locked after failed sign-ins. Not you? Reset your password.');
  });

  it('MustacheAlertMessages falls back from a regional locale to its language, and from an unknown one to the default', () => {
    const values = { name: 'Jane', appName: 'Example' };
    expect(alerts.renderAlert('account-takeover', 'de-AT', values).locale).to.equal('de');
    expect(alerts.renderAlert('account-takeover', 'pt-BR', values).locale).to.equal('en');
    const german = new MustacheAlertMessages({ defaultLocale: 'de' });
    const fallen = german.renderAlert('account-takeover', 'pt-BR', values);
    expect(fallen.locale).to.equal('de');
    expect(fallen.subject).to.equal('Ungewöhnlicher Anmeldeversuch bei Ihrem Example-Konto');
    expect(german.renderAlert('account-takeover', undefined, values).locale).to.equal('de');
  });

  it('MustacheAlertMessages refuses a catalogue whose alert lacks its SMS version', () => {
    const { sms: _sms, ...withoutSms } = ALERT_TEMPLATES['account-takeover'].locales['fr'] ?? { subject: '', html: '', text: '' };
    const template = ALERT_TEMPLATES['account-takeover'];
    const broken = { ...ALERT_TEMPLATES, 'account-takeover': { ...template, locales: { ...template.locales, fr: withoutSms } } };
    expect(() => new MustacheAlertMessages({ defaultLocale: 'en' }, broken)).to.throw(RangeError, 'alert account-takeover/fr has no SMS version');
  });
});
