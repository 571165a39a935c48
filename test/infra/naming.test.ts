import { expect } from 'chai';
import {
  appClientName,
  keyAliasName,
  logGroupName,
  NamingError,
  physicalNames,
  physicalPrefix,
  reminderLogGroupName,
  reminderRoleName,
  reminderWorkflowName,
  tableName,
  triggerFunctionName,
  triggerRoleName,
  undeliveredQueueName,
  userPoolName,
} from '../../infra/naming';
import { stackSecretParameterName } from '../../infra/account-key';
import { SECRET_CONFIG_KEYS } from '../../infra/config-schema';
import { TRIGGERS } from '../../infra/triggers';

const longestTrigger = Math.max(...TRIGGERS.map((trigger) => trigger.name.length));
const trigger = TRIGGERS[0]!;

describe('infra: naming', () => {
  it('prefixes AWS names with the program and stack names', () => {
    expect(physicalPrefix('gatehouse', 'dev', TRIGGERS)).to.equal('gatehouse-dev');
    expect(triggerFunctionName('gatehouse-dev', trigger)).to.equal(`gatehouse-dev-${trigger.name}`);
  });

  it('derives every name from the prefix', () => {
    expect(triggerRoleName('gatehouse-dev', trigger)).to.equal(`gatehouse-dev-${trigger.name}`);
    expect(logGroupName(`gatehouse-dev-${trigger.name}`)).to.equal(`/aws/lambda/gatehouse-dev-${trigger.name}`);
    expect(tableName('gatehouse-dev')).to.equal('gatehouse-dev');
    expect(userPoolName('gatehouse-dev')).to.equal('gatehouse-dev');
    expect(appClientName('gatehouse-dev')).to.equal('gatehouse-dev-app');
    expect(keyAliasName('gatehouse-dev')).to.equal('alias/gatehouse-dev');
    expect(physicalNames('gatehouse-dev', TRIGGERS).map(([, name]) => name)).to.include('/gatehouse-dev/account-key');
  });

  it('derives the names of the stack secrets and of the reminder workflow from the prefix', () => {
    expect(reminderWorkflowName('gatehouse-dev')).to.equal('gatehouse-dev-sign-up-reminders');
    expect(reminderRoleName('gatehouse-dev')).to.equal('gatehouse-dev-sign-up-reminders');
    // Under Step Functions' vended-logs prefix (the program's tests hold the component to this name).
    expect(reminderLogGroupName('gatehouse-dev')).to.equal('/aws/vendedlogs/states/gatehouse-dev-sign-up-reminders');
    expect(stackSecretParameterName('gatehouse-dev', 'captchaSecret')).to.equal('/gatehouse-dev/captcha-secret');
    expect(stackSecretParameterName('gatehouse-dev', 'smtpPassword')).to.equal('/gatehouse-dev/smtp-password');
    expect(stackSecretParameterName('gatehouse-dev', 'sendgridApiKey')).to.equal('/gatehouse-dev/sendgrid-api-key');
    expect(stackSecretParameterName('gatehouse-dev', 'twilioAuthToken')).to.equal('/gatehouse-dev/twilio-auth-token');
  });

  it('derives the custom senders\' undelivered-messages queue from the prefix', () => {
    expect(undeliveredQueueName('gatehouse-dev')).to.equal('gatehouse-dev-undelivered-messages');
  });

  it('checks a name for each function, role and log group, the table, pool, client, alias, the parameters, the workflow and the queue', () => {
    const names = physicalNames('gatehouse-dev', TRIGGERS);
    // Table, pool, client, alias; the account key and one parameter per secret; the state machine, its role
    // and its log group; the queue; the alarm topic, the dashboard, the web ACL and its rule.
    expect(names).to.have.length(TRIGGERS.length * 3 + 4 + 1 + SECRET_CONFIG_KEYS.length + 3 + 1 + 4);
    expect(new Set(names.map(([rule]) => rule.service))).to.deep.equal(
      new Set(['Lambda', 'IAM', 'CloudWatch Logs', 'DynamoDB', 'Cognito', 'KMS', 'SSM', 'Step Functions', 'SQS', 'SNS', 'CloudWatch', 'WAF']),
    );
    expect(names.filter(([rule]) => ['SNS', 'CloudWatch', 'WAF'].includes(rule.service)).map(([, name]) => name)).to.deep.equal([
      'gatehouse-dev-alarms',
      'gatehouse-dev',
      'gatehouse-dev',
      'gatehouse-dev-requests-per-ip',
    ]);
    expect(names.filter(([rule]) => rule.service === 'SQS').map(([, name]) => name)).to.deep.equal(['gatehouse-dev-undelivered-messages']);
    // One SSM parameter per secret the stack may hold, the account key's included.
    const parameters = names.filter(([rule]) => rule.service === 'SSM').map(([, name]) => name);
    expect(parameters).to.deep.equal([
      '/gatehouse-dev/account-key',
      ...SECRET_CONFIG_KEYS.map((key) => stackSecretParameterName('gatehouse-dev', key)),
    ]);
    // The state machine and its role share a name: each is checked against its own service's rule.
    const workflow = names.filter(([, name]) => name.endsWith('-sign-up-reminders')).map(([rule, name]) => [rule.service, name]);
    expect(workflow).to.deep.equal([
      ['Step Functions', 'gatehouse-dev-sign-up-reminders'],
      ['IAM', 'gatehouse-dev-sign-up-reminders'],
      ['CloudWatch Logs', '/aws/vendedlogs/states/gatehouse-dev-sign-up-reminders'],
    ]);
  });

  it('leaves room for the workflow whenever the functions fit: the longest prefix they take gives valid names throughout', () => {
    const longest = 'p'.repeat(64 - 1 - longestTrigger);
    expect(physicalPrefix('gatehouse', 'dev', TRIGGERS, longest)).to.equal(longest);
    for (const [rule, name] of physicalNames(longest, TRIGGERS)) expect(rule.valid(name), name).to.equal(true);
    expect(reminderRoleName(longest).length).to.be.at.most(64);
  });

  it('refuses a prefix that gives a reminder role longer than IAM takes (64 characters)', () => {
    // Without triggers, the workflow's role is the first name a long prefix breaks.
    const fits = 'r'.repeat(64 - '-sign-up-reminders'.length);
    expect(physicalPrefix('gatehouse', 'dev', [], fits)).to.equal(fits);
    expect(() => physicalPrefix('gatehouse', 'dev', [], `${fits}r`)).to.throw(
      NamingError,
      `gatehouse:namePrefix "${fits}r" gives the role name "${fits}r-sign-up-reminders", which IAM refuses ` +
        '(letters, digits and + = , . @ _ - only, at most 64 characters)',
    );
  });

  it('refuses a prefix that gives a queue name longer than SQS takes (80 characters)', () => {
    // Without triggers and below the state machine's limit, the queue is the first name a long prefix breaks.
    const tooLong = 'q'.repeat(81 - '-undelivered-messages'.length);
    expect(() => physicalPrefix('gatehouse', 'dev', [], tooLong)).to.throw(
      NamingError,
      `gatehouse:namePrefix "${tooLong}" gives the queue name "${tooLong}-undelivered-messages", which SQS refuses ` +
        '(letters, digits, "-" and "_" only, at most 80 characters)',
    );
    // Whenever the functions fit, so does the queue.
    const longest = 'p'.repeat(64 - 1 - longestTrigger);
    expect(undeliveredQueueName(longest).length).to.be.at.most(80);
  });

  it('refuses a prefix that gives a state machine name longer than Step Functions takes (80 characters)', () => {
    const tooLong = 's'.repeat(81 - '-sign-up-reminders'.length);
    expect(() => physicalPrefix('gatehouse', 'dev', [], tooLong)).to.throw(
      NamingError,
      `gatehouse:namePrefix "${tooLong}" gives the state machine name "${tooLong}-sign-up-reminders", which Step Functions refuses ` +
        '(letters, digits, "-" and "_" only, at most 80 characters)',
    );
  });

  it('takes gatehouse:namePrefix instead of the stack name when the stack sets it', () => {
    expect(physicalPrefix('gatehouse', 'renamed', TRIGGERS, 'gatehouse-dev')).to.equal('gatehouse-dev');
  });

  it('refuses a stack name with characters Lambda refuses in function names', () => {
    expect(() => physicalPrefix('gatehouse', 'team/dev', TRIGGERS)).to.throw(NamingError, 'stack "team/dev"');
  });

  it('refuses a stack name that makes a function name longer than 64 characters', () => {
    const fits = 'x'.repeat(64 - 'gatehouse-'.length - 1 - longestTrigger);
    expect(physicalPrefix('gatehouse', fits, TRIGGERS)).to.equal(`gatehouse-${fits}`);
    expect(() => physicalPrefix('gatehouse', `${fits}x`, TRIGGERS)).to.throw('at most 64 characters');
  });

  it('names gatehouse:namePrefix, not the stack, when the prefix came from there', () => {
    const tooLong = 'p'.repeat(64 - longestTrigger);
    expect(() => physicalPrefix('gatehouse', 'dev', TRIGGERS, tooLong)).to.throw(
      NamingError,
      new RegExp(`^gatehouse:namePrefix "${tooLong}" gives the function name "${tooLong}-[a-z-]+", which Lambda refuses .*: choose a shorter or simpler gatehouse:namePrefix$`),
    );
  });

  it('refuses a prefix that gives a table name DynamoDB refuses (at least 3 characters)', () => {
    expect(() => physicalPrefix('gatehouse', 'dev', TRIGGERS, 'ab')).to.throw(
      NamingError,
      'gatehouse:namePrefix "ab" gives the table name "ab", which DynamoDB refuses (letters, digits, "_", "-" and "." only, 3 to 255 characters)',
    );
    expect(physicalPrefix('gatehouse', 'dev', TRIGGERS, 'abc')).to.equal('abc');
  });

  it('refuses a stack name that gives a key alias KMS refuses, naming the stack and the way out', () => {
    // A dot passes Lambda's rules only if there are no triggers; with none, the alias is the first to refuse it.
    expect(() => physicalPrefix('gatehouse', 'prod.eu', [])).to.throw(
      NamingError,
      /^stack "prod\.eu" gives the key alias "alias\/gatehouse-prod\.eu", which KMS refuses .*: choose a shorter or simpler stack name, or set gatehouse:namePrefix$/,
    );
  });

  it('refuses a prefix that gives an SSM parameter name AWS reserves', () => {
    expect(() => physicalPrefix('gatehouse', 'dev', TRIGGERS, 'aws-prod')).to.throw(NamingError, 'the parameter name "/aws-prod/account-key", which SSM refuses');
  });
});
