import { expect } from 'chai';
import { parseStackConfig } from '../../infra/config';
import {
  lambdaAssumeRolePolicy,
  poolAccessPolicy,
  SNS_PHONE_NUMBERS_ONLY,
  triggerPolicy,
  type PolicyDocument,
  type PolicyStatement,
} from '../../infra/iam-policies';
import { TRIGGERS, triggersOf, type TriggerDefinition } from '../../infra/triggers';

const TABLE_ARN = 'arn:aws:dynamodb:eu-west-1:123456789012:table/gatehouse';
const POOL_ARN = 'arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_abc';
const logGroupArn = (trigger: TriggerDefinition) =>
  `arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/gatehouse-dev-${trigger.name}`;

const PARAMETER_ARN = 'arn:aws:ssm:eu-west-1:123456789012:parameter/gatehouse-dev/account-key';
const CAPTCHA_ARN = 'arn:aws:ssm:eu-west-1:123456789012:parameter/gatehouse-dev/captcha-secret';
const SMTP_ARN = 'arn:aws:ssm:eu-west-1:123456789012:parameter/gatehouse-dev/smtp-password';
const SENDGRID_ARN = 'arn:aws:ssm:eu-west-1:123456789012:parameter/gatehouse-dev/sendgrid-api-key';
const TWILIO_ARN = 'arn:aws:ssm:eu-west-1:123456789012:parameter/gatehouse-dev/twilio-auth-token';
const QUEUE_ARN = 'arn:aws:sqs:eu-west-1:123456789012:gatehouse-dev-undelivered-messages';
const KEY_ARN = 'arn:aws:kms:eu-west-1:123456789012:key/0f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a';
const POOL = { poolArn: POOL_ARN, poolId: 'eu-west-1_abc', keyArn: KEY_ARN };
const STATE_MACHINE_ARN = 'arn:aws:states:eu-west-1:123456789012:stateMachine:gatehouse-dev-sign-up-reminders';
const IDENTITY_ARN = 'arn:aws:ses:eu-west-1:123456789012:identity/example.com';
const arnsFor = (each: TriggerDefinition) => ({
  tableArn: TABLE_ARN,
  logGroupArn: logGroupArn(each),
  secretParameterArns: {
    accountKey: PARAMETER_ARN,
    captchaSecret: CAPTCHA_ARN,
    smtpPassword: SMTP_ARN,
    sendgridApiKey: SENDGRID_ARN,
    twilioAuthToken: TWILIO_ARN,
  },
  keyArn: KEY_ARN,
  reminderStateMachineArn: STATE_MACHINE_ARN,
  emailIdentity: { arn: IDENTITY_ARN, fromAddress: 'no-reply@example.com' },
  undeliveredQueueArn: QUEUE_ARN,
});

