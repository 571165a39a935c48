import { GetItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { expect } from 'chai';
import { createDynamoDbClient } from '../../adapters/dynamodb/dynamodb-client';
import { DynamoDbAccountAdministration } from '../../adapters/dynamodb/dynamodb-account-administration';
import { DynamoDbAttemptLedger } from '../../adapters/dynamodb/dynamodb-attempt-ledger';
import { auditKey } from '../../adapters/dynamodb/table-keys';
import { keyAttributes } from '../../adapters/dynamodb/attribute-values';
import { operatorPolicy, operatorResourceArns, UNLOCK_AUDIT_ATTRIBUTES } from '../../infra/operator-policy';
import { startDynalite, type DynaliteHandle } from '../support/dynalite';

const STACK = {
  keyArn: 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
  tableName: 'gatehouse-prod',
  accountKeyParameter: '/gatehouse-prod/account-key',
  userPoolId: 'eu-west-1_AbCdEf123',
};

describe('infra/operator-policy: the operator command’s rights', () => {
  const arns = operatorResourceArns(STACK);

  it('derives every ARN from the stack outputs, in the key’s partition, region and account', () => {
    expect(arns).to.deep.equal({
      tableArn: 'arn:aws:dynamodb:eu-west-1:123456789012:table/gatehouse-prod',
      indexArn: 'arn:aws:dynamodb:eu-west-1:123456789012:table/gatehouse-prod/index/recent-lockouts',
      accountKeyParameterArn: 'arn:aws:ssm:eu-west-1:123456789012:parameter/gatehouse-prod/account-key',
      keyArn: STACK.keyArn,
      userPoolArn: 'arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_AbCdEf123',
    });
    expect(operatorResourceArns({ ...STACK, keyArn: 'arn:aws-cn:kms:cn-north-1:123456789012:key/k' }).tableArn).to.equal('arn:aws-cn:dynamodb:cn-north-1:123456789012:table/gatehouse-prod');
    expect(() => operatorResourceArns({ ...STACK, keyArn: 'not-an-arn' })).to.throw('not the ARN of a KMS key');
  });

  it('reads accounts, the index, the account key secret and the pool’s users by name: no wildcard, no Scan, no ListUsers', () => {
    const read = operatorPolicy(arns, 'read');
    const actions = read.Statement.flatMap((statement) => statement.Action);
    expect(actions.sort()).to.deep.equal(['cognito-idp:AdminGetUser', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:Query', 'kms:Decrypt', 'ssm:GetParameter']);
    for (const statement of read.Statement) {
      expect(statement.Resource?.every((resource) => !resource.includes('*')), statement.Sid).to.equal(true);
    }
    expect(read.Statement.find((statement) => statement.Sid === 'ReadAccounts')?.Condition).to.deep.equal({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': 'ACCT#*' } });
    expect(read.Statement.find((statement) => statement.Sid === 'DecryptAccountKeySecret')?.Condition).to.deep.equal({
      StringEquals: { 'kms:EncryptionContext:PARAMETER_ARN': arns.accountKeyParameterArn },
    });
  });

  it('adds, for an unlock, deleting in accounts’ partitions and writing an audit entry of the unlock’s attributes only', () => {
    const unlock = operatorPolicy(arns);
    expect(unlock.Statement.slice(0, -2)).to.deep.equal(operatorPolicy(arns, 'read').Statement);
    expect(unlock.Statement.slice(-2)).to.deep.equal([
      { Sid: 'ClearProtectionState', Effect: 'Allow', Action: ['dynamodb:DeleteItem'], Resource: [arns.tableArn], Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': 'ACCT#*' } } },
      {
        Sid: 'AuditUnlocks',
        Effect: 'Allow',
        Action: ['dynamodb:PutItem'],
        Resource: [arns.tableArn],
        Condition: {
          'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': 'ACCT#*' },
          'ForAllValues:StringEquals': { 'dynamodb:Attributes': ['pk', 'sk', 'outcome', 'at', 'accountExists', 'operator', 'expiresAt'] },
        },
      },
    ]);
  });

  describe('against what the adapter writes', () => {
    let dynamo: DynaliteHandle;
    let client: DynamoDBClient;
    before(async () => {
      dynamo = await startDynalite();
      client = createDynamoDbClient({ timeoutMs: 2000, maxAttempts: 1 });
    });
    after(async () => {
      client.destroy();
      await dynamo.stop();
    });

    it('allows every attribute of the unlock’s audit entry', async () => {
      const ledger = new DynamoDbAttemptLedger(client, { tableName: dynamo.tableName, retentionSeconds: 3600 });
      await ledger.countAttempt({ key: 'k' }, 1_000, 900);
      const at = 2_000;
      await new DynamoDbAccountAdministration(client, { tableName: dynamo.tableName, auditRetentionDays: 1 }).unlock({ key: 'k' }, { id: 'u-1', at, operator: 'o' });
      const { Item } = await client.send(new GetItemCommand({ TableName: dynamo.tableName, Key: keyAttributes(auditKey('k', at, 'u-1')) }));
      expect(Object.keys(Item ?? {}).sort()).to.deep.equal([...UNLOCK_AUDIT_ATTRIBUTES].sort());
    });
  });
});
