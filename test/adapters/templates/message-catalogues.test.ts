import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALERT_TEMPLATES } from '../../../adapters/templates/alert-templates';
import { CODE_MESSAGE_TEMPLATES } from '../../../adapters/templates/code-message-templates';
import type { MailTemplate } from '../../../adapters/templates/mail-templates';
import { MustacheCodeMessages } from '../../../adapters/templates/mustache-code-messages';
import { MustacheMessageTemplates } from '../../../adapters/templates/mustache-message-templates';
import type { CodeMessageName } from '../../../domain';

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

const codeNames = Object.keys(CODE_MESSAGE_TEMPLATES) as CodeMessageName[];

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
  for (const name of codeNames) {
    for (const locale of ['en', 'fr', 'de']) {
      it(`${name} (${locale}): carries Cognito's placeholders, escapes the user's name in HTML, and keeps to Cognito's limits`, () => {
        const rendered = messages.renderCodeMessage(name, locale, LONGEST);
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
});
