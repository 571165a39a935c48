import { expect } from 'chai';
import fc from 'fast-check';
import { parseStackConfig, StackConfigError } from '../../infra/config';
import { senderOf } from '../../infra/email';
import {
  assertEnvironmentFits,
  environmentSize,
  functionEnvironment,
  LAMBDA_ENVIRONMENT_LIMIT_BYTES,
  passwordlessEnvironment,
} from '../../infra/function-environment';
import { TRIGGERS } from '../../infra/triggers';
import { readHandlerConfig } from '../../handlers/composition/handler-config';
import { parseMailbox } from '../../adapters/mailbox';

const KEY = '/gatehouse-test/account-key';
const CONTRACT = [
  'TABLE_NAME',
  'ACCOUNT_KEY_PARAMETER',
  'LOCKOUT_MAX_FAILURES',
  'LOCKOUT_WINDOW_SECONDS',
  'LOCKOUT_SECONDS',
  'LOCKOUT_MAX_SECONDS',
  'LOCKOUT_BACKOFF_MEMORY_SECONDS',
  'FORCED_RESET_ENABLED',
  'FORCED_RESET_AFTER_LOCKOUTS',
  'FORCED_RESET_AFTER_FAILURES',
  'STORE_FAILURE_MODE',
  'AUDIT_RETENTION_DAYS',
  'CLIENT_TIMEOUT_MS',
  'CLIENT_MAX_ATTEMPTS',
  'SIGN_UP_ALLOWED_DOMAINS',
  'SIGN_UP_BLOCKED_DOMAINS',
  'SIGN_UP_REFUSE_DISPOSABLE',
  'SIGN_UP_EXTRA_DISPOSABLE_DOMAINS',
  'SIGN_UP_EXTERNAL_PROVIDERS',
  'SIGN_UP_CAPTCHA_PROVIDER',
  'SIGN_UP_CAPTCHA_SECRET_PARAMETER',
  'SIGN_UP_CAPTCHA_WHEN_UNAVAILABLE',
  'SIGN_UP_CAPTCHA_MIN_SCORE',
  'SIGN_UP_CAPTCHA_HOSTNAMES',
  'SIGN_UP_CAPTCHA_ACTION',
  'REMINDER_STATE_MACHINE_ARN',
  'REMINDER_REMIND_AFTER_SECONDS',
  'REMINDER_DELETE_AFTER_SECONDS',
  'WELCOME_ENABLED',
  'ALERT_ACCOUNT_LOCKED',
  'ALERT_NEW_DEVICE',
  'MAIL_APP_NAME',
  'MESSAGES_EMAIL',
  'MESSAGES_SMS',
  'MAIL_DEFAULT_LOCALE',
  'MAIL_PROVIDER',
  'MAIL_FROM',
  'MAIL_REPLY_TO',
  'SMTP_HOST',
  'SMTP_PORT',
  'SMTP_SECURITY',
  'SMTP_USERNAME',
  'SMTP_PASSWORD_PARAMETER',
  'SENDGRID_API_KEY_PARAMETER',
  'CODE_KEY_ARN',
  'SMS_PROVIDER',
  'SMS_SENDER_ID',
  'SMS_ORIGINATION_NUMBER',
  'TWILIO_ACCOUNT_SID',
  'TWILIO_FROM',
  'TWILIO_MESSAGING_SERVICE_SID',
  'TWILIO_AUTH_TOKEN_PARAMETER',
  'POWERTOOLS_SERVICE_NAME',
  'GATEHOUSE_STACK',
  'POWERTOOLS_LOG_LEVEL',
];

