import { expect } from 'chai';
import { DEFAULT_SIGN_IN_PROTECTION, OPEN_SIGN_UP } from '../../../domain';
import { ConfigurationError, readHandlerConfig } from '../../../handlers/composition/handler-config';

const KEY = '/gatehouse/dev/account-key';

describe('handlers/composition/handler-config', () => {
  it('finds the stack\'s own templates from the task root, as infra ships them next to index.js, or at an absolute folder', () => {
    const base = { TABLE_NAME: 'gatehouse-dev', ACCOUNT_KEY_PARAMETER: KEY };
    expect(readHandlerConfig({ ...base, LAMBDA_TASK_ROOT: '/var/task', MESSAGE_TEMPLATES: 'templates' }).messages).to.deep.equal({
      email: 'cognito',
      sms: 'cognito',
      templates: '/var/task/templates',
    });
    expect(readHandlerConfig({ ...base, LAMBDA_TASK_ROOT: '/var/task', MESSAGE_TEMPLATES: '/srv/gatehouse/templates/showcase' }).messages.templates).to.equal(
      '/srv/gatehouse/templates/showcase',
    );
    expect(readHandlerConfig({ ...base, LAMBDA_TASK_ROOT: '/var/task', MESSAGE_TEMPLATES: ' ' }).messages).not.to.have.property('templates');
  });

  it('applies the documented defaults to a minimal environment', () => {
    const config = readHandlerConfig({ TABLE_NAME: 'gatehouse-dev', ACCOUNT_KEY_PARAMETER: KEY });
    expect(config).to.deep.equal({
      tableName: 'gatehouse-dev',
      accountKeyParameter: KEY,
      policy: DEFAULT_SIGN_IN_PROTECTION,
      auditRetentionDays: 90,
      signUp: OPEN_SIGN_UP,
      extraDisposableDomains: [],
      client: { timeoutMs: 1000, maxAttempts: 2 },
      // No captcha, no reminders, no welcome mail; Gatehouse's own mail would go through SES.
      mail: { welcome: false, appName: 'Gatehouse', defaultLocale: 'en', provider: 'ses' },
      // No alert on the owner's own activity.
      alerts: { accountLocked: false, newDevice: false },
      messages: { email: 'cognito', sms: 'cognito' },
      // Texts would go through SNS; no key for custom senders' codes.
      sms: { provider: 'sns' },
      // Tokens as Cognito issues them (only PreTokenGeneration is given a policy).
      claims: { eventVersion: 'V1_0', scopes: [], suppress: [] },
    });
    expect(config).to.not.have.property('codeKeyArn');
  });

  it('reads every variable', () => {
    const config = readHandlerConfig({
      TABLE_NAME: 't-prod',
      ACCOUNT_KEY_PARAMETER: KEY,
      LOCKOUT_MAX_FAILURES: '10',
      LOCKOUT_WINDOW_SECONDS: '600',
      LOCKOUT_SECONDS: '60',
      LOCKOUT_MAX_SECONDS: '900',
      LOCKOUT_BACKOFF_MEMORY_SECONDS: '0',
      FORCED_RESET_ENABLED: 'true',
      FORCED_RESET_AFTER_LOCKOUTS: '0',
      FORCED_RESET_AFTER_FAILURES: '20',
      STORE_FAILURE_MODE: 'closed',
      AUDIT_RETENTION_DAYS: '30',
      CLIENT_TIMEOUT_MS: '500',
      CLIENT_MAX_ATTEMPTS: '1',
    });
    expect(config.policy).to.deep.equal({
      lockout: { maxFailures: 10, windowSeconds: 600, lockoutSeconds: 60, maxLockoutSeconds: 900, backoffMemorySeconds: 0 },
      forcedReset: { enabled: true, afterLockouts: 0, afterFailures: 20 },
      storeFailureMode: 'closed',
    });
    expect(config.client).to.deep.equal({ timeoutMs: 500, maxAttempts: 1 });
    expect(config.auditRetentionDays).to.equal(30);
  });

  it('reads the alerts on the owner\'s own activity, each on its own, with the sender they need', () => {
    const base = { TABLE_NAME: 't-1', ACCOUNT_KEY_PARAMETER: KEY, MAIL_FROM: 'no-reply@example.com' };
    expect(readHandlerConfig({ ...base, ALERT_ACCOUNT_LOCKED: 'true' }).alerts).to.deep.equal({ accountLocked: true, newDevice: false });
    expect(readHandlerConfig({ ...base, ALERT_NEW_DEVICE: 'true' }).alerts).to.deep.equal({ accountLocked: false, newDevice: true });
    expect(readHandlerConfig({ ...base, ALERT_ACCOUNT_LOCKED: 'false', ALERT_NEW_DEVICE: '' }).alerts).to.deep.equal({ accountLocked: false, newDevice: false });
  });

  it('reads the sign-up rules, normalised', () => {
    const config = readHandlerConfig({
      TABLE_NAME: 't-1',
      ACCOUNT_KEY_PARAMETER: KEY,
      SIGN_UP_ALLOWED_DOMAINS: 'example.com, *.Example.COM,,bücher.example',
      SIGN_UP_BLOCKED_DOMAINS: 'contractors.example.com',
      SIGN_UP_REFUSE_DISPOSABLE: 'true',
      SIGN_UP_EXTRA_DISPOSABLE_DOMAINS: 'Throwaway.example.',
      SIGN_UP_EXTERNAL_PROVIDERS: 'trust',
    });
    expect(config.signUp).to.deep.equal({
      allowedDomains: [
        { kind: 'exact', domain: 'example.com' },
        { kind: 'subdomains', of: 'example.com' },
        { kind: 'exact', domain: 'xn--bcher-kva.example' },
      ],
      blockedDomains: [{ kind: 'exact', domain: 'contractors.example.com' }],
      refuseDisposable: true,
      externalProviders: 'trust',
    });
    expect(config.extraDisposableDomains).to.deep.equal(['throwaway.example']);
  });

  const BASE = { TABLE_NAME: 't-1', ACCOUNT_KEY_PARAMETER: KEY };
  const CAPTCHA_SECRET = '/gatehouse/dev/captcha-secret';
  const STATE_MACHINE = 'arn:aws:states:eu-west-1:123456789012:stateMachine:gatehouse-dev-sign-up-reminders';

  it('reads the captcha: provider, secret parameter, failure mode, score, host names (lowercase) and action', () => {
    const config = readHandlerConfig({
      ...BASE,
      SIGN_UP_CAPTCHA_PROVIDER: 'recaptcha',
      SIGN_UP_CAPTCHA_SECRET_PARAMETER: CAPTCHA_SECRET,
      SIGN_UP_CAPTCHA_WHEN_UNAVAILABLE: 'allow',
      SIGN_UP_CAPTCHA_MIN_SCORE: '0.7',
      SIGN_UP_CAPTCHA_HOSTNAMES: 'App.Example.com, ,www.example.com',
      SIGN_UP_CAPTCHA_ACTION: 'signup',
    });
    expect(config.captcha).to.deep.equal({
      provider: 'recaptcha',
      secretParameter: CAPTCHA_SECRET,
      whenUnavailable: 'allow',
      minScore: 0.7,
      hostnames: ['app.example.com', 'www.example.com'],
      action: 'signup',
    });
    expect(readHandlerConfig({ ...BASE, SIGN_UP_CAPTCHA_PROVIDER: 'hcaptcha', SIGN_UP_CAPTCHA_SECRET_PARAMETER: CAPTCHA_SECRET }).captcha).to.deep.equal({
      provider: 'hcaptcha',
      secretParameter: CAPTCHA_SECRET,
      whenUnavailable: 'refuse',
      minScore: 0.5,
      hostnames: [],
    });
  });

  it('takes a local siteverify endpoint, which only tests and local stand-ins set', () => {
    const config = readHandlerConfig({
      ...BASE,
      SIGN_UP_CAPTCHA_PROVIDER: 'turnstile',
      SIGN_UP_CAPTCHA_SECRET_PARAMETER: CAPTCHA_SECRET,
      SIGN_UP_CAPTCHA_ENDPOINT: 'http://127.0.0.1:8025/siteverify',
    });
    expect(config.captcha?.endpoint).to.equal('http://127.0.0.1:8025/siteverify');
  });

  it('has no captcha with provider none, whatever else is set', () => {
    const config = readHandlerConfig({ ...BASE, SIGN_UP_CAPTCHA_PROVIDER: 'none', SIGN_UP_CAPTCHA_SECRET_PARAMETER: CAPTCHA_SECRET });
    expect(config).to.not.have.property('captcha');
  });

  it('reads the reminder workflow, and has none when its state machine is empty', () => {
    expect(
      readHandlerConfig({ ...BASE, REMINDER_STATE_MACHINE_ARN: STATE_MACHINE, REMINDER_REMIND_AFTER_SECONDS: '3600', REMINDER_DELETE_AFTER_SECONDS: '86400' })
        .reminders,
    ).to.deep.equal({ stateMachineArn: STATE_MACHINE, remindAfterSeconds: 3600, deleteAfterSeconds: 86_400 });
    expect(readHandlerConfig({ ...BASE, REMINDER_STATE_MACHINE_ARN: STATE_MACHINE }).reminders).to.deep.equal({
      stateMachineArn: STATE_MACHINE,
      remindAfterSeconds: 86_400,
      deleteAfterSeconds: 7 * 86_400,
    });
    expect(readHandlerConfig({ ...BASE, REMINDER_STATE_MACHINE_ARN: '', REMINDER_REMIND_AFTER_SECONDS: '3600' })).to.not.have.property('reminders');
  });

  it('reads the welcome mail over SES, with its sender and reply-to address', () => {
    expect(
      readHandlerConfig({
        ...BASE,
        WELCOME_ENABLED: 'true',
        MAIL_APP_NAME: 'Example',
        MAIL_DEFAULT_LOCALE: 'fr',
        MAIL_PROVIDER: 'ses',
        MAIL_FROM: 'Example <no-reply@example.com>',
        MAIL_REPLY_TO: 'support@example.com',
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

  it('reads the SMTP server, with the parameter of its password when it logs in', () => {
    const smtp = {
      ...BASE,
      WELCOME_ENABLED: 'true',
      MAIL_PROVIDER: 'smtp',
      MAIL_FROM: 'no-reply@example.com',
      SMTP_HOST: 'smtp.example.com',
      SMTP_PORT: '465',
      SMTP_SECURITY: 'tls',
      SMTP_USERNAME: 'gatehouse',
      SMTP_PASSWORD_PARAMETER: '/gatehouse/dev/smtp-password',
    };
    expect(readHandlerConfig(smtp).mail.smtp).to.deep.equal({
      host: 'smtp.example.com',
      port: 465,
      security: 'tls',
      username: 'gatehouse',
      passwordParameter: '/gatehouse/dev/smtp-password',
    });
    expect(readHandlerConfig({ ...BASE, MAIL_PROVIDER: 'smtp', SMTP_HOST: 'localhost', SMTP_SECURITY: 'none', SMTP_PORT: '' }).mail.smtp).to.deep.equal({
      host: 'localhost',
      port: 587,
      security: 'none',
    });
    // The server is read only when the mail goes through it.
    expect(readHandlerConfig({ ...BASE, MAIL_PROVIDER: 'ses', SMTP_HOST: 'smtp.example.com' }).mail).to.not.have.property('smtp');
  });

  const KEY_ARN = 'arn:aws:kms:eu-west-1:123456789012:key/0f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a';
  const SENDGRID_KEY = '/gatehouse/dev/sendgrid-api-key';
  const TWILIO_TOKEN = '/gatehouse/dev/twilio-auth-token';
  const ACCOUNT_SID = `AC${'0123456789abcdef'.repeat(2)}`;

  it('reads which channels the stack writes and sends itself (custom-sender), and the key of their codes', () => {
    const config = readHandlerConfig({ ...BASE, MESSAGES_EMAIL: 'custom-sender', MESSAGES_SMS: 'custom-sender', CODE_KEY_ARN: ` ${KEY_ARN} ` });
    expect(config.messages).to.deep.equal({ email: 'custom-sender', sms: 'custom-sender' });
    expect(config.codeKeyArn).to.equal(KEY_ARN);
    expect(readHandlerConfig({ ...BASE, MESSAGES_EMAIL: 'custom-message', MESSAGES_SMS: 'cognito' }).messages).to.deep.equal({
      email: 'custom-message',
      sms: 'cognito',
    });
    // Empty is unset: the infrastructure renders every variable.
    expect(readHandlerConfig({ ...BASE, CODE_KEY_ARN: '' })).to.not.have.property('codeKeyArn');
    expect(readHandlerConfig({ ...BASE, CODE_KEY_ARN: 'arn:aws-cn:kms:cn-north-1:123456789012:key/mrk-0123' }).codeKeyArn).to.equal(
      'arn:aws-cn:kms:cn-north-1:123456789012:key/mrk-0123',
    );
  });

  it('reads SendGrid with the parameter of its key, and a local endpoint only tests and stand-ins set', () => {
    const sendgrid = { ...BASE, MAIL_PROVIDER: 'sendgrid', MAIL_FROM: 'no-reply@example.com', SENDGRID_API_KEY_PARAMETER: SENDGRID_KEY };
    expect(readHandlerConfig(sendgrid).mail).to.deep.equal({
      welcome: false,
      appName: 'Gatehouse',
      defaultLocale: 'en',
      provider: 'sendgrid',
      from: 'no-reply@example.com',
      sendgrid: { apiKeyParameter: SENDGRID_KEY },
    });
    expect(readHandlerConfig({ ...sendgrid, SENDGRID_ENDPOINT: 'http://127.0.0.1:8026' }).mail.sendgrid).to.deep.equal({
      apiKeyParameter: SENDGRID_KEY,
      endpoint: 'http://127.0.0.1:8026',
    });
    // SendGrid is read only when the mail goes through it.
    expect(readHandlerConfig({ ...BASE, MAIL_PROVIDER: 'ses', SENDGRID_API_KEY_PARAMETER: SENDGRID_KEY }).mail).to.not.have.property('sendgrid');
  });

  it('reads SNS with its optional sender ID and origination number', () => {
    expect(readHandlerConfig({ ...BASE, SMS_PROVIDER: 'sns', SMS_SENDER_ID: 'Gatehouse', SMS_ORIGINATION_NUMBER: '+15005550006' }).sms).to.deep.equal({
      provider: 'sns',
      senderId: 'Gatehouse',
      originationNumber: '+15005550006',
    });
    expect(readHandlerConfig({ ...BASE, SMS_PROVIDER: 'sns', SMS_SENDER_ID: '', SMS_ORIGINATION_NUMBER: '' }).sms).to.deep.equal({ provider: 'sns' });
    // Twilio's settings are read only when the texts go through it.
    expect(readHandlerConfig({ ...BASE, TWILIO_ACCOUNT_SID: ACCOUNT_SID, TWILIO_FROM: '+15005550006' }).sms).to.deep.equal({ provider: 'sns' });
  });

  it('reads Twilio: the account, a number or a Messaging Service, the parameter of its token, and a local endpoint', () => {
    const twilio = { ...BASE, SMS_PROVIDER: 'twilio', TWILIO_ACCOUNT_SID: ACCOUNT_SID, TWILIO_AUTH_TOKEN_PARAMETER: TWILIO_TOKEN };
    expect(readHandlerConfig({ ...twilio, TWILIO_FROM: '+15005550006' }).sms).to.deep.equal({
      provider: 'twilio',
      twilio: { accountSid: ACCOUNT_SID, authTokenParameter: TWILIO_TOKEN, from: '+15005550006' },
    });
    const service = `MG${'fedcba9876543210'.repeat(2)}`;
    expect(readHandlerConfig({ ...twilio, TWILIO_MESSAGING_SERVICE_SID: service, TWILIO_ENDPOINT: 'http://127.0.0.1:8027' }).sms).to.deep.equal({
      provider: 'twilio',
      twilio: { accountSid: ACCOUNT_SID, authTokenParameter: TWILIO_TOKEN, messagingServiceSid: service, endpoint: 'http://127.0.0.1:8027' },
    });
    // SNS's settings do not travel with Twilio.
    expect(readHandlerConfig({ ...twilio, TWILIO_FROM: '+15005550006', SMS_SENDER_ID: 'Gatehouse' }).sms).to.not.have.property('senderId');
  });

  const bad: [Record<string, string>, RegExp][] = [
    [{ ...BASE, SIGN_UP_CAPTCHA_PROVIDER: 'friendlycaptcha' }, /SIGN_UP_CAPTCHA_PROVIDER must be none, turnstile, recaptcha or hcaptcha/],
    [{ ...BASE, SIGN_UP_CAPTCHA_PROVIDER: 'turnstile' }, /SIGN_UP_CAPTCHA_SECRET_PARAMETER must name the SSM parameter of the turnstile secret/],
    [{ ...BASE, SIGN_UP_CAPTCHA_PROVIDER: 'turnstile', SIGN_UP_CAPTCHA_SECRET_PARAMETER: 'captcha-secret' }, /SIGN_UP_CAPTCHA_SECRET_PARAMETER must name/],
    [{ ...BASE, SIGN_UP_CAPTCHA_WHEN_UNAVAILABLE: 'retry' }, /SIGN_UP_CAPTCHA_WHEN_UNAVAILABLE must be refuse or allow/],
    [{ ...BASE, SIGN_UP_CAPTCHA_MIN_SCORE: '1.5' }, /SIGN_UP_CAPTCHA_MIN_SCORE must be a number from 0 to 1/],
    [{ ...BASE, SIGN_UP_CAPTCHA_MIN_SCORE: 'high' }, /SIGN_UP_CAPTCHA_MIN_SCORE must be a number from 0 to 1/],
    [{ ...BASE, REMINDER_STATE_MACHINE_ARN: 'gatehouse-dev-sign-up-reminders' }, /REMINDER_STATE_MACHINE_ARN must be a state machine ARN or empty/],
    [{ ...BASE, REMINDER_STATE_MACHINE_ARN: STATE_MACHINE, REMINDER_REMIND_AFTER_SECONDS: '0' }, /REMINDER_REMIND_AFTER_SECONDS must be >= 1/],
    [{ ...BASE, WELCOME_ENABLED: 'true' }, /WELCOME_ENABLED needs MAIL_FROM/],
    [{ ...BASE, ALERT_ACCOUNT_LOCKED: 'true' }, /ALERT_ACCOUNT_LOCKED needs MAIL_FROM/],
    [{ ...BASE, ALERT_NEW_DEVICE: 'true' }, /ALERT_NEW_DEVICE needs MAIL_FROM/],
    [{ ...BASE, ALERT_ACCOUNT_LOCKED: 'yes', MAIL_FROM: 'no-reply@example.com' }, /ALERT_ACCOUNT_LOCKED must be true or false/],
    [{ ...BASE, MAIL_PROVIDER: 'mailgun' }, /MAIL_PROVIDER must be ses, smtp or sendgrid/],
    [{ ...BASE, MAIL_PROVIDER: 'sendgrid' }, /MAIL_PROVIDER sendgrid needs SENDGRID_API_KEY_PARAMETER, the SSM parameter of the API key/],
    [{ ...BASE, MAIL_PROVIDER: 'sendgrid', SENDGRID_API_KEY_PARAMETER: 'sendgrid-api-key' }, /MAIL_PROVIDER sendgrid needs SENDGRID_API_KEY_PARAMETER/],
    [{ ...BASE, MESSAGES_EMAIL: 'sendgrid' }, /MESSAGES_EMAIL must be cognito, custom-message or custom-sender/],
    [{ ...BASE, MESSAGES_SMS: 'twilio' }, /MESSAGES_SMS must be cognito, custom-message or custom-sender/],
    [{ ...BASE, CODE_KEY_ARN: 'alias/gatehouse-dev' }, /CODE_KEY_ARN must be a KMS key ARN or empty/],
    [{ ...BASE, CODE_KEY_ARN: 'arn:aws:kms:eu-west-1:123456789012:alias/gatehouse-dev' }, /CODE_KEY_ARN must be a KMS key ARN or empty/],
    [{ ...BASE, SMS_PROVIDER: 'vonage' }, /SMS_PROVIDER must be sns or twilio/],
    [{ ...BASE, SMS_PROVIDER: 'twilio' }, /SMS_PROVIDER twilio needs TWILIO_ACCOUNT_SID and one of TWILIO_FROM, TWILIO_MESSAGING_SERVICE_SID/],
    [{ ...BASE, SMS_PROVIDER: 'twilio', TWILIO_ACCOUNT_SID: 'AC0123', TWILIO_AUTH_TOKEN_PARAMETER: TWILIO_TOKEN }, /SMS_PROVIDER twilio needs TWILIO_ACCOUNT_SID and one of/],
    [
      { ...BASE, SMS_PROVIDER: 'twilio', TWILIO_FROM: '+15005550006', TWILIO_AUTH_TOKEN_PARAMETER: TWILIO_TOKEN },
      /SMS_PROVIDER twilio needs TWILIO_ACCOUNT_SID and one of/,
    ],
    [
      { ...BASE, SMS_PROVIDER: 'twilio', TWILIO_ACCOUNT_SID: 'AC0123', TWILIO_FROM: '+15005550006', TWILIO_MESSAGING_SERVICE_SID: 'MG0123', TWILIO_AUTH_TOKEN_PARAMETER: TWILIO_TOKEN },
      /SMS_PROVIDER twilio needs TWILIO_ACCOUNT_SID and one of TWILIO_FROM, TWILIO_MESSAGING_SERVICE_SID/,
    ],
    [
      { ...BASE, SMS_PROVIDER: 'twilio', TWILIO_ACCOUNT_SID: 'AC0123', TWILIO_FROM: '+15005550006' },
      /SMS_PROVIDER twilio needs TWILIO_AUTH_TOKEN_PARAMETER, the SSM parameter of the auth token/,
    ],
    [
      { ...BASE, SMS_PROVIDER: 'twilio', TWILIO_ACCOUNT_SID: 'AC0123', TWILIO_FROM: '+15005550006', TWILIO_AUTH_TOKEN_PARAMETER: 'twilio-auth-token' },
      /SMS_PROVIDER twilio needs TWILIO_AUTH_TOKEN_PARAMETER/,
    ],
    [{ ...BASE, MAIL_DEFAULT_LOCALE: 'english' }, /MAIL_DEFAULT_LOCALE must be a language code such as en/],
    [{ ...BASE, MAIL_PROVIDER: 'smtp' }, /MAIL_PROVIDER smtp needs SMTP_HOST/],
    [{ ...BASE, MAIL_PROVIDER: 'smtp', SMTP_HOST: 'smtp.example.com', SMTP_PORT: '70000' }, /SMTP_PORT must be <= 65535/],
    [{ ...BASE, MAIL_PROVIDER: 'smtp', SMTP_HOST: 'smtp.example.com', SMTP_SECURITY: 'ssl' }, /SMTP_SECURITY must be starttls, tls or none/],
    [
      { ...BASE, MAIL_PROVIDER: 'smtp', SMTP_HOST: 'smtp.example.com', SMTP_USERNAME: 'gatehouse' },
      /SMTP_USERNAME needs SMTP_PASSWORD_PARAMETER, the SSM parameter of the password/,
    ],
    [
      { ...BASE, MAIL_PROVIDER: 'smtp', SMTP_HOST: 'smtp.example.com', SMTP_USERNAME: 'gatehouse', SMTP_PASSWORD_PARAMETER: 'smtp-password' },
      /SMTP_USERNAME needs SMTP_PASSWORD_PARAMETER/,
    ],
    [{ TABLE_NAME: 't-1', ACCOUNT_KEY_PARAMETER: KEY, SIGN_UP_ALLOWED_DOMAINS: 'example.com,*.com' }, /SIGN_UP_ALLOWED_DOMAINS has invalid entries "\*\.com"/],
    [{ TABLE_NAME: 't-1', ACCOUNT_KEY_PARAMETER: KEY, SIGN_UP_EXTRA_DISPOSABLE_DOMAINS: 'localhost' }, /SIGN_UP_EXTRA_DISPOSABLE_DOMAINS/],
    [{ TABLE_NAME: 't-1', ACCOUNT_KEY_PARAMETER: KEY, SIGN_UP_EXTERNAL_PROVIDERS: 'maybe' }, /SIGN_UP_EXTERNAL_PROVIDERS must be screen or trust/],
    [{}, /TABLE_NAME/],
    [{ TABLE_NAME: 't-1' }, /ACCOUNT_KEY_PARAMETER is required/],
    [{ TABLE_NAME: 't-1', ACCOUNT_KEY_PARAMETER: 'account-key' }, /ACCOUNT_KEY_PARAMETER must be an SSM parameter name/],
    [{ TABLE_NAME: 't-1', ACCOUNT_KEY_PARAMETER: KEY, LOCKOUT_MAX_FAILURES: '0' }, /LOCKOUT_MAX_FAILURES/],
    [{ TABLE_NAME: 't-1', ACCOUNT_KEY_PARAMETER: KEY, LOCKOUT_MAX_FAILURES: 'five' }, /LOCKOUT_MAX_FAILURES must be a whole number/],
    [{ TABLE_NAME: 't-1', ACCOUNT_KEY_PARAMETER: KEY, LOCKOUT_SECONDS: '-3' }, /LOCKOUT_SECONDS/],
    [{ TABLE_NAME: 't-1', ACCOUNT_KEY_PARAMETER: KEY, FORCED_RESET_ENABLED: 'yes' }, /FORCED_RESET_ENABLED/],
    [{ TABLE_NAME: 't-1', ACCOUNT_KEY_PARAMETER: KEY, STORE_FAILURE_MODE: 'sometimes' }, /STORE_FAILURE_MODE/],
    [{ TABLE_NAME: 't-1', ACCOUNT_KEY_PARAMETER: KEY, CLIENT_TIMEOUT_MS: '9000' }, /CLIENT_TIMEOUT_MS/],
    [{ TABLE_NAME: 't-1', ACCOUNT_KEY_PARAMETER: KEY, LOCKOUT_SECONDS: '600', LOCKOUT_MAX_SECONDS: '300' }, /maxLockoutSeconds must be >= lockout.lockoutSeconds/],
    [
      { TABLE_NAME: 't-1', ACCOUNT_KEY_PARAMETER: KEY, FORCED_RESET_ENABLED: 'true', FORCED_RESET_AFTER_LOCKOUTS: '0', FORCED_RESET_AFTER_FAILURES: '0' },
      /forcedReset is enabled but neither/,
    ],
    [{ TABLE_NAME: 't-1', ACCOUNT_KEY_PARAMETER: KEY, PASSWORDLESS_ENABLED: 'true', PASSWORDLESS_REDIRECT_URLS: 'https://app.example.com/cb' }, /PASSWORDLESS_ENABLED needs MAIL_FROM/],
    [{ TABLE_NAME: 't-1', ACCOUNT_KEY_PARAMETER: KEY, PASSWORDLESS_ENABLED: 'true', MAIL_FROM: 'no-reply@example.com' }, /PASSWORDLESS_REDIRECT_URLS: redirectUrls must name at least one URL/],
    [
      { TABLE_NAME: 't-1', ACCOUNT_KEY_PARAMETER: KEY, PASSWORDLESS_ENABLED: 'true', MAIL_FROM: 'no-reply@example.com', PASSWORDLESS_REDIRECT_URLS: 'http://evil.example/cb' },
      /PASSWORDLESS_REDIRECT_URLS: redirectUrls has an invalid entry "http:\/\/evil\.example\/cb"/,
    ],
    [{ TABLE_NAME: 't-1', ACCOUNT_KEY_PARAMETER: KEY, PASSWORDLESS_LINK_VALIDITY_SECONDS: '601' }, /PASSWORDLESS_LINK_VALIDITY_SECONDS must be <= 600/],
  ];
  for (const [env, message] of bad) {
    it(`rejects ${JSON.stringify(env)}`, () => {
      expect(() => readHandlerConfig(env)).to.throw(ConfigurationError, message);
    });
  }
});
