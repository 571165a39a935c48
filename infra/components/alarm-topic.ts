import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { alarmTopicPolicy } from '../alarm-topic-policy';

export interface AlarmTopicArgs {
  readonly topicName: string;
  /** What every alarm name of the stack starts with: only those alarms may publish. */
  readonly alarmNamePrefix: string;
  /** Addresses subscribed by email; each confirms its subscription from the mail SNS sends it. */
  readonly email: readonly string[];
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * The SNS topic every alarm of the stack notifies (in alarm, and back to OK), with a policy that lets
 * CloudWatch publish for this stack's alarms only, and the stack's email subscribers.
 *
 * Not encrypted with KMS: CloudWatch cannot publish to a topic under the AWS managed key (its policy
 * cannot admit cloudwatch.amazonaws.com), and the stack key is kept to the pool's codes and secrets. A
 * notification holds an alarm's name, threshold and state, never user data.
 */
export class AlarmTopic extends pulumi.ComponentResource {
  readonly arn: pulumi.Output<string>;
  readonly name: pulumi.Output<string>;

  constructor(name: string, args: AlarmTopicArgs, opts?: pulumi.ComponentResourceOptions) {
    super('gatehouse:operations:AlarmTopic', name, {}, opts);
    const topic = new aws.sns.Topic(
      `${name}-topic`,
      { name: args.topicName, displayName: 'Gatehouse alarms', tags: args.tags },
      { parent: this },
    );
    new aws.sns.TopicPolicy(
      `${name}-policy`,
      {
        arn: topic.arn,
        policy: topic.arn.apply((topicArn) => {
          // The topic's ARN names its partition, region and account.
          const [, partition = '', , region = '', accountId = ''] = topicArn.split(':');
          return JSON.stringify(alarmTopicPolicy({ topicArn, partition, region, accountId, alarmNamePrefix: args.alarmNamePrefix }));
        }),
      },
      { parent: this },
    );
    args.email.forEach((address, index) => {
      new aws.sns.TopicSubscription(`${name}-email-${index}`, { topic: topic.arn, protocol: 'email', endpoint: address }, { parent: this });
    });
    this.arn = topic.arn;
    this.name = topic.name;
    this.registerOutputs({ arn: this.arn, name: this.name });
  }
}
