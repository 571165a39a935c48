import { expect } from 'chai';
import { parseStackConfig } from '../../infra/config';
import { lambdaAssumeRolePolicy, poolAccessPolicy, triggerPolicy, type PolicyDocument } from '../../infra/iam-policies';
import { TRIGGERS, type TriggerDefinition } from '../../infra/triggers';

const TABLE_ARN = 'arn:aws:dynamodb:eu-west-1:123456789012:table/gatehouse';
const POOL_ARN = 'arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_abc';
const logGroupArn = (trigger: TriggerDefinition) =>
  `arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/gatehouse-dev-${trigger.name}`;

const PARAMETER_ARN = 'arn:aws:ssm:eu-west-1:123456789012:parameter/gatehouse-dev/account-key';
const KEY_ARN = 'arn:aws:kms:eu-west-1:123456789012:key/0f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a';
const arnsFor = (each: TriggerDefinition) => ({
  tableArn: TABLE_ARN,
  logGroupArn: logGroupArn(each),
  accountKeyParameterArn: PARAMETER_ARN,
  keyArn: KEY_ARN,
});

const trigger = (name: string): TriggerDefinition => {
  const found = TRIGGERS.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no trigger ${name}`);
  return found;
};

const withoutForcedReset = parseStackConfig({});
const withForcedReset = parseStackConfig({ forcedReset: { enabled: true } });

const actionsOn = (document: PolicyDocument | undefined, resource: string) =>
  (document?.Statement ?? []).filter((statement) => statement.Resource?.includes(resource)).flatMap((s) => s.Action);

describe('infra: IAM policies', () => {
  const expectedTableActions: Record<string, string[]> = {
    'pre-authentication': ['dynamodb:UpdateItem', 'dynamodb:GetItem', 'dynamodb:PutItem'],
    'post-authentication': ['dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:PutItem'],
    'post-confirmation': ['dynamodb:DeleteItem', 'dynamodb:PutItem'],
  };

  for (const [name, actions] of Object.entries(expectedTableActions)) {
    it(`gives ${name} exactly ${actions.join(', ')} on the table`, () => {
      const document = triggerPolicy(trigger(name), arnsFor(trigger(name)));
      expect(actionsOn(document, TABLE_ARN)).to.have.members(actions);
      expect(actionsOn(document, TABLE_ARN)).to.have.length(actions.length);
    });
  }

  const usingTheTable = TRIGGERS.filter((each) => each.tableActions.length > 0);

  it('lets each function that uses the table read the account key secret, and decrypt with the stack key only for that parameter', () => {
    expect(usingTheTable.map((each) => each.name)).to.have.members(Object.keys(expectedTableActions));
    for (const each of usingTheTable) {
      const document = triggerPolicy(each, arnsFor(each));
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

  it('gives pre-sign-up, which reads no table, only its log statement: no table, no account key secret, no key', () => {
    const preSignUp = trigger('pre-sign-up');
    expect(triggerPolicy(preSignUp, arnsFor(preSignUp))).to.deep.equal({
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
      expect(poolAccessPolicy(preSignUp, POOL_ARN, config)).to.equal(undefined);
    }
  });

  it('lets each function write only to its own, pre-created log group', () => {
    for (const each of TRIGGERS) {
      const document = triggerPolicy(each, arnsFor(each));
      const logs = document.Statement.filter((statement) => statement.Action.some((action) => action.startsWith('logs:')));
      expect(logs).to.have.length(1);
      expect(logs[0]?.Action).to.have.members(['logs:CreateLogStream', 'logs:PutLogEvents']);
      expect(logs[0]?.Resource).to.deep.equal([`${logGroupArn(each)}:*`]);
    }
  });

  it('grants nothing on the pool unless forced reset is on', () => {
    for (const each of TRIGGERS) expect(poolAccessPolicy(each, POOL_ARN, withoutForcedReset), each.name).to.equal(undefined);
  });

  it('grants AdminResetUserPassword on the pool ARN, to pre-authentication only, when forced reset is on', () => {
    expect(poolAccessPolicy(trigger('pre-authentication'), POOL_ARN, withForcedReset)).to.deep.equal({
      Version: '2012-10-17',
      Statement: [
        { Sid: 'AdministerPool', Effect: 'Allow', Action: ['cognito-idp:AdminResetUserPassword'], Resource: [POOL_ARN] },
      ],
    });
    expect(poolAccessPolicy(trigger('post-authentication'), POOL_ARN, withForcedReset)).to.equal(undefined);
    expect(poolAccessPolicy(trigger('post-confirmation'), POOL_ARN, withForcedReset)).to.equal(undefined);
    expect(poolAccessPolicy(trigger('pre-sign-up'), POOL_ARN, withForcedReset)).to.equal(undefined);
  });

  it('never uses a wildcard action or Resource "*"', () => {
    const documents = [
      lambdaAssumeRolePolicy(),
      ...TRIGGERS.flatMap((each) => [
        triggerPolicy(each, arnsFor(each)),
        poolAccessPolicy(each, POOL_ARN, withForcedReset),
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
