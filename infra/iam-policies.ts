import type { StackConfig } from './config-schema';
import type { TriggerDefinition } from './triggers';

/**
 * IAM documents as pure functions of plain ARNs, so that tests can hold every role to least privilege
 * without Pulumi. No statement here uses a wildcard action or `Resource: '*'`.
 */

export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: 'Allow';
  readonly Action: readonly string[];
  readonly Resource?: readonly string[];
  readonly Principal?: { readonly Service: string };
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

export interface PolicyDocument {
  readonly Version: '2012-10-17';
  readonly Statement: readonly PolicyStatement[];
}

const document = (...statements: PolicyStatement[]): PolicyDocument => ({
  Version: '2012-10-17',
  Statement: statements,
});

/** Only the Lambda service may assume a trigger function's role. */
export function lambdaAssumeRolePolicy(): PolicyDocument {
  return document({ Effect: 'Allow', Action: ['sts:AssumeRole'], Principal: { Service: 'lambda.amazonaws.com' } });
}

/**
 * Writing to the function's own log group, which the program creates beforehand (so no
 * `logs:CreateLogGroup`). `logGroupArn` is the group's ARN without the trailing `:*`.
 */
export function logWritingStatement(logGroupArn: string): PolicyStatement {
  return {
    Sid: 'WriteOwnLogs',
    Effect: 'Allow',
    Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
    Resource: [`${logGroupArn}:*`],
  };
}

/**
 * Reading the account key secret: that one parameter, decrypted with the stack's key only when SSM
 * asks on behalf of that parameter (SSM sets the parameter's ARN as the encryption context).
 */
export function accountKeySecretStatements(arns: { parameterArn: string; keyArn: string }): PolicyStatement[] {
  return [
    { Sid: 'ReadAccountKeySecret', Effect: 'Allow', Action: ['ssm:GetParameter'], Resource: [arns.parameterArn] },
    {
      Sid: 'DecryptAccountKeySecret',
      Effect: 'Allow',
      Action: ['kms:Decrypt'],
      Resource: [arns.keyArn],
      Condition: { StringEquals: { 'kms:EncryptionContext:PARAMETER_ARN': arns.parameterArn } },
    },
  ];
}

export interface TriggerResourceArns {
  readonly tableArn: string;
  readonly logGroupArn: string;
  /** The account key secret's SSM parameter and the KMS key it is encrypted under. */
  readonly accountKeyParameterArn: string;
  readonly keyArn: string;
}

/**
 * What a trigger function needs that exists before the user pool: its log group, the table, and the
 * account key secret every trigger that touches the table keys accounts with.
 */
export function triggerPolicy(trigger: TriggerDefinition, arns: TriggerResourceArns): PolicyDocument {
  const statements = [logWritingStatement(arns.logGroupArn)];
  if (trigger.tableActions.length > 0) {
    statements.push({ Sid: 'UseTable', Effect: 'Allow', Action: [...trigger.tableActions], Resource: [arns.tableArn] });
    statements.push(...accountKeySecretStatements({ parameterArn: arns.accountKeyParameterArn, keyArn: arns.keyArn }));
  }
  return document(...statements);
}

/**
 * What a trigger function needs on the user pool itself, or undefined when it needs nothing. It is a
 * separate document because the pool is created after its functions (it names them in `lambdaConfig`).
 */
export function poolAccessPolicy(trigger: TriggerDefinition, poolArn: string, config: StackConfig): PolicyDocument | undefined {
  const actions = trigger.poolActions(config);
  if (actions.length === 0) return undefined;
  return document({ Sid: 'AdministerPool', Effect: 'Allow', Action: [...actions], Resource: [poolArn] });
}