const trigger = (name: string): TriggerDefinition => {
  const found = TRIGGERS.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no trigger ${name}`);
  return found;
};

const withoutForcedReset = parseStackConfig({});
const withForcedReset = parseStackConfig({ forcedReset: { enabled: true } });
const DEFAULTS = withoutForcedReset;
const WITHOUT_REMINDERS = parseStackConfig({ signUp: { reminders: { enabled: false } } });
const WITH_EVERYTHING = parseStackConfig({
  signUp: { captcha: { provider: 'turnstile' } },
  email: { from: 'Example <no-reply@example.com>' },
  welcome: { enabled: true },
});
const WITH_SMTP = parseStackConfig({
  email: { from: 'no-reply@example.com', provider: 'smtp', smtp: { host: 'smtp.example.com', username: 'gatehouse' } },
  welcome: { enabled: true },
});
/** Both custom senders, over SES and SNS. */
const SENDERS_SES_SNS = parseStackConfig({
  email: { from: 'Example <no-reply@example.com>' },
  messages: { email: 'custom-sender', sms: 'custom-sender' },
});
/** Both custom senders over SendGrid and Twilio, with the welcome mail (over SendGrid too). */
const SENDERS_SENDGRID_TWILIO = parseStackConfig({
  email: { from: 'no-reply@example.com', provider: 'sendgrid' },
  welcome: { enabled: true },
  messages: { email: 'custom-sender', sms: 'custom-sender' },
  sms: { provider: 'twilio', twilio: { accountSid: `AC${'0'.repeat(32)}`, from: '+15005550006' } },
});
/** The email sender over an SMTP server that logs in. */
const SENDER_SMTP = parseStackConfig({
  email: { from: 'no-reply@example.com', provider: 'smtp', smtp: { host: 'smtp.example.com', username: 'gatehouse' } },
  messages: { email: 'custom-sender' },
});
const SENDER_STACKS = [SENDERS_SES_SNS, SENDERS_SENDGRID_TWILIO, SENDER_SMTP];

const actionsOn = (document: PolicyDocument | undefined, resource: string) =>
  (document?.Statement ?? []).filter((statement) => statement.Resource?.includes(resource)).flatMap((s) => s.Action);

describe('infra: IAM policies', () => {
  const expectedTableActions: Record<string, string[]> = {
    'pre-authentication': ['dynamodb:UpdateItem', 'dynamodb:GetItem', 'dynamodb:PutItem'],
    'post-authentication': ['dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:PutItem'],
    'post-confirmation': ['dynamodb:DeleteItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
  };

  for (const [name, actions] of Object.entries(expectedTableActions)) {
    it(`gives ${name} exactly ${actions.join(', ')} on the table`, () => {
      const document = triggerPolicy(trigger(name), DEFAULTS, arnsFor(trigger(name)));
      expect(actionsOn(document, TABLE_ARN)).to.have.members(actions);
      expect(actionsOn(document, TABLE_ARN)).to.have.length(actions.length);
    });
  }

  it('adds GetItem for post-confirmation only with the welcome mail (reading its once-only record)', () => {
    const document = triggerPolicy(trigger('post-confirmation'), WITH_EVERYTHING, arnsFor(trigger('post-confirmation')));
    expect(actionsOn(document, TABLE_ARN)).to.have.members([...(expectedTableActions['post-confirmation'] ?? []), 'dynamodb:GetItem']);
  });

  const usingTheTable = triggersOf(DEFAULTS).filter((each) => each.tableActions(DEFAULTS).length > 0);

  it('lets each function that uses the table read the account key secret, and decrypt with the stack key only for that parameter', () => {
    expect(usingTheTable.map((each) => each.name)).to.have.members(Object.keys(expectedTableActions));
    for (const each of usingTheTable) {
      const document = triggerPolicy(each, DEFAULTS, arnsFor(each));
      expect(actionsOn(document, PARAMETER_ARN), each.name).to.deep.equal(['ssm:GetParameter']);
      expect(document.Statement.filter((statement) => statement.Resource?.includes(KEY_ARN))).to.deep.equal([
        {
          Sid: 'DecryptAccountKeySecret',
          Effect: 'Allow',
          Action: ['kms:Decrypt'],
          Resource: [KEY_ARN],
          Condition: { StringEquals: { 'kms:EncryptionContext:PARAMETER_ARN': PARAMETER_ARN } },
        },
      ]);
    }
  });

  it('gives pre-sign-up no table and no pool; the account key secret and StartExecution on the workflow only with reminders', () => {
    const preSignUp = trigger('pre-sign-up');
    const withReminders = triggerPolicy(preSignUp, DEFAULTS, arnsFor(preSignUp));
    expect(actionsOn(withReminders, TABLE_ARN)).to.deep.equal([]);
    expect(actionsOn(withReminders, PARAMETER_ARN)).to.deep.equal(['ssm:GetParameter']);
    expect(withReminders.Statement.find((statement) => statement.Sid === 'StartReminders')).to.deep.equal({
      Sid: 'StartReminders',
      Effect: 'Allow',
      Action: ['states:StartExecution'],
      Resource: [STATE_MACHINE_ARN],
    });
    expect(triggerPolicy(preSignUp, WITHOUT_REMINDERS, arnsFor(preSignUp))).to.deep.equal({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'WriteOwnLogs',
          Effect: 'Allow',
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          Resource: [`${logGroupArn(preSignUp)}:*`],
        },
      ],
    });
    for (const config of [withoutForcedReset, withForcedReset]) {
      expect(poolAccessPolicy(preSignUp, POOL, config)).to.equal(undefined);
    }
  });

  it('lets only pre-sign-up read the captcha secret, and only when the stack has a captcha', () => {
    for (const each of TRIGGERS) {
      const reads = actionsOn(triggerPolicy(each, WITH_EVERYTHING, arnsFor(each)), CAPTCHA_ARN);
      expect(reads, each.name).to.deep.equal(each.name === 'pre-sign-up' ? ['ssm:GetParameter'] : []);
      expect(actionsOn(triggerPolicy(each, DEFAULTS, arnsFor(each)), CAPTCHA_ARN), each.name).to.deep.equal([]);
    }
    const decrypt = triggerPolicy(trigger('pre-sign-up'), WITH_EVERYTHING, arnsFor(trigger('pre-sign-up'))).Statement.find(
      (statement) => statement.Sid === 'DecryptCaptchaSecret',
    );
    expect(decrypt?.Condition).to.deep.equal({ StringEquals: { 'kms:EncryptionContext:PARAMETER_ARN': CAPTCHA_ARN } });
  });

  it('lets only post-confirmation send mail, as the stack identity and from its one address, and only with the welcome mail on SES', () => {
    for (const each of triggersOf(WITH_EVERYTHING)) {
      const sends = triggerPolicy(each, WITH_EVERYTHING, arnsFor(each)).Statement.filter((statement) =>
        statement.Action.some((action) => action.startsWith('ses:')),
      );
      expect(sends, each.name).to.deep.equal(
        each.name === 'post-confirmation'
          ? [
              {
                Sid: 'SendMailAsStack',
                Effect: 'Allow',
                Action: ['ses:SendEmail'],
                Resource: [IDENTITY_ARN],
                Condition: { StringEquals: { 'ses:FromAddress': 'no-reply@example.com' } },
              },
            ]
          : [],
      );
    }
    const postConfirmation = trigger('post-confirmation');
    const overSmtp = triggerPolicy(postConfirmation, WITH_SMTP, arnsFor(postConfirmation));
    expect(overSmtp.Statement.some((statement) => statement.Action.some((action) => action.startsWith('ses:')))).to.equal(false);
    expect(actionsOn(overSmtp, SMTP_ARN)).to.deep.equal(['ssm:GetParameter']);
    expect(actionsOn(triggerPolicy(postConfirmation, WITH_EVERYTHING, arnsFor(postConfirmation)), SMTP_ARN)).to.deep.equal([]);
  });

  it('lets pre- and post-authentication send mail as the stack only with their alert on, exactly the welcome mail\'s statement', () => {
    const sesStatementsOf = (document: PolicyDocument) => document.Statement.filter((statement) => statement.Action.some((action) => action.startsWith('ses:')));
    const welcome = sesStatementsOf(triggerPolicy(trigger('post-confirmation'), WITH_EVERYTHING, arnsFor(trigger('post-confirmation'))));
    const bothAlerts = parseStackConfig({ email: { from: 'Example <no-reply@example.com>' }, alerts: { accountLocked: true, newDevice: true } });
    for (const name of ['pre-authentication', 'post-authentication']) {
      const each = trigger(name);
      expect(sesStatementsOf(triggerPolicy(each, bothAlerts, arnsFor(each))), name).to.deep.equal(welcome);
      expect(sesStatementsOf(triggerPolicy(each, WITH_EVERYTHING, arnsFor(each))), name).to.deep.equal([]);
    }
    const lockOnly = parseStackConfig({ email: { from: 'no-reply@example.com' }, alerts: { accountLocked: true } });
    expect(sesStatementsOf(triggerPolicy(trigger('pre-authentication'), lockOnly, arnsFor(trigger('pre-authentication'))))).to.have.length(1);
    expect(sesStatementsOf(triggerPolicy(trigger('post-authentication'), lockOnly, arnsFor(trigger('post-authentication'))))).to.deep.equal([]);
    // Over SMTP: the password's parameter instead, and no SES at all.
    const overSmtp = parseStackConfig({
      email: { from: 'no-reply@example.com', provider: 'smtp', smtp: { host: 'smtp.example.com', username: 'gatehouse' } },
      alerts: { accountLocked: true },
    });
    const preAuthentication = triggerPolicy(trigger('pre-authentication'), overSmtp, arnsFor(trigger('pre-authentication')));
    expect(sesStatementsOf(preAuthentication)).to.deep.equal([]);
    expect(actionsOn(preAuthentication, SMTP_ARN)).to.deep.equal(['ssm:GetParameter']);
    expect(actionsOn(triggerPolicy(trigger('post-authentication'), overSmtp, arnsFor(trigger('post-authentication'))), SMTP_ARN)).to.deep.equal([]);
  });

  it('lets each function write only to its own, pre-created log group', () => {
    for (const each of TRIGGERS) {
      const document = triggerPolicy(each, DEFAULTS, arnsFor(each));
      const logs = document.Statement.filter((statement) => statement.Action.some((action) => action.startsWith('logs:')));
      expect(logs).to.have.length(1);
      expect(logs[0]?.Action).to.have.members(['logs:CreateLogStream', 'logs:PutLogEvents']);
      expect(logs[0]?.Resource).to.deep.equal([`${logGroupArn(each)}:*`]);
    }
  });

  it('grants nothing on the pool unless forced reset is on (or the stack has custom senders, below)', () => {
    for (const each of triggersOf(withoutForcedReset)) expect(poolAccessPolicy(each, POOL, withoutForcedReset), each.name).to.equal(undefined);
    for (const each of TRIGGERS.filter((candidate) => candidate.customSender !== true)) {
      for (const config of SENDER_STACKS) expect(poolAccessPolicy(each, POOL, config), each.name).to.equal(undefined);
    }
  });

  it('grants AdminResetUserPassword on the pool ARN, to pre-authentication only, when forced reset is on', () => {
    expect(poolAccessPolicy(trigger('pre-authentication'), POOL, withForcedReset)).to.deep.equal({
      Version: '2012-10-17',
      Statement: [
        { Sid: 'AdministerPool', Effect: 'Allow', Action: ['cognito-idp:AdminResetUserPassword'], Resource: [POOL_ARN] },
      ],
    });
    expect(poolAccessPolicy(trigger('post-authentication'), POOL, withForcedReset)).to.equal(undefined);
    expect(poolAccessPolicy(trigger('post-confirmation'), POOL, withForcedReset)).to.equal(undefined);
    expect(poolAccessPolicy(trigger('pre-sign-up'), POOL, withForcedReset)).to.equal(undefined);
  });

  it('never uses a wildcard action or Resource "*", and names what each statement reaches', () => {
    const documents = [
      lambdaAssumeRolePolicy(),
      ...TRIGGERS.flatMap((each) => [
        triggerPolicy(each, WITH_EVERYTHING, arnsFor(each)),
        triggerPolicy(each, WITH_SMTP, arnsFor(each)),
        poolAccessPolicy(each, POOL, withForcedReset),
        ...SENDER_STACKS.flatMap((config) => [triggerPolicy(each, config, arnsFor(each)), poolAccessPolicy(each, POOL, config)]),
      ]),
    ].filter((document): document is PolicyDocument => document !== undefined);
    expect(documents.length).to.be.greaterThan(TRIGGERS.length);
    const statements = documents.flatMap((document) => document.Statement);
    // The senders' statements are among them.
    expect(statements.map((statement) => statement.Sid)).to.include.members(['SendTextsToPhoneNumbers', 'HandOverUndelivered', 'DecryptPoolCodes']);
    for (const statement of statements) {
      for (const action of statement.Action) expect(action).to.not.include('*');
      expect(statement.Resource ?? []).to.not.include('*');
      expect(statement.NotResource ?? []).to.not.include('*');
      // A trust policy names a principal; every other statement exactly one of Resource and NotResource.
      if (statement.Principal === undefined) {
        expect([statement.Resource, statement.NotResource].filter((each) => each !== undefined), statement.Sid).to.have.length(1);
      }
    }
  });

  describe('the custom senders', () => {
    const emailSender = trigger('custom-email-sender');
    const smsSender = trigger('custom-sms-sender');
    const statementsOf = (each: TriggerDefinition, config: typeof DEFAULTS) => triggerPolicy(each, config, arnsFor(each)).Statement;
    const writeOwnLogs = (each: TriggerDefinition): PolicyStatement => ({
      Sid: 'WriteOwnLogs',
      Effect: 'Allow',
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      Resource: [`${logGroupArn(each)}:*`],
    });
    const useTable: PolicyStatement = {
      Sid: 'UseTable',
      Effect: 'Allow',
      Action: ['dynamodb:PutItem', 'dynamodb:GetItem', 'dynamodb:DeleteItem', 'dynamodb:UpdateItem'],
      Resource: [TABLE_ARN],
    };
    const handOver: PolicyStatement = { Sid: 'HandOverUndelivered', Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: [QUEUE_ARN] };
    const readSecret = (sid: string, parameterArn: string): PolicyStatement[] => [
      { Sid: `Read${sid}`, Effect: 'Allow', Action: ['ssm:GetParameter'], Resource: [parameterArn] },
      {
        Sid: `Decrypt${sid}`,
        Effect: 'Allow',
        Action: ['kms:Decrypt'],
        Resource: [KEY_ARN],
        Condition: { StringEquals: { 'kms:EncryptionContext:PARAMETER_ARN': parameterArn } },
      },
    ];

    it('lets the email sender over SES use its record, send as the stack identity from its address, and hand over what it cannot deliver', () => {
      expect(statementsOf(emailSender, SENDERS_SES_SNS)).to.deep.equal([
        writeOwnLogs(emailSender),
        useTable,
        {
          Sid: 'SendMailAsStack',
          Effect: 'Allow',
          Action: ['ses:SendEmail'],
          Resource: [IDENTITY_ARN],
          Condition: { StringEquals: { 'ses:FromAddress': 'no-reply@example.com' } },
        },
        handOver,
      ]);
    });

    it('lets the email sender over SendGrid or SMTP read that provider\'s secret instead, and send nothing through SES', () => {
      expect(statementsOf(emailSender, SENDERS_SENDGRID_TWILIO)).to.deep.equal([
        writeOwnLogs(emailSender),
        useTable,
        ...readSecret('SendGridApiKey', SENDGRID_ARN),
        handOver,
      ]);
      expect(statementsOf(emailSender, SENDER_SMTP)).to.deep.equal([writeOwnLogs(emailSender), useTable, ...readSecret('SmtpPassword', SMTP_ARN), handOver]);
    });

    it('lets the SMS sender over SNS publish to phone numbers only: NotResource every SNS ARN, no Resource at all', () => {
      const statements = statementsOf(smsSender, SENDERS_SES_SNS);
      expect(statements).to.deep.equal([
        writeOwnLogs(smsSender),
        useTable,
        { Sid: 'SendTextsToPhoneNumbers', Effect: 'Allow', Action: ['sns:Publish'], NotResource: ['arn:*:sns:*:*:*'] },
        handOver,
      ]);
      const publish = statements.find((statement) => statement.Sid === 'SendTextsToPhoneNumbers');
      expect(publish).to.not.have.property('Resource');
      expect(SNS_PHONE_NUMBERS_ONLY).to.deep.equal(['arn:*:sns:*:*:*']);
      // As serialised for IAM: the key is absent, not null.
      expect(JSON.parse(JSON.stringify(publish))).to.deep.equal({
        Sid: 'SendTextsToPhoneNumbers',
        Effect: 'Allow',
        Action: ['sns:Publish'],
        NotResource: ['arn:*:sns:*:*:*'],
      });
    });

    it('lets the SMS sender over Twilio read the auth token instead, and publish nothing through SNS', () => {
      expect(statementsOf(smsSender, SENDERS_SENDGRID_TWILIO)).to.deep.equal([
        writeOwnLogs(smsSender),
        useTable,
        ...readSecret('TwilioAuthToken', TWILIO_ARN),
        handOver,
      ]);
    });

    it('lets no other trigger publish to SNS or send to the queue, and only post-confirmation with the welcome mail read the SendGrid key', () => {
      for (const config of [...SENDER_STACKS, WITH_EVERYTHING, DEFAULTS]) {
        for (const each of triggersOf(config).filter((candidate) => candidate.customSender !== true)) {
          const statements = statementsOf(each, config);
          expect(statements.flatMap((statement) => statement.Action).filter((action) => /^(sns|sqs):/.test(action)), each.name).to.deep.equal([]);
          expect(statements.some((statement) => statement.NotResource !== undefined), each.name).to.equal(false);
          expect(actionsOn({ Version: '2012-10-17', Statement: statements }, SENDGRID_ARN), each.name).to.deep.equal(
            config === SENDERS_SENDGRID_TWILIO && each.name === 'post-confirmation' ? ['ssm:GetParameter'] : [],
          );
        }
      }
      // Post-confirmation's welcome mail over SendGrid: the key, no SES.
      const postConfirmation = statementsOf(trigger('post-confirmation'), SENDERS_SENDGRID_TWILIO);
      expect(postConfirmation.filter((statement) => statement.Sid?.endsWith('SendGridApiKey'))).to.deep.equal(readSecret('SendGridApiKey', SENDGRID_ARN));
      expect(postConfirmation.some((statement) => statement.Action.some((action) => action.startsWith('ses:')))).to.equal(false);
    });

    it('refuses to write a sender\'s policy without the queue, or without the secret its provider needs', () => {
      const { undeliveredQueueArn: _queue, ...withoutQueue } = arnsFor(emailSender);
      expect(() => triggerPolicy(emailSender, SENDERS_SES_SNS, withoutQueue)).to.throw(
        'custom-email-sender is a custom sender, but there is no undelivered-messages queue',
      );
      expect(() => triggerPolicy(smsSender, SENDERS_SES_SNS, { ...withoutQueue, logGroupArn: logGroupArn(smsSender) })).to.throw(
        'custom-sms-sender is a custom sender, but there is no undelivered-messages queue',
      );
      // Other triggers need no queue.
      expect(() => triggerPolicy(trigger('pre-authentication'), SENDERS_SES_SNS, withoutQueue)).to.not.throw();
      const arns = arnsFor(emailSender);
      expect(() =>
        triggerPolicy(emailSender, SENDERS_SENDGRID_TWILIO, { ...arns, secretParameterArns: { accountKey: PARAMETER_ARN } }),
      ).to.throw('custom-email-sender reads sendgridApiKey, which this stack does not provision');
      expect(() => triggerPolicy(smsSender, SENDERS_SENDGRID_TWILIO, { ...arnsFor(smsSender), secretParameterArns: {} })).to.throw(
        'custom-sms-sender reads twilioAuthToken, which this stack does not provision',
      );
    });

    it('lets each sender decrypt the codes of its own pool only: kms:Decrypt on the stack key with the pool\'s id as encryption context', () => {
      const decryptPoolCodes = {
        Sid: 'DecryptPoolCodes',
        Effect: 'Allow',
        Action: ['kms:Decrypt'],
        Resource: [KEY_ARN],
        Condition: { StringEquals: { 'kms:EncryptionContext:userpool-id': 'eu-west-1_abc' } },
      };
      for (const each of [emailSender, smsSender]) {
        for (const config of [...SENDER_STACKS, parseStackConfig({ forcedReset: { enabled: true }, messages: { sms: 'custom-sender' } })]) {
          expect(poolAccessPolicy(each, POOL, config), each.name).to.deep.equal({ Version: '2012-10-17', Statement: [decryptPoolCodes] });
        }
      }
      // Another pool's id, another condition: the statement follows the pool it is given.
      expect(poolAccessPolicy(smsSender, { ...POOL, poolId: 'eu-west-1_other' }, SENDERS_SES_SNS)?.Statement[0]?.Condition).to.deep.equal({
        StringEquals: { 'kms:EncryptionContext:userpool-id': 'eu-west-1_other' },
      });
      // Nothing of the kind for any other trigger, with forced reset on or off.
      for (const config of [withForcedReset, ...SENDER_STACKS]) {
        for (const each of TRIGGERS.filter((candidate) => candidate.customSender !== true)) {
          const statements = poolAccessPolicy(each, POOL, config)?.Statement ?? [];
          expect(statements.filter((statement) => statement.Action.includes('kms:Decrypt')), each.name).to.deep.equal([]);
        }
      }
    });
  });

  it('lets only Lambda assume a function role', () => {
    expect(lambdaAssumeRolePolicy()).to.deep.equal({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: ['sts:AssumeRole'], Principal: { Service: 'lambda.amazonaws.com' } }],
    });
  });
});
