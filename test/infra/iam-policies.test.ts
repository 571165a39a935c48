import { expect } from 'chai';
import { parseStackConfig } from '../../infra/config';
import { lambdaAssumeRolePolicy, poolAccessPolicy, triggerPolicy, type PolicyDocument } from '../../infra/iam-policies';
import { TRIGGERS, type TriggerDefinition } from '../../infra/triggers';

const TABLE_ARN = 'arn:aws:dynamodb:eu-west-1:123456789012:table/gatehouse';
const POOL_ARN = 'arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_abc';
const logGroupArn = (trigger: TriggerDefinition) =>
  `arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/gatehouse-dev-${trigger.name}`;

const PARAMETER_ARN = 'arn:aws:ssm:eu-west-1:123456789012:parameter/gatehouse-dev/account-key';
const CAPTCHA_ARN = 'arn:aws:ssm:eu-west-1:123456789012:parameter/gatehouse-dev/captcha-secret';
const SMTP_ARN = 'arn:aws:ssm:eu-west-1:123456789012:parameter/gatehouse-dev/smtp-password';
const KEY_ARN = 'arn:aws:kms:eu-west-1:123456789012:key/0f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a';
const POOL = { poolArn: POOL_ARN, poolId: 'eu-west-1_abc', keyArn: KEY_ARN };
const STATE_MACHINE_ARN = 'arn:aws:states:eu-west-1:123456789012:stateMachine:gatehouse-dev-sign-up-reminders';
const IDENTITY_ARN = 'arn:aws:ses:eu-west-1:123456789012:identity/example.com';
const arnsFor = (each: TriggerDefinition) => ({
  tableArn: TABLE_ARN,
  logGroupArn: logGroupArn(each),
  secretParameterArns: { accountKey: PARAMETER_ARN, captchaSecret: CAPTCHA_ARN, smtpPassword: SMTP_ARN },
  keyArn: KEY_ARN,
  reminderStateMachineArn: STATE_MACHINE_ARN,
  emailIdentity: { arn: IDENTITY_ARN, fromAddress: 'no-reply@example.com' },
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

  const usingTheTable = TRIGGERS.filter((each) => each.tableActions(DEFAULTS).length > 0);

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
    for (const each of TRIGGERS) {
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

  it('lets each function write only to its own, pre-created log group', () => {
    for (const each of TRIGGERS) {
      const document = triggerPolicy(each, DEFAULTS, arnsFor(each));
      const logs = document.Statement.filter((statement) => statement.Action.some((action) => action.startsWith('logs:')));
      expect(logs).to.have.length(1);
      expect(logs[0]?.Action).to.have.members(['logs:CreateLogStream', 'logs:PutLogEvents']);
      expect(logs[0]?.Resource).to.deep.equal([`${logGroupArn(each)}:*`]);
    }
  });

  it('grants nothing on the pool unless forced reset is on', () => {
    for (const each of TRIGGERS) expect(poolAccessPolicy(each, POOL, withoutForcedReset), each.name).to.equal(undefined);
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

  it('never uses a wildcard action or Resource "*"', () => {
    const documents = [
      lambdaAssumeRolePolicy(),
      ...TRIGGERS.flatMap((each) => [
        triggerPolicy(each, WITH_EVERYTHING, arnsFor(each)),
        triggerPolicy(each, WITH_SMTP, arnsFor(each)),
        poolAccessPolicy(each, POOL, withForcedReset),
      ]),
    ].filter((document): document is PolicyDocument => document !== undefined);
    expect(documents.length).to.be.greaterThan(TRIGGERS.length);
    for (const statement of documents.flatMap((document) => document.Statement)) {
      for (const action of statement.Action) expect(action).to.not.include('*');
      expect(statement.Resource ?? []).to.not.include('*');
    }
  });

  it('lets only Lambda assume a function role', () => {
    expect(lambdaAssumeRolePolicy()).to.deep.equal({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: ['sts:AssumeRole'], Principal: { Service: 'lambda.amazonaws.com' } }],
    });
  });
});
