import { secretStatements, type PolicyDocument, type PolicyStatement } from './iam-policies';
import { RECENT_LOCKOUTS_INDEX, TABLE_SCHEMA } from './table-schema';

/** What an operator's command touches, as a stack's outputs name it. */
export interface OperatorStack {
  /** The stack's KMS key: its ARN gives the partition, region and account of everything else. */
  readonly keyArn: string;
  readonly tableName: string;
  /** The SSM parameter's name (`/<prefix>/account-key`). */
  readonly accountKeyParameter: string;
  readonly userPoolId: string;
}

export interface OperatorResourceArns {
  readonly tableArn: string;
  readonly indexArn: string;
  readonly accountKeyParameterArn: string;
  readonly keyArn: string;
  readonly userPoolArn: string;
}

/** The unlock's audit entry: the only attributes an operator's PutItem may carry. */
export const UNLOCK_AUDIT_ATTRIBUTES = [TABLE_SCHEMA.partitionKey, TABLE_SCHEMA.sortKey, 'outcome', 'at', 'accountExists', 'operator', TABLE_SCHEMA.ttlAttribute] as const;

export function operatorResourceArns(stack: OperatorStack): OperatorResourceArns {
  const match = /^arn:([^:]+):kms:([^:]+):(\d{12}):key\/.+$/.exec(stack.keyArn);
  if (!match) throw new Error(`${stack.keyArn} is not the ARN of a KMS key`);
  const [, partition, region, account] = match;
  const parameter = stack.accountKeyParameter.startsWith('/') ? stack.accountKeyParameter : `/${stack.accountKeyParameter}`;
  const tableArn = `arn:${partition}:dynamodb:${region}:${account}:table/${stack.tableName}`;
  return {
    tableArn,
    indexArn: `${tableArn}/index/${RECENT_LOCKOUTS_INDEX.name}`,
    accountKeyParameterArn: `arn:${partition}:ssm:${region}:${account}:parameter${parameter}`,
    keyArn: stack.keyArn,
    userPoolArn: `arn:${partition}:cognito-idp:${region}:${account}:userpool/${stack.userPoolId}`,
  };
}

/**
 * The operator command's rights, and nothing more: reading accounts (their partition only) and the
 * index of recent lockouts, the account key secret (that parameter, decrypted only on its behalf), the
 * pool's users by name; with `unlock`, deleting an attempts item and writing the unlock's audit entry
 * (those attributes only). `sts:GetCallerIdentity`, which names the operator, needs no permission.
 * Neither ListUsers nor Scan: the command never enumerates the pool or the table.
 */
export function operatorPolicy(arns: OperatorResourceArns, access: 'read' | 'unlock' = 'unlock'): PolicyDocument {
  const accountsOnly = { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': 'ACCT#*' } };
  const statements: PolicyStatement[] = [
    { Sid: 'ReadAccounts', Effect: 'Allow', Action: ['dynamodb:BatchGetItem', 'dynamodb:Query'], Resource: [arns.tableArn], Condition: accountsOnly },
    // The index holds nothing but the lock facts it projects.
    { Sid: 'ReadRecentLockouts', Effect: 'Allow', Action: ['dynamodb:Query'], Resource: [arns.indexArn] },
    ...secretStatements('accountKey', { parameterArn: arns.accountKeyParameterArn, keyArn: arns.keyArn }),
    { Sid: 'FindPoolUsers', Effect: 'Allow', Action: ['cognito-idp:AdminGetUser'], Resource: [arns.userPoolArn] },
  ];
  if (access === 'unlock') {
    statements.push(
      { Sid: 'ClearProtectionState', Effect: 'Allow', Action: ['dynamodb:DeleteItem'], Resource: [arns.tableArn], Condition: accountsOnly },
      {
        Sid: 'AuditUnlocks',
        Effect: 'Allow',
        Action: ['dynamodb:PutItem'],
        Resource: [arns.tableArn],
        Condition: { ...accountsOnly, 'ForAllValues:StringEquals': { 'dynamodb:Attributes': [...UNLOCK_AUDIT_ATTRIBUTES] } },
      },
    );
  }
  return { Version: '2012-10-17', Statement: statements };
}
