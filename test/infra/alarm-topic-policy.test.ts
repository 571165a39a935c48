import { expect } from 'chai';
import { alarmTopicPolicy, type AlarmTopicPolicyArgs } from '../../infra/alarm-topic-policy';

const ARGS: AlarmTopicPolicyArgs = {
  topicArn: 'arn:aws:sns:eu-west-1:123456789012:gatehouse-prod-alarms',
  partition: 'aws',
  region: 'eu-west-1',
  accountId: '123456789012',
  alarmNamePrefix: 'gatehouse-prod-',
};

describe('infra: the alarm topic\'s policy', () => {
  it('lets CloudWatch publish for this stack\'s alarms of this account and region only, and nothing else', () => {
    expect(alarmTopicPolicy(ARGS)).to.deep.equal({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'CloudWatchAlarmsOfThisStack',
          Effect: 'Allow',
          Principal: { Service: 'cloudwatch.amazonaws.com' },
          Action: ['sns:Publish'],
          Resource: [ARGS.topicArn],
          Condition: {
            StringEquals: { 'aws:SourceAccount': '123456789012' },
            ArnLike: { 'aws:SourceArn': 'arn:aws:cloudwatch:eu-west-1:123456789012:alarm:gatehouse-prod-*' },
          },
        },
      ],
    });
  });

  it('follows the partition', () => {
    const policy = alarmTopicPolicy({ ...ARGS, partition: 'aws-us-gov', region: 'us-gov-west-1', topicArn: 'arn:aws-us-gov:sns:us-gov-west-1:123456789012:t' });
    expect(JSON.stringify(policy)).to.contain('arn:aws-us-gov:cloudwatch:us-gov-west-1:123456789012:alarm:gatehouse-prod-*');
  });

  const bad: [string, Partial<AlarmTopicPolicyArgs>, RegExp][] = [
    ['an account id that is not one', { accountId: '1234' }, /not an AWS account id/],
    ['a region that is not one', { region: 'europe' }, /not an AWS region/],
    ['a partition that is not one', { partition: 'azure' }, /not an AWS partition/],
    ['a prefix that would admit other stacks\' alarms', { alarmNamePrefix: 'gatehouse-prod' }, /prefix of alarm names ending in "-"/],
    ['a wildcard in the prefix', { alarmNamePrefix: 'gatehouse-*-' }, /prefix of alarm names/],
    ['a topic of another account', { topicArn: 'arn:aws:sns:eu-west-1:210987654321:gatehouse-prod-alarms' }, /not a topic of account/],
  ];
  for (const [what, change, message] of bad) {
    it(`refuses ${what}`, () => {
      expect(() => alarmTopicPolicy({ ...ARGS, ...change })).to.throw(message);
    });
  }
});
