import type { PolicyDocument } from './iam-policies';

export interface AlarmTopicPolicyArgs {
  readonly topicArn: string;
  /** `aws`, `aws-cn`, `aws-us-gov`, … */
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
  /** What every alarm name of the stack starts with (`alarmNamePrefix`). */
  readonly alarmNamePrefix: string;
}

const ACCOUNT = /^\d{12}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
const PARTITION = /^aws(-[a-z]+)*$/;
const NAME_PREFIX = /^[A-Za-z0-9_-]+-$/;

/**
 * The policy of the stack's alarm topic: CloudWatch may publish to it for this stack's alarms only (its
 * alarms in this account and region, by their names' prefix), nobody else through this policy. The
 * account's own principals keep what their IAM policies give them (a resource policy need not repeat it),
 * so subscribing an address or reading the topic is an IAM decision, as for any resource of the account.
 */
export function alarmTopicPolicy(args: AlarmTopicPolicyArgs): PolicyDocument {
  if (!PARTITION.test(args.partition)) throw new Error(`"${args.partition}" is not an AWS partition`);
  if (!ACCOUNT.test(args.accountId)) throw new Error(`"${args.accountId}" is not an AWS account id`);
  if (!REGION.test(args.region)) throw new Error(`"${args.region}" is not an AWS region`);
  if (!NAME_PREFIX.test(args.alarmNamePrefix)) throw new Error(`"${args.alarmNamePrefix}" is not a prefix of alarm names ending in "-"`);
  const topicPrefix = `arn:${args.partition}:sns:${args.region}:${args.accountId}:`;
  if (!args.topicArn.startsWith(topicPrefix) || !/^[A-Za-z0-9_-]{1,256}$/.test(args.topicArn.slice(topicPrefix.length))) {
    throw new Error(`"${args.topicArn}" is not a topic of account ${args.accountId} in ${args.region}`);
  }
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'CloudWatchAlarmsOfThisStack',
        Effect: 'Allow',
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: ['sns:Publish'],
        Resource: [args.topicArn],
        Condition: {
          StringEquals: { 'aws:SourceAccount': args.accountId },
          ArnLike: { 'aws:SourceArn': `arn:${args.partition}:cloudwatch:${args.region}:${args.accountId}:alarm:${args.alarmNamePrefix}*` },
        },
      },
    ],
  };
}