const CAPTCHA_SECRET = '/gatehouse-test/captcha-secret';
const SMTP_PASSWORD = '/gatehouse-test/smtp-password';
const SENDGRID_API_KEY = '/gatehouse-test/sendgrid-api-key';
const TWILIO_AUTH_TOKEN = '/gatehouse-test/twilio-auth-token';
const KEY_ARN = 'arn:aws:kms:eu-west-1:123456789012:key/0f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a';
const STATE_MACHINE = 'arn:aws:states:eu-west-1:123456789012:stateMachine:gatehouse-test-sign-up-reminders';
/** Every store a stack can have. */
const ALL_STORES = {
  stack: 'staging',
  tableName: 'gatehouse-table',
  accountKeyParameter: KEY,
  secretParameters: { captchaSecret: CAPTCHA_SECRET, smtpPassword: SMTP_PASSWORD, sendgridApiKey: SENDGRID_API_KEY, twilioAuthToken: TWILIO_AUTH_TOKEN },
  keyArn: KEY_ARN,
  reminderStateMachineArn: STATE_MACHINE,
};
const ACCOUNT_SID = `AC${'0123456789abcdef'.repeat(2)}`;
const SERVICE_SID = `MG${'fedcba9876543210'.repeat(2)}`;

describe('infra: functionEnvironment', () => {
  it('sets exactly the variables of the contract, and no pool id', () => {
    for (const stores of [{ tableName: 'table', accountKeyParameter: KEY }, ALL_STORES]) {
      expect(Object.keys(functionEnvironment(parseStackConfig({}), stores))).to.have.members(CONTRACT);
      expect(Object.keys(functionEnvironment(parseStackConfig({}), stores))).to.have.length(CONTRACT.length);
    }
    // The local siteverify, SendGrid and Twilio endpoints are for tests and local stand-ins: a stack never sets them.
    for (const endpoint of ['SIGN_UP_CAPTCHA_ENDPOINT', 'SENDGRID_ENDPOINT', 'TWILIO_ENDPOINT']) expect(CONTRACT).to.not.include(endpoint);
  });

  it('renders the defaults', () => {
    expect(functionEnvironment(parseStackConfig({}), { tableName: 'gatehouse-table', accountKeyParameter: KEY })).to.deep.equal({
      TABLE_NAME: 'gatehouse-table',
      ACCOUNT_KEY_PARAMETER: KEY,
      LOCKOUT_MAX_FAILURES: '5',
      LOCKOUT_WINDOW_SECONDS: '900',
      LOCKOUT_SECONDS: '300',
      LOCKOUT_MAX_SECONDS: '3600',
      LOCKOUT_BACKOFF_MEMORY_SECONDS: '86400',
      FORCED_RESET_ENABLED: 'false',
      FORCED_RESET_AFTER_LOCKOUTS: '3',
      FORCED_RESET_AFTER_FAILURES: '0',
      STORE_FAILURE_MODE: 'open',
      AUDIT_RETENTION_DAYS: '90',
      CLIENT_TIMEOUT_MS: '1000',
      CLIENT_MAX_ATTEMPTS: '2',
      SIGN_UP_ALLOWED_DOMAINS: '',
      SIGN_UP_BLOCKED_DOMAINS: '',
      SIGN_UP_REFUSE_DISPOSABLE: 'false',
      SIGN_UP_EXTRA_DISPOSABLE_DOMAINS: '',
      SIGN_UP_EXTERNAL_PROVIDERS: 'screen',
      SIGN_UP_CAPTCHA_PROVIDER: 'none',
      SIGN_UP_CAPTCHA_SECRET_PARAMETER: '',
      SIGN_UP_CAPTCHA_WHEN_UNAVAILABLE: 'refuse',
      SIGN_UP_CAPTCHA_MIN_SCORE: '0.5',
      SIGN_UP_CAPTCHA_HOSTNAMES: '',
      SIGN_UP_CAPTCHA_ACTION: '',
      // Empty without a state machine to start.
      REMINDER_STATE_MACHINE_ARN: '',
      REMINDER_REMIND_AFTER_SECONDS: '86400',
      REMINDER_DELETE_AFTER_SECONDS: '604800',
      WELCOME_ENABLED: 'false',
      ALERT_ACCOUNT_LOCKED: 'false',
      ALERT_NEW_DEVICE: 'false',
      MAIL_APP_NAME: 'Gatehouse',
      MESSAGES_EMAIL: 'cognito',
      MESSAGES_SMS: 'cognito',
      MAIL_DEFAULT_LOCALE: 'en',
      MAIL_PROVIDER: 'ses',
      MAIL_FROM: '',
      MAIL_REPLY_TO: '',
      SMTP_HOST: '',
      SMTP_PORT: '',
      SMTP_SECURITY: '',
      SMTP_USERNAME: '',
      SMTP_PASSWORD_PARAMETER: '',
      SENDGRID_API_KEY_PARAMETER: '',
      // Empty without the stack's key; texts through SNS, without a sender ID or number of its own.
      CODE_KEY_ARN: '',
      SMS_PROVIDER: 'sns',
      SMS_SENDER_ID: '',
      SMS_ORIGINATION_NUMBER: '',
      TWILIO_ACCOUNT_SID: '',
      TWILIO_FROM: '',
      TWILIO_MESSAGING_SERVICE_SID: '',
      TWILIO_AUTH_TOKEN_PARAMETER: '',
      POWERTOOLS_SERVICE_NAME: 'gatehouse',
      // Without a stack name (only tests omit it), the metrics carry no stack dimension.
      GATEHOUSE_STACK: '',
      POWERTOOLS_LOG_LEVEL: 'INFO',
    });
  });

  it('renders what a stack sets', () => {
    const config = parseStackConfig({
      lockout: { maxFailures: 3, windowSeconds: 600, lockoutSeconds: 60, maxLockoutSeconds: 7200, backoffMemorySeconds: 0 },
      forcedReset: { enabled: true, afterLockouts: 0, afterFailures: 20 },
      storeFailureMode: 'closed',
      audit: { retentionDays: 365 },
      functions: { logLevel: 'WARN', clientTimeoutMs: 800, clientMaxAttempts: 3 },
      signUp: {
        allowedDomains: [' Bücher.Example. ', '*.example.com', 'example.com'],
        blockedDomains: ['Contractors.Example.com'],
        refuseDisposable: true,
        extraDisposableDomains: ['Burner.Example.', 'throwaway.example'],
        externalProviders: 'trust',
        captcha: { provider: 'turnstile', whenUnavailable: 'allow', hostnames: [' App.Example.com', 'www.example.com'], action: 'signup' },
        reminders: { remindAfterHours: 12, deleteAfterDays: 3 },
      },
      email: {
        from: 'Example <no-reply@example.com>',
        replyTo: 'support@example.com',
        provider: 'smtp',
        smtp: { host: 'smtp.example.com', port: 465, security: 'tls', username: 'gatehouse' },
      },
      welcome: { enabled: true },
      alerts: { accountLocked: true, newDevice: true },
      messages: { appName: 'Example', defaultLocale: 'de', email: 'custom-message', sms: 'custom-sender' },
      sms: { provider: 'twilio', twilio: { accountSid: ACCOUNT_SID, messagingServiceSid: SERVICE_SID } },
    });
    // The stack's secrets as the program provisions them: only those its settings need (no SendGrid key).
    const secretParameters = { captchaSecret: CAPTCHA_SECRET, smtpPassword: SMTP_PASSWORD, twilioAuthToken: TWILIO_AUTH_TOKEN };
    expect(functionEnvironment(config, { ...ALL_STORES, secretParameters, tableName: 'prod-table' })).to.deep.equal({
      TABLE_NAME: 'prod-table',
      ACCOUNT_KEY_PARAMETER: KEY,
      LOCKOUT_MAX_FAILURES: '3',
      LOCKOUT_WINDOW_SECONDS: '600',
      LOCKOUT_SECONDS: '60',
      LOCKOUT_MAX_SECONDS: '7200',
      LOCKOUT_BACKOFF_MEMORY_SECONDS: '0',
      FORCED_RESET_ENABLED: 'true',
      FORCED_RESET_AFTER_LOCKOUTS: '0',
      FORCED_RESET_AFTER_FAILURES: '20',
      STORE_FAILURE_MODE: 'closed',
      AUDIT_RETENTION_DAYS: '365',
      CLIENT_TIMEOUT_MS: '800',
      CLIENT_MAX_ATTEMPTS: '3',
      SIGN_UP_ALLOWED_DOMAINS: 'xn--bcher-kva.example,*.example.com,example.com',
      SIGN_UP_BLOCKED_DOMAINS: 'contractors.example.com',
      SIGN_UP_REFUSE_DISPOSABLE: 'true',
      SIGN_UP_EXTRA_DISPOSABLE_DOMAINS: 'burner.example,throwaway.example',
      SIGN_UP_EXTERNAL_PROVIDERS: 'trust',
      SIGN_UP_CAPTCHA_PROVIDER: 'turnstile',
      // The parameter's name, never the secret.
      SIGN_UP_CAPTCHA_SECRET_PARAMETER: CAPTCHA_SECRET,
      SIGN_UP_CAPTCHA_WHEN_UNAVAILABLE: 'allow',
      SIGN_UP_CAPTCHA_MIN_SCORE: '0.5',
      SIGN_UP_CAPTCHA_HOSTNAMES: 'app.example.com,www.example.com',
      SIGN_UP_CAPTCHA_ACTION: 'signup',
      REMINDER_STATE_MACHINE_ARN: STATE_MACHINE,
      REMINDER_REMIND_AFTER_SECONDS: '43200',
      REMINDER_DELETE_AFTER_SECONDS: '259200',
      WELCOME_ENABLED: 'true',
      ALERT_ACCOUNT_LOCKED: 'true',
      ALERT_NEW_DEVICE: 'true',
      MAIL_APP_NAME: 'Example',
      MESSAGES_EMAIL: 'custom-message',
      MESSAGES_SMS: 'custom-sender',
      MAIL_DEFAULT_LOCALE: 'de',
      MAIL_PROVIDER: 'smtp',
      MAIL_FROM: 'Example <no-reply@example.com>',
      MAIL_REPLY_TO: 'support@example.com',
      SMTP_HOST: 'smtp.example.com',
      SMTP_PORT: '465',
      SMTP_SECURITY: 'tls',
      SMTP_USERNAME: 'gatehouse',
      SMTP_PASSWORD_PARAMETER: SMTP_PASSWORD,
      SENDGRID_API_KEY_PARAMETER: '',
      CODE_KEY_ARN: KEY_ARN,
      SMS_PROVIDER: 'twilio',
      SMS_SENDER_ID: '',
      SMS_ORIGINATION_NUMBER: '',
      TWILIO_ACCOUNT_SID: ACCOUNT_SID,
      TWILIO_FROM: '',
      TWILIO_MESSAGING_SERVICE_SID: SERVICE_SID,
      // The parameter's name, never the token.
      TWILIO_AUTH_TOKEN_PARAMETER: TWILIO_AUTH_TOKEN,
      POWERTOOLS_SERVICE_NAME: 'gatehouse',
      GATEHOUSE_STACK: 'staging',
      POWERTOOLS_LOG_LEVEL: 'WARN',
    });
  });

  it('names no state machine when the stack turns reminders off, whatever the stores hold', () => {
    const config = parseStackConfig({ signUp: { reminders: { enabled: false } } });
    expect(functionEnvironment(config, ALL_STORES)['REMINDER_STATE_MACHINE_ARN']).to.equal('');
    expect(functionEnvironment(parseStackConfig({}), ALL_STORES)['REMINDER_STATE_MACHINE_ARN']).to.equal(STATE_MACHINE);
  });

  it('is read back by the handlers as the same policy and settings', () => {
    const config = parseStackConfig({
      lockout: { maxFailures: 4, lockoutSeconds: 120 },
      forcedReset: { enabled: true, afterFailures: 15 },
      storeFailureMode: 'closed',
      audit: { retentionDays: 30 },
      functions: { clientTimeoutMs: 700, clientMaxAttempts: 3 },
      signUp: {
        allowedDomains: ['Bücher.Example.', '*.Example.com'],
        blockedDomains: ['contractors.example.com'],
        refuseDisposable: true,
        extraDisposableDomains: ['Burner.Example'],
        externalProviders: 'trust',
      },
    });
    expect(readHandlerConfig(functionEnvironment(config, { tableName: 'gatehouse-table', accountKeyParameter: KEY }))).to.deep.equal({
      tableName: 'gatehouse-table',
      accountKeyParameter: KEY,
      policy: { lockout: config.lockout, forcedReset: config.forcedReset, storeFailureMode: 'closed' },
      auditRetentionDays: 30,
      client: { timeoutMs: 700, maxAttempts: 3 },
      signUp: {
        allowedDomains: [
          { kind: 'exact', domain: 'xn--bcher-kva.example' },
          { kind: 'subdomains', of: 'example.com' },
        ],
        blockedDomains: [{ kind: 'exact', domain: 'contractors.example.com' }],
        refuseDisposable: true,
        externalProviders: 'trust',
      },
      extraDisposableDomains: ['burner.example'],
      mail: { welcome: false, appName: 'Gatehouse', defaultLocale: 'en', provider: 'ses' },
      alerts: { accountLocked: false, newDevice: false },
      messages: { email: 'cognito', sms: 'cognito' },
      sms: { provider: 'sns' },
      claims: { eventVersion: 'V1_0', scopes: [], suppress: [] },
    });
  });

  it('renders the custom senders\' settings: SendGrid\'s key and SNS\'s options, each secret by its parameter', () => {
    const config = parseStackConfig({
      email: { from: 'Example <no-reply@example.com>', provider: 'sendgrid' },
      messages: { email: 'custom-sender', sms: 'custom-sender' },
      sms: { senderId: 'Example', originationNumber: '+447700900123' },
    });
    const environment = functionEnvironment(config, { ...ALL_STORES, secretParameters: { sendgridApiKey: SENDGRID_API_KEY } });
    expect(environment).to.include({
      MESSAGES_EMAIL: 'custom-sender',
      MESSAGES_SMS: 'custom-sender',
      MAIL_PROVIDER: 'sendgrid',
      MAIL_FROM: 'Example <no-reply@example.com>',
      SENDGRID_API_KEY_PARAMETER: SENDGRID_API_KEY,
      CODE_KEY_ARN: KEY_ARN,
      SMS_PROVIDER: 'sns',
      SMS_SENDER_ID: 'Example',
      SMS_ORIGINATION_NUMBER: '+447700900123',
      TWILIO_ACCOUNT_SID: '',
      TWILIO_AUTH_TOKEN_PARAMETER: '',
      SMTP_PASSWORD_PARAMETER: '',
    });
  });

  describe('read back by the handlers', () => {
    const readBack = (raw: Record<string, unknown>, stores: Partial<typeof ALL_STORES> = ALL_STORES) =>
      readHandlerConfig(functionEnvironment(parseStackConfig(raw), { tableName: 'gatehouse-table', accountKeyParameter: KEY, ...stores }));

    it('gives the captcha as the stack sets it, its secret by the parameter name', () => {
      const config = readBack({
        signUp: { captcha: { provider: 'recaptcha', whenUnavailable: 'allow', minScore: 0.7, hostnames: ['App.Example.com', 'www.example.com'], action: 'signup' } },
      });
      expect(config.captcha).to.deep.equal({
        provider: 'recaptcha',
        secretParameter: CAPTCHA_SECRET,
        whenUnavailable: 'allow',
        minScore: 0.7,
        hostnames: ['app.example.com', 'www.example.com'],
        action: 'signup',
      });
      expect(readBack({}).captcha).to.equal(undefined);
    });

    it('gives every score the stack accepts unchanged, however small', () => {
      fc.assert(
        fc.property(fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(0, 1, 1e-7, 5e-324, 0.1 + 0.2)), (minScore) => {
          const config = readBack({ signUp: { captcha: { provider: 'recaptcha', minScore } } });
          expect(config.captcha?.minScore, String(minScore)).to.equal(minScore);
        }),
        { numRuns: 500 },
      );
    });

    it('gives the reminder waits in seconds, and no reminders when the stack turns them off', () => {
      expect(readBack({ signUp: { reminders: { remindAfterHours: 48, deleteAfterDays: 14 } } }).reminders).to.deep.equal({
        stateMachineArn: STATE_MACHINE,
        remindAfterSeconds: 48 * 3600,
        deleteAfterSeconds: 14 * 86_400,
      });
      const off = readBack({ signUp: { reminders: { enabled: false } } });
      expect(off).to.not.have.property('reminders');
      expect(off.reminders).to.equal(undefined);
    });

    it('gives the welcome mail over SES with its sender, reply-to address, name and locale', () => {
      expect(
        readBack({
          email: { from: 'Example <no-reply@example.com>', replyTo: 'support@example.com' },
          welcome: { enabled: true },
          messages: { appName: 'Example', defaultLocale: 'fr' },
        }).mail,
      ).to.deep.equal({
        welcome: true,
        appName: 'Example',
        defaultLocale: 'fr',
        provider: 'ses',
        from: 'Example <no-reply@example.com>',
        replyTo: 'support@example.com',
      });
    });

    it('gives the alerts as the stack sets them, each with the sender they go out from', () => {
      expect(readBack({}).alerts).to.deep.equal({ accountLocked: false, newDevice: false });
      const both = readBack({ email: { from: 'Example <no-reply@example.com>' }, alerts: { accountLocked: true, newDevice: true } });
      expect(both.alerts).to.deep.equal({ accountLocked: true, newDevice: true });
      expect(both.mail.from).to.equal('Example <no-reply@example.com>');
      expect(readBack({ email: { from: 'no-reply@example.com' }, alerts: { accountLocked: true } }).alerts).to.deep.equal({ accountLocked: true, newDevice: false });
    });

    it('sends the welcome mail from exactly the address the SES policy allows (ses:FromAddress)', () => {
      for (const from of ['Example <No-Reply@Example.COM.>', 'no-reply@bücher.example', '"Example, Inc." <a.b+c@mail.example.com>']) {
        const config = parseStackConfig({ email: { from }, welcome: { enabled: true } });
        const sent = parseMailbox(readHandlerConfig(functionEnvironment(config, ALL_STORES)).mail.from ?? '');
        expect(sent?.address, from).to.equal(senderOf(config)?.address);
      }
    });

    it('gives the SMTP server with the parameter of its password, and one without login on the same host', () => {
      const withLogin = readBack({
        email: { from: 'no-reply@example.com', provider: 'smtp', smtp: { host: 'smtp.example.com', username: 'gatehouse' } },
        welcome: { enabled: true },
      });
      expect(withLogin.mail).to.deep.equal({
        welcome: true,
        appName: 'Gatehouse',
        defaultLocale: 'en',
        provider: 'smtp',
        from: 'no-reply@example.com',
        smtp: { host: 'smtp.example.com', port: 587, security: 'starttls', username: 'gatehouse', passwordParameter: SMTP_PASSWORD },
      });
      const local = readBack(
        { email: { from: 'no-reply@example.com', provider: 'smtp', smtp: { host: 'localhost', port: 25, security: 'none' } } },
        {},
      );
      expect(local.mail.smtp).to.deep.equal({ host: 'localhost', port: 25, security: 'none' });
    });

    it('gives the custom senders their channels, the stack\'s key and SendGrid with its key\'s parameter', () => {
      const config = readBack({
        email: { from: 'no-reply@example.com', provider: 'sendgrid' },
        messages: { email: 'custom-sender', sms: 'custom-sender' },
      });
      expect(config.messages).to.deep.equal({ email: 'custom-sender', sms: 'custom-sender' });
      expect(config.codeKeyArn).to.equal(KEY_ARN);
      expect(config.mail).to.deep.equal({
        welcome: false,
        appName: 'Gatehouse',
        defaultLocale: 'en',
        provider: 'sendgrid',
        from: 'no-reply@example.com',
        sendgrid: { apiKeyParameter: SENDGRID_API_KEY },
      });
      expect(config.sms).to.deep.equal({ provider: 'sns' });
      expect(readBack({}, {})).to.not.have.property('codeKeyArn');
    });

    it('gives SNS with its sender ID and origination number, and Twilio with its number or Messaging Service and its token\'s parameter', () => {
      expect(readBack({ messages: { sms: 'custom-sender' }, sms: { senderId: 'Example', originationNumber: '+447700900123' } }).sms).to.deep.equal({
        provider: 'sns',
        senderId: 'Example',
        originationNumber: '+447700900123',
      });
      expect(readBack({ messages: { sms: 'custom-sender' }, sms: { provider: 'twilio', twilio: { accountSid: ACCOUNT_SID, from: '+15005550006' } } }).sms).to.deep.equal({
        provider: 'twilio',
        twilio: { accountSid: ACCOUNT_SID, from: '+15005550006', authTokenParameter: TWILIO_AUTH_TOKEN },
      });
      expect(readBack({ sms: { provider: 'twilio', twilio: { accountSid: ACCOUNT_SID, messagingServiceSid: SERVICE_SID } } }).sms).to.deep.equal({
        provider: 'twilio',
        twilio: { accountSid: ACCOUNT_SID, messagingServiceSid: SERVICE_SID, authTokenParameter: TWILIO_AUTH_TOKEN },
      });
    });
  });

  it('gives the handlers the default sign-up rules when the stack sets none: any domain, federated sign-ups screened', () => {
    const config = readHandlerConfig(functionEnvironment(parseStackConfig({}), { tableName: 'gatehouse-table', accountKeyParameter: KEY }));
    expect(config.signUp).to.deep.equal({ allowedDomains: [], blockedDomains: [], refuseDisposable: false, externalProviders: 'screen' });
    expect(config.extraDisposableDomains).to.deep.equal([]);
  });
});

