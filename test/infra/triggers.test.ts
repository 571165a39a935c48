import { expect } from 'chai';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseStackConfig } from '../../infra/config';
import { TRIGGERS, triggersOf, type TriggerDefinition } from '../../infra/triggers';

const trigger = (name: string): TriggerDefinition => {
  const found = TRIGGERS.find((each) => each.name === name);
  if (found === undefined) throw new Error(`no trigger ${name}`);
  return found;
};

const DEFAULTS = parseStackConfig({});
const NO_REMINDERS = parseStackConfig({ signUp: { reminders: { enabled: false } } });
const CAPTCHA = parseStackConfig({ signUp: { captcha: { provider: 'turnstile' } } });
const WELCOME_SES = parseStackConfig({ email: { from: 'no-reply@example.com' }, welcome: { enabled: true } });
const WELCOME_SMTP = parseStackConfig({
  email: { from: 'no-reply@example.com', provider: 'smtp', smtp: { host: 'smtp.example.com', username: 'gatehouse' } },
  welcome: { enabled: true },
});
/** A server without login: no password to read. */
const WELCOME_LOCAL_SMTP = parseStackConfig({
  email: { from: 'no-reply@example.com', provider: 'smtp', smtp: { host: 'localhost', security: 'none' } },
  welcome: { enabled: true },
});
/** SMTP configured, welcome mail off: nothing is sent. */
const SMTP_ONLY = parseStackConfig({ email: { provider: 'smtp', smtp: { host: 'smtp.example.com', username: 'gatehouse' } } });
const STACKS = [DEFAULTS, NO_REMINDERS, CAPTCHA, WELCOME_SES, WELCOME_SMTP, WELCOME_LOCAL_SMTP, SMTP_ONLY];

describe('infra: triggers', () => {
  it('provisions exactly the triggers that have a handler (each file at the top of handlers/ is bundled)', () => {
    const handlers = readdirSync(join(__dirname, '..', '..', 'handlers'), { withFileTypes: true })
      .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts'))
      .map((entry) => entry.name.replace(/\.ts$/, ''));
    expect(TRIGGERS.map((trigger) => trigger.name)).to.have.members(handlers);
    expect(TRIGGERS).to.have.length(handlers.length);
  });

  it('attaches each trigger to its own lambdaConfig field', () => {
    expect(Object.fromEntries(TRIGGERS.map((trigger) => [trigger.name, trigger.lambdaConfigField]))).to.deep.equal({
      'pre-authentication': 'preAuthentication',
      'post-authentication': 'postAuthentication',
      'post-confirmation': 'postConfirmation',
      'pre-sign-up': 'preSignUp',
      'custom-message': 'customMessage',
    });
  });

  it('provisions custom-message only for a stack that personalises a channel, with no access to anything', () => {
    const customMessage = trigger('custom-message');
    expect(STACKS.map((config) => customMessage.provisioned(config))).to.include(false);
    const personalised = parseStackConfig({ messages: { sms: 'custom-message' } });
    expect(customMessage.provisioned(personalised)).to.equal(true);
    expect([customMessage.tableActions(personalised), customMessage.poolActions(personalised), customMessage.secrets(personalised)]).to.deep.equal([[], [], []]);
    expect(triggersOf(personalised).map((each) => each.name)).to.include('custom-message');
    expect(triggersOf(parseStackConfig({})).map((each) => each.name)).not.to.include('custom-message');
  });

  it('lets pre-sign-up touch neither the table nor the pool, whatever the stack', () => {
    const preSignUp = trigger('pre-sign-up');
    for (const config of [...STACKS, parseStackConfig({ forcedReset: { enabled: true } })]) {
      expect(preSignUp.tableActions(config)).to.deep.equal([]);
      expect(preSignUp.poolActions(config)).to.deep.equal([]);
    }
  });

  it('lets only pre-sign-up read the captcha secret, and only when the stack has a captcha', () => {
    for (const config of STACKS) {
      const readers = TRIGGERS.filter((each) => each.secrets(config).includes('captchaSecret')).map((each) => each.name);
      expect(readers).to.deep.equal(config.signUp.captcha.provider === 'none' ? [] : ['pre-sign-up']);
    }
  });

  it('gives pre-sign-up the account key (it names each workflow by it) and StartExecution only with reminders', () => {
    const preSignUp = trigger('pre-sign-up');
    expect(preSignUp.secrets(DEFAULTS)).to.deep.equal(['accountKey']);
    expect(preSignUp.startsReminders(DEFAULTS)).to.equal(true);
    expect(preSignUp.secrets(NO_REMINDERS)).to.deep.equal([]);
    expect(preSignUp.startsReminders(NO_REMINDERS)).to.equal(false);
    expect(preSignUp.secrets(CAPTCHA)).to.deep.equal(['accountKey', 'captchaSecret']);
    for (const config of STACKS) {
      expect(TRIGGERS.filter((each) => each.startsReminders(config)).map((each) => each.name)).to.deep.equal(
        config.signUp.reminders.enabled ? ['pre-sign-up'] : [],
      );
    }
  });

  it('lets only post-confirmation send mail: through SES with the welcome mail on SES, with the SMTP password when its server logs in', () => {
    const postConfirmation = trigger('post-confirmation');
    for (const config of STACKS) {
      expect(TRIGGERS.filter((each) => each.sendsMailWithSes(config)).map((each) => each.name)).to.deep.equal(
        config === WELCOME_SES ? ['post-confirmation'] : [],
      );
      expect(TRIGGERS.filter((each) => each.secrets(config).includes('smtpPassword')).map((each) => each.name)).to.deep.equal(
        config === WELCOME_SMTP ? ['post-confirmation'] : [],
      );
    }
    // Its once-only record of the welcome mail is read back (GetItem) only when there is one.
    expect(postConfirmation.tableActions(WELCOME_SES)).to.include('dynamodb:GetItem');
    expect(postConfirmation.tableActions(WELCOME_SMTP)).to.include('dynamodb:GetItem');
    expect(postConfirmation.tableActions(DEFAULTS)).to.not.include('dynamodb:GetItem');
  });

  it('gives pre- and post-authentication the same rights whatever the sign-up settings', () => {
    for (const name of ['pre-authentication', 'post-authentication']) {
      const each = trigger(name);
      for (const config of STACKS) {
        expect(each.tableActions(config), name).to.deep.equal(each.tableActions(DEFAULTS));
        expect(each.secrets(config), name).to.deep.equal(['accountKey']);
        expect(each.startsReminders(config), name).to.equal(false);
        expect(each.sendsMailWithSes(config), name).to.equal(false);
      }
    }
  });
});
