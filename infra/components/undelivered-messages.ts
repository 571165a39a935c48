import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';

export interface UndeliveredMessagesArgs {
  readonly queueName: string;
  /** The stack's alarm topic, told when a message starts waiting and when none is left; none without alarms. */
  readonly alarmTopicArn?: pulumi.Input<string>;
  readonly tags: Readonly<Record<string, string>>;
}

/** SQS keeps a message at most 14 days: the longest an operator gets to look at a lost message. */
export const UNDELIVERED_RETENTION_SECONDS = 14 * 86_400;

/**
 * Where the custom senders' asynchronous invocations go when every retry failed or the event grew too
 * old: a queue (encrypted at rest by SQS: each record holds the user's attributes and the encrypted
 * code), and an alarm as soon as one message waits in it — a user is missing a code.
 */
export class UndeliveredMessages extends pulumi.ComponentResource {
  readonly queueArn: pulumi.Output<string>;
  readonly queueUrl: pulumi.Output<string>;
  readonly queueName: pulumi.Output<string>;
  readonly alarmName: pulumi.Output<string>;
  readonly alarmArn: pulumi.Output<string>;

  constructor(name: string, args: UndeliveredMessagesArgs, opts?: pulumi.ComponentResourceOptions) {
    super('gatehouse:messaging:UndeliveredMessages', name, {}, opts);
    const queue = new aws.sqs.Queue(
      `${name}-queue`,
      {
        name: args.queueName,
        messageRetentionSeconds: UNDELIVERED_RETENTION_SECONDS,
        sqsManagedSseEnabled: true,
        tags: args.tags,
      },
      { parent: this },
    );
    const alarm = new aws.cloudwatch.MetricAlarm(
      `${name}-alarm`,
      {
        name: `${args.queueName}-waiting`,
        alarmDescription: 'Gatehouse: a message from the pool (a code, a temporary password) could not be delivered; see the queue',
        namespace: 'AWS/SQS',
        metricName: 'ApproximateNumberOfMessagesVisible',
        dimensions: { QueueName: queue.name },
        statistic: 'Maximum',
        period: 300,
        evaluationPeriods: 1,
        threshold: 0,
        comparisonOperator: 'GreaterThanThreshold',
        treatMissingData: 'notBreaching',
        ...(args.alarmTopicArn === undefined ? {} : { alarmActions: [args.alarmTopicArn], okActions: [args.alarmTopicArn] }),
        tags: args.tags,
      },
      { parent: this },
    );
    this.queueArn = queue.arn;
    this.queueUrl = queue.url;
    this.queueName = queue.name;
    this.alarmName = alarm.name;
    this.alarmArn = alarm.arn;
    this.registerOutputs({ queueArn: this.queueArn, queueUrl: this.queueUrl, alarmName: this.alarmName });
  }
}
