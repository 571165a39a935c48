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

const ACCOUNT_SID = `AC${'0'.repeat(32)}`;
/** Both channels sent by Gatehouse, over SES and SNS. */
const SENDERS_SES_SNS = parseStackConfig({ email: { from: 'no-reply@example.com' }, messages: { email: 'custom-sender', sms: 'custom-sender' } });
/** Both channels sent by Gatehouse, over SendGrid and Twilio, with the welcome mail. */
const SENDERS_SENDGRID_TWILIO = parseStackConfig({
  email: { from: 'no-reply@example.com', provider: 'sendgrid' },
  welcome: { enabled: true },
  messages: { email: 'custom-sender', sms: 'custom-sender' },
  sms: { provider: 'twilio', twilio: { accountSid: ACCOUNT_SID, from: '+15005550006' } },
});
/** The email sender over the stack's SMTP server, with and without a login. */
const SENDER_SMTP = parseStackConfig({
  email: { from: 'no-reply@example.com', provider: 'smtp', smtp: { host: 'smtp.example.com', username: 'gatehouse' } },
  messages: { email: 'custom-sender' },
});
const SENDER_LOCAL_SMTP = parseStackConfig({
  email: { from: 'no-reply@example.com', provider: 'smtp', smtp: { host: 'localhost', security: 'none' } },
  messages: { email: 'custom-sender' },
});
const SENDER_STACKS = [SENDERS_SES_SNS, SENDERS_SENDGRID_TWILIO, SENDER_SMTP, SENDER_LOCAL_SMTP];
const ONCE_ONLY_RECORD = ['dynamodb:PutItem', 'dynamodb:GetItem', 'dynamodb:DeleteItem', 'dynamodb:UpdateItem'];

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
      'pre-token-generation': 'preTokenGeneration',
      'user-migration': 'userMigration',
      'custom-message': 'customMessage',
      'custom-email-sender': 'customEmailSender',
      'custom-sms-sender': 'customSmsSender',
      'define-auth-challenge': 'defineAuthChallenge',
      'create-auth-challenge': 'createAuthChallenge',
      'verify-auth-challenge-response': 'verifyAuthChallengeResponse',
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
    // Of the triggers each stack has (a custom email sender, which sends too, comes only with messages.email custom-sender).
    for (const config of STACKS) {
      expect(triggersOf(config).filter((each) => each.sendsMailWithSes(config)).map((each) => each.name)).to.deep.equal(
        config === WELCOME_SES ? ['post-confirmation'] : [],
      );
      expect(triggersOf(config).filter((each) => each.secrets(config).includes('smtpPassword')).map((each) => each.name)).to.deep.equal(
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

  describe('the alerts on the owner\'s own activity', () => {
    const preAuthentication = trigger('pre-authentication');
    const postAuthentication = trigger('post-authentication');
    const LOCK_ALERTS_SES = parseStackConfig({ email: { from: 'no-reply@example.com' }, alerts: { accountLocked: true } });
    const NEW_DEVICE_SMTP = parseStackConfig({
      email: { from: 'no-reply@example.com', provider: 'smtp', smtp: { host: 'smtp.example.com', username: 'gatehouse' } },
      alerts: { newDevice: true },
    });
    const BOTH_SENDGRID = parseStackConfig({ email: { from: 'no-reply@example.com', provider: 'sendgrid' }, alerts: { accountLocked: true, newDevice: true } });
    const senders = (config: ReturnType<typeof parseStackConfig>) =>
      triggersOf(config).filter((each) => each.sendsMailWithSes(config)).map((each) => each.name);
    const readersOf = (config: ReturnType<typeof parseStackConfig>, secret: 'smtpPassword' | 'sendgridApiKey') =>
      triggersOf(config).filter((each) => each.secrets(config).includes(secret)).map((each) => each.name);

    it('lets pre-authentication send mail only with lock alerts: through SES as the stack, with the once-only record (DeleteItem to release it)', () => {
      expect(senders(LOCK_ALERTS_SES)).to.deep.equal(['pre-authentication']);
      expect(preAuthentication.tableActions(LOCK_ALERTS_SES)).to.deep.equal([...preAuthentication.tableActions(DEFAULTS), 'dynamodb:DeleteItem']);
      expect(preAuthentication.secrets(LOCK_ALERTS_SES)).to.deep.equal(['accountKey']);
      // Nothing changes for post-authentication.
      expect(postAuthentication.tableActions(LOCK_ALERTS_SES)).to.deep.equal(postAuthentication.tableActions(DEFAULTS));
      expect(postAuthentication.sendsMailWithSes(LOCK_ALERTS_SES)).to.equal(false);
    });

    it('lets post-authentication send mail only with new-device alerts: the SMTP password over SMTP, and GetItem to read the record back', () => {
      expect(senders(NEW_DEVICE_SMTP)).to.deep.equal([]);
      expect(readersOf(NEW_DEVICE_SMTP, 'smtpPassword')).to.deep.equal(['post-authentication']);
      expect(postAuthentication.tableActions(NEW_DEVICE_SMTP)).to.deep.equal([...postAuthentication.tableActions(DEFAULTS), 'dynamodb:GetItem']);
      expect(preAuthentication.tableActions(NEW_DEVICE_SMTP)).to.deep.equal(preAuthentication.tableActions(DEFAULTS));
      expect(preAuthentication.secrets(NEW_DEVICE_SMTP)).to.deep.equal(['accountKey']);
    });

    it('gives both the SendGrid key with both alerts over SendGrid, and nothing of the mail without alerts', () => {
      expect(readersOf(BOTH_SENDGRID, 'sendgridApiKey')).to.deep.equal(['pre-authentication', 'post-authentication']);
      expect(senders(BOTH_SENDGRID)).to.deep.equal([]);
      for (const config of STACKS) {
        for (const each of [preAuthentication, postAuthentication]) {
          expect(each.sendsMailWithSes(config), each.name).to.equal(false);
          expect(each.secrets(config), each.name).to.deep.equal(['accountKey']);
        }
      }
    });
  });

  describe('the custom senders', () => {
    const emailSender = trigger('custom-email-sender');
    const smsSender = trigger('custom-sms-sender');

    it('provisions each only for a stack whose channel Gatehouse sends (custom-sender), never with custom-message', () => {
      for (const config of [...STACKS, parseStackConfig({ email: { from: 'no-reply@example.com' }, messages: { email: 'custom-message', sms: 'custom-message' } })]) {
        expect(triggersOf(config).map((each) => each.name)).to.not.include('custom-email-sender');
        expect(triggersOf(config).map((each) => each.name)).to.not.include('custom-sms-sender');
      }
      expect(triggersOf(SENDERS_SES_SNS).map((each) => each.name)).to.include.members(['custom-email-sender', 'custom-sms-sender']);
      expect(triggersOf(SENDERS_SES_SNS).map((each) => each.name)).to.not.include('custom-message');
      const emailOnly = triggersOf(SENDER_SMTP).map((each) => each.name);
      expect(emailOnly).to.include('custom-email-sender');
      expect(emailOnly).to.not.include('custom-sms-sender');
      const smsOnly = triggersOf(parseStackConfig({ email: { from: 'no-reply@example.com' }, messages: { email: 'custom-message', sms: 'custom-sender' } })).map((each) => each.name);
      expect(smsOnly).to.include.members(['custom-message', 'custom-sms-sender']);
      expect(smsOnly).to.not.include('custom-email-sender');
    });

    it('marks exactly these two as custom senders (invoked asynchronously, with codes under the stack key)', () => {
      expect(TRIGGERS.filter((each) => each.customSender === true).map((each) => each.name)).to.deep.equal(['custom-email-sender', 'custom-sms-sender']);
    });

    it('gives each its once-only record on the table (claim, read, release, complete), nothing on the pool, no reminders', () => {
      for (const each of [emailSender, smsSender]) {
        for (const config of [...SENDER_STACKS, parseStackConfig({ forcedReset: { enabled: true }, messages: { sms: 'custom-sender' } })]) {
          expect(each.tableActions(config), each.name).to.deep.equal(ONCE_ONLY_RECORD);
          expect(each.poolActions(config), each.name).to.deep.equal([]);
          expect(each.startsReminders(config), each.name).to.equal(false);
        }
      }
    });

    it('lets the email sender send through SES only with provider ses, reading the secret of any other provider it uses', () => {
      expect(emailSender.sendsMailWithSes(SENDERS_SES_SNS)).to.equal(true);
      expect(emailSender.secrets(SENDERS_SES_SNS)).to.deep.equal([]);
      expect(emailSender.sendsMailWithSes(SENDERS_SENDGRID_TWILIO)).to.equal(false);
      expect(emailSender.secrets(SENDERS_SENDGRID_TWILIO)).to.deep.equal(['sendgridApiKey']);
      expect(emailSender.sendsMailWithSes(SENDER_SMTP)).to.equal(false);
      expect(emailSender.secrets(SENDER_SMTP)).to.deep.equal(['smtpPassword']);
      expect(emailSender.secrets(SENDER_LOCAL_SMTP)).to.deep.equal([]);
      for (const config of SENDER_STACKS) expect(emailSender.sendsTextsWithSns?.(config) ?? false).to.equal(false);
    });

    it('lets the SMS sender send through SNS only with provider sns, reading the Twilio token only with provider twilio', () => {
      expect(smsSender.sendsTextsWithSns?.(SENDERS_SES_SNS)).to.equal(true);
      expect(smsSender.secrets(SENDERS_SES_SNS)).to.deep.equal([]);
      expect(smsSender.sendsTextsWithSns?.(SENDERS_SENDGRID_TWILIO)).to.equal(false);
      expect(smsSender.secrets(SENDERS_SENDGRID_TWILIO)).to.deep.equal(['twilioAuthToken']);
      for (const config of SENDER_STACKS) expect(smsSender.sendsMailWithSes(config)).to.equal(false);
    });

    it('lets no other trigger send texts or read the Twilio token, whatever the stack', () => {
      for (const config of [...STACKS, ...SENDER_STACKS]) {
        expect(triggersOf(config).filter((each) => each.sendsTextsWithSns?.(config)).map((each) => each.name)).to.deep.equal(
          config.messages.sms === 'custom-sender' && config.sms.provider === 'sns' ? ['custom-sms-sender'] : [],
        );
        expect(triggersOf(config).filter((each) => each.secrets(config).includes('twilioAuthToken')).map((each) => each.name)).to.deep.equal(
          config.messages.sms === 'custom-sender' && config.sms.provider === 'twilio' ? ['custom-sms-sender'] : [],
        );
      }
    });

    it('gives the SendGrid key to the triggers that send mail through SendGrid: the email sender, and post-confirmation with the welcome mail', () => {
      const readers = (config: ReturnType<typeof parseStackConfig>) =>
        triggersOf(config).filter((each) => each.secrets(config).includes('sendgridApiKey')).map((each) => each.name);
      expect(readers(SENDERS_SENDGRID_TWILIO)).to.deep.equal(['post-confirmation', 'custom-email-sender']);
      expect(trigger('post-confirmation').secrets(SENDERS_SENDGRID_TWILIO)).to.deep.equal(['accountKey', 'sendgridApiKey']);
      // The welcome mail alone over SendGrid; SendGrid without anything that mails.
      expect(readers(parseStackConfig({ email: { from: 'no-reply@example.com', provider: 'sendgrid' }, welcome: { enabled: true } }))).to.deep.equal(['post-confirmation']);
      expect(readers(parseStackConfig({ email: { provider: 'sendgrid' } }))).to.deep.equal([]);
      for (const config of [...STACKS, SENDERS_SES_SNS, SENDER_SMTP]) expect(readers(config)).to.deep.equal([]);
    });
  });
});