/**
 * Domain names whose list, joined with ',', is exactly `total` characters long: `d<i>xxx…x.example`,
 * at most 70 characters each, none shorter than 12.
 */
function domainsJoinedTo(total: number): string[] {
  const domains: string[] = [];
  let remaining = total;
  while (remaining > 0) {
    const separator = domains.length > 0 ? 1 : 0;
    let length = Math.min(70, remaining - separator);
    const rest = remaining - separator - length;
    if (rest > 0 && rest < 13) length -= 13;
    domains.push(`${`d${domains.length}`.padEnd(length - '.example'.length, 'x')}.example`);
    remaining -= separator + length;
  }
  expect(domains.join(',')).to.have.length(total);
  return domains;
}

describe('infra: the 4 KB limit of a function environment', () => {
  const stores = { tableName: 'gatehouse-dev', accountKeyParameter: '/gatehouse-dev/account-key' };
  const baseSize = environmentSize(functionEnvironment(parseStackConfig({}), stores));
  /** A configuration whose environment (with `stores`) is exactly `size` bytes, the surplus in allowedDomains. */
  const configOfSize = (size: number) => parseStackConfig({ signUp: { allowedDomains: domainsJoinedTo(size - baseSize) } });

  it('measures an environment as the limit counts it: the UTF-8 bytes of every name and value', () => {
    expect(environmentSize({})).to.equal(0);
    expect(environmentSize({ A: 'bc', EMPTY: '' })).to.equal(1 + 2 + 5);
    expect(environmentSize({ B: 'ü' })).to.equal(1 + 2);
    expect(LAMBDA_ENVIRONMENT_LIMIT_BYTES).to.equal(4096);
  });

  it('leaves the default environment far below the limit', () => {
    // Little more than a third of it: every function gets every setting, which leaves the rest to the domain lists.
    expect(baseSize).to.be.below(1536);
    expect(() => assertEnvironmentFits(parseStackConfig({}), stores)).to.not.throw();
  });

  it('accepts an environment of exactly 4096 bytes', () => {
    const config = configOfSize(4096);
    expect(environmentSize(functionEnvironment(config, stores))).to.equal(4096);
    expect(() => assertEnvironmentFits(config, stores)).to.not.throw();
  });

  it('refuses one byte more, naming gatehouse:signUp, the size and what each list takes', () => {
    const config = configOfSize(4097);
    expect(environmentSize(functionEnvironment(config, stores))).to.equal(4097);
    let error: unknown;
    try {
      assertEnvironmentFits(config, stores);
    } catch (caught) {
      error = caught;
    }
    expect(error).to.be.instanceOf(StackConfigError);
    expect((error as StackConfigError).problems).to.deep.equal([
      'gatehouse:signUp makes the environment of every function 4097 bytes (names and values of its variables), ' +
        "over Lambda's limit of 4096 bytes (4 KB) by 1: " +
        `allowedDomains take ${4097 - baseSize} bytes, blockedDomains 0, extraDisposableDomains 0, captcha.hostnames 0; ` +
        'shorten them ("*.example.com" covers every subdomain)',
    ]);
  });

  it('counts every list and the names the stack gives its table and secret', () => {
    const blocked = parseStackConfig({ signUp: { blockedDomains: domainsJoinedTo(4097 - baseSize) } });
    expect(() => assertEnvironmentFits(blocked, stores)).to.throw(StackConfigError, `blockedDomains ${4097 - baseSize},`);
    const extra = parseStackConfig({ signUp: { extraDisposableDomains: domainsJoinedTo(4097 - baseSize) } });
    expect(() => assertEnvironmentFits(extra, stores)).to.throw(StackConfigError, `extraDisposableDomains ${4097 - baseSize},`);
    // The captcha's host names are part of gatehouse:signUp too: named with what they take.
    const hostnames = domainsJoinedTo(4097 - baseSize);
    const captcha = parseStackConfig({ signUp: { captcha: { provider: 'turnstile', hostnames } } });
    const captchaSize = environmentSize(functionEnvironment(captcha, stores));
    expect(() => assertEnvironmentFits(captcha, stores)).to.throw(
      StackConfigError,
      new RegExp(
        `^invalid stack configuration:\\n  - gatehouse:signUp makes the environment of every function ${captchaSize} bytes .*` +
          `allowedDomains take 0 bytes, blockedDomains 0, extraDisposableDomains 0, captcha\\.hostnames ${4097 - baseSize}; `,
      ),
    );
    // What fits with gatehouse-dev does not with a prefix two characters longer (table name and parameter).
    const full = configOfSize(4096);
    expect(() => assertEnvironmentFits(full, { tableName: 'gatehouse-dev1', accountKeyParameter: '/gatehouse-dev1/account-key' })).to.throw(
      StackConfigError,
      'gatehouse:signUp makes the environment of every function 4098 bytes',
    );
  });

  it('renders the passwordless settings for the three challenge functions only, in the units the handlers read', () => {
    const config = parseStackConfig({
      email: { from: 'no-reply@example.com' },
      passwordless: { enabled: true, linkValidityMinutes: 7, redirectUrls: ['https://app.example.com/link'], maxAnswers: 2, maxLinksPerWindow: 4, windowMinutes: 30 },
    });
    expect(passwordlessEnvironment(config)).to.deep.equal({
      PASSWORDLESS_ENABLED: 'true',
      PASSWORDLESS_LINK_VALIDITY_SECONDS: '420',
      PASSWORDLESS_REDIRECT_URLS: 'https://app.example.com/link',
      PASSWORDLESS_MAX_ANSWERS: '2',
      PASSWORDLESS_MAX_LINKS_PER_WINDOW: '4',
      PASSWORDLESS_WINDOW_SECONDS: '1800',
    });
    expect(Object.keys(functionEnvironment(config, stores)).filter((name) => name.startsWith('PASSWORDLESS_'))).to.deep.equal([]);
    const carriers = TRIGGERS.filter((trigger) => trigger.environment === passwordlessEnvironment).map((trigger) => trigger.name);
    expect(carriers).to.deep.equal(['define-auth-challenge', 'create-auth-challenge', 'verify-auth-challenge-response']);
  });
});
