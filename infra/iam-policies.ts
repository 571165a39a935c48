import type { StackConfig } from './config-schema';
import type { SecretName, TriggerDefinition } from './triggers';

/**
 * IAM documents as pure functions of plain ARNs, so that tests can hold every role to least privilege
 * without Pulumi. No statement here uses a wildcard action or `Resource: '*'`.
 */

export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: 'Allow';
  readonly Action: readonly string[];
  readonly Resource?: readonly string[];
  /** Everything but these: how a statement reaches resources that have no ARN (SMS to a phone number). */
  readonly NotResource?: readonly string[];
  readonly Principal?: { readonly Service: string };
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;
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

const SECRET_SIDS: Record<SecretName, string> = {
  accountKey: 'AccountKeySecret',
  captchaSecret: 'CaptchaSecret',
  smtpPassword: 'SmtpPassword',
  sendgridApiKey: 'SendGridApiKey',
  twilioAuthToken: 'TwilioAuthToken',
  legacyEndpointSecret: 'LegacyEndpointSecret',
};

/**
 * Reading one secret: that one parameter, decrypted with the stack's key only when SSM asks on behalf
 * of that parameter (SSM sets the parameter's ARN as the encryption context).
 */
export function secretStatements(secret: SecretName, arns: { parameterArn: string; keyArn: string }): PolicyStatement[] {
  const sid = SECRET_SIDS[secret];
  return [
    { Sid: `Read${sid}`, Effect: 'Allow', Action: ['ssm:GetParameter'], Resource: [arns.parameterArn] },
    {
      Sid: `Decrypt${sid}`,
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
  /** The SSM parameters of the stack's secrets (those it has), and the KMS key they are encrypted under. */
  readonly secretParameterArns: Readonly<Partial<Record<SecretName, string>>>;
  readonly keyArn: string;
  /** The reminder workflow, when the stack has one. */
  readonly reminderStateMachineArn?: string;
  /** The SES identity the stack sends as, and the address it sends from, when it has one. */
  readonly emailIdentity?: { readonly arn: string; readonly fromAddress: string };
  /** Where the custom senders' failed deliveries go (a queue), when the stack has custom senders. */
  readonly undeliveredQueueArn?: string;
}

/**
 * SNS sends a text to a phone number without any resource to name: `Resource` would have to be "*",
 * which also reaches every topic of the account. "Everything but SNS's own ARNs" is the phone numbers.
 */
export const SNS_PHONE_NUMBERS_ONLY: readonly string[] = ['arn:*:sns:*:*:*'];

/**
 * What a trigger function needs that exists before the user pool: its log group, the table, the
 * secrets it reads, the reminder workflow it starts and the SES identity it sends mail as — each only
 * when this stack's configuration has the function use it.
 */
export function triggerPolicy(trigger: TriggerDefinition, config: StackConfig, arns: TriggerResourceArns): PolicyDocument {
  const statements = [logWritingStatement(arns.logGroupArn)];
  const tableActions = trigger.tableActions(config);
  if (tableActions.length > 0) {
    statements.push({ Sid: 'UseTable', Effect: 'Allow', Action: [...tableActions], Resource: [arns.tableArn] });
  }
  for (const secret of trigger.secrets(config)) {
    const parameterArn = arns.secretParameterArns[secret];
    if (parameterArn === undefined) throw new Error(`${trigger.name} reads ${secret}, which this stack does not provision`);
    statements.push(...secretStatements(secret, { parameterArn, keyArn: arns.keyArn }));
  }
  if (trigger.startsReminders(config)) {
    if (arns.reminderStateMachineArn === undefined) throw new Error(`${trigger.name} starts reminders, but there is no workflow`);
    statements.push({ Sid: 'StartReminders', Effect: 'Allow', Action: ['states:StartExecution'], Resource: [arns.reminderStateMachineArn] });
  }
  if (trigger.sendsMailWithSes(config)) {
    if (arns.emailIdentity === undefined) throw new Error(`${trigger.name} sends mail, but the stack has no SES identity`);
    statements.push({
      Sid: 'SendMailAsStack',
      Effect: 'Allow',
      Action: ['ses:SendEmail'],
      Resource: [arns.emailIdentity.arn],
      // The identity may be a whole domain: the function sends from the stack's one address.
      Condition: { StringEquals: { 'ses:FromAddress': arns.emailIdentity.fromAddress } },
    });
  }
  if (trigger.sendsTextsWithSns?.(config)) {
    statements.push({ Sid: 'SendTextsToPhoneNumbers', Effect: 'Allow', Action: ['sns:Publish'], NotResource: SNS_PHONE_NUMBERS_ONLY });
  }
  const legacyPool = trigger.legacyPool?.(config);
  if (legacyPool !== undefined) {
    statements.push({ Sid: 'ReadLegacyPool', Effect: 'Allow', Action: [...legacyPool.actions], Resource: [legacyPool.arn] });
  }
  if (trigger.customSender) {
    if (arns.undeliveredQueueArn === undefined) throw new Error(`${trigger.name} is a custom sender, but there is no undelivered-messages queue`);
    // Lambda hands an event whose retries ran out to the on-failure destination with the function's role.
    statements.push({ Sid: 'HandOverUndelivered', Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: [arns.undeliveredQueueArn] });
  }
  return document(...statements);
}

/** The pool a function serves, and the stack's key: known once the pool exists. */
export interface PoolArns {
  readonly poolArn: string;
  readonly poolId: string;
  readonly keyArn: string;
}

/**
 * What a trigger function needs on the user pool itself, or undefined when it needs nothing. It is a
 * separate document because the pool is created after its functions (it names them in `lambdaConfig`).
 */
export function poolAccessPolicy(trigger: TriggerDefinition, pool: PoolArns, config: StackConfig): PolicyDocument | undefined {
  const statements: PolicyStatement[] = [];
  const actions = trigger.poolActions(config);
  if (actions.length > 0) statements.push({ Sid: 'AdministerPool', Effect: 'Allow', Action: [...actions], Resource: [pool.poolArn] });
  if (trigger.customSender) {
    statements.push({
      Sid: 'DecryptPoolCodes',
      Effect: 'Allow',
      Action: ['kms:Decrypt'],
      Resource: [pool.keyArn],
      // Cognito names the pool in every code's encryption context: codes of any other pool stay sealed.
      Condition: { StringEquals: { 'kms:EncryptionContext:userpool-id': pool.poolId } },
    });
  }
  return statements.length === 0 ? undefined : document(...statements);
}
