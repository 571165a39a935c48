/**
 * The stack's operations as the program registers them under Pulumi mocks: the alarm topic and its
 * policy, the subscribers, the alarms and their actions, the dashboard, the reserved concurrency and the
 * optional web ACL on the pool.
 */
import { expect } from 'chai';
import { metricAlarmInputs, stackAlarms } from '../../infra/alarms';
import { alarmTopicPolicy } from '../../infra/alarm-topic-policy';
import type { DashboardBody } from '../../infra/dashboard';
import { triggersOf } from '../../infra/triggers';
import { webAclInputs } from '../../infra/waf';
import { buildGatehouse, defaultProgram, MOCK_REGION, sendersProgram, TEST_STACK, TYPES, type BuiltProgram } from './support/program';

const TOPIC = 'aws:sns/topic:Topic';
const TOPIC_POLICY = 'aws:sns/topicPolicy:TopicPolicy';
const SUBSCRIPTION = 'aws:sns/topicSubscription:TopicSubscription';
const DASHBOARD = 'aws:cloudwatch/dashboard:Dashboard';
const WEB_ACL = 'aws:wafv2/webAcl:WebAcl';
const ASSOCIATION = 'aws:wafv2/webAclAssociation:WebAclAssociation';

/** The stack's own alarms as `infra/alarms.ts` defines them for a built program. */
const definitionsOf = (built: BuiltProgram) =>
  stackAlarms(built.config, {
    stack: TEST_STACK,
    prefix: `${built.name}-${TEST_STACK}`,
    functions: triggersOf(built.config).map((trigger) => ({ trigger, functionName: `${built.name}-${TEST_STACK}-${trigger.name}` })),
    tableName: `${built.name}-${TEST_STACK}`,
    ...(built.config.signUp.reminders.enabled ? { reminderStateMachineArn: String(built.outputs.reminderStateMachineArn) } : {}),
  });

const dashboardOf = (built: BuiltProgram): DashboardBody => JSON.parse(String(built.one(DASHBOARD).inputs['dashboardBody'])) as DashboardBody;

describe('infra: operations under mocks', function () {
  this.timeout(120_000);
  let program: BuiltProgram;
  let showcase: BuiltProgram;
  let quiet: BuiltProgram;
  let senders: BuiltProgram;

  before(async () => {
    program = await defaultProgram();
    showcase = await buildGatehouse('ops', {
      operations: {
        alarms: { email: ['ops@example.com', 'oncall@example.com'], lockoutsPer5Minutes: 10 },
        reservedConcurrency: { preAuthentication: 40, postAuthentication: 20 },
        waf: { enabled: true, requestsPer5Minutes: 300 },
      },
    });
    quiet = await buildGatehouse('quiet', { operations: { alarms: { enabled: false }, dashboard: false } });
    senders = await sendersProgram();
  });

  it('registers one topic for the alarms, whose policy admits this stack\'s CloudWatch alarms only', () => {
    const topic = program.one(TOPIC);
    expect(topic.inputs).to.include({ name: `gatehouse-${TEST_STACK}-alarms`, displayName: 'Gatehouse alarms' });
    expect(topic.inputs).to.not.have.property('kmsMasterKeyId');
    const arn = String(topic.state['arn']);
    const policy = program.one(TOPIC_POLICY);
    expect(policy.inputs['arn']).to.equal(arn);
    expect(JSON.parse(String(policy.inputs['policy']))).to.deep.equal(
      alarmTopicPolicy({ topicArn: arn, partition: 'aws', region: MOCK_REGION, accountId: '123456789012', alarmNamePrefix: `gatehouse-${TEST_STACK}-` }),
    );
    expect(program.ofType(SUBSCRIPTION)).to.deep.equal([]);
  });

  it('subscribes each address of gatehouse:operations.alarms.email to the topic by email', () => {
    const arn = showcase.one(TOPIC).state['arn'];
    expect(showcase.ofType(SUBSCRIPTION).map((each) => each.inputs)).to.deep.equal([
      { topic: arn, protocol: 'email', endpoint: 'ops@example.com' },
      { topic: arn, protocol: 'email', endpoint: 'oncall@example.com' },
    ]);
  });

  it('registers every alarm infra/alarms.ts defines, as it defines it, notifying the topic in alarm and back to OK', () => {
    for (const built of [program, showcase]) {
      const arn = built.one(TOPIC).state['arn'];
      const definitions = definitionsOf(built);
      const alarms = built.ofType(TYPES.alarm);
      expect(alarms.map((alarm) => alarm.inputs['name'])).to.have.members(definitions.map((definition) => definition.name));
      for (const definition of definitions) {
        const alarm = alarms.find((each) => each.inputs['name'] === definition.name)!;
        const expected = metricAlarmInputs(definition);
        for (const [key, value] of Object.entries(expected)) expect(alarm.inputs[key], `${definition.name} ${key}`).to.deep.equal(value);
        expect(alarm.inputs).to.deep.include({ alarmActions: [arn], okActions: [arn] });
      }
    }
    expect(definitionsOf(showcase).find((each) => each.name.endsWith('-lockouts'))?.threshold).to.equal(10);
  });

  it('gives the undelivered-messages alarm the topic too, and shows it on the dashboard', () => {
    const arn = senders.one(TOPIC).state['arn'];
    const undelivered = senders.one(TYPES.alarm, 'senders-undelivered-alarm');
    expect(undelivered.inputs).to.deep.include({ alarmActions: [arn], okActions: [arn] });
    const shown = dashboardOf(senders).widgets.find((widget) => widget.type === 'alarm')?.properties['alarms'];
    expect(shown).to.include(undelivered.state['arn']);
    expect(shown).to.have.length(definitionsOf(senders).length + 1);
  });

  it('registers one dashboard named after the stack, showing every alarm and every trigger', () => {
    const dashboard = program.one(DASHBOARD);
    expect(dashboard.inputs['dashboardName']).to.equal(`gatehouse-${TEST_STACK}`);
    const body = dashboardOf(program);
    const alarmArns = program.ofType(TYPES.alarm).map((alarm) => alarm.state['arn']);
    expect(body.widgets.find((widget) => widget.type === 'alarm')?.properties['alarms']).to.have.members(alarmArns);
    const text = JSON.stringify(body);
    for (const trigger of triggersOf(program.config)) expect(text).to.contain(`gatehouse-${TEST_STACK}-${trigger.name}`);
    expect(text).to.contain(`"region":"${MOCK_REGION}"`);
  });

  it('reserves executions for the sign-in triggers a stack names, and for no other', () => {
    const reserved = (built: BuiltProgram, trigger: string) => built.functionOf(trigger).inputs['reservedConcurrentExecutions'];
    expect(reserved(showcase, 'pre-authentication')).to.equal(40);
    expect(reserved(showcase, 'post-authentication')).to.equal(20);
    for (const trigger of ['post-confirmation', 'pre-sign-up']) expect(reserved(showcase, trigger)).to.equal(undefined);
    for (const trigger of triggersOf(program.config)) expect(reserved(program, trigger.name)).to.equal(undefined);
  });

  it('puts the stack\'s web ACL on the user pool when WAF is on, and shows its requests', () => {
    const acl = showcase.one(WEB_ACL);
    const expected = webAclInputs(showcase.config, { webAcl: `ops-${TEST_STACK}`, rule: `ops-${TEST_STACK}-requests-per-ip` });
    for (const [key, value] of Object.entries(expected)) expect(acl.inputs[key], key).to.deep.equal(value);
    expect(acl.inputs['tags']).to.include({ 'gatehouse:component': 'pool-firewall' });
    expect(showcase.one(ASSOCIATION).inputs).to.deep.equal({ resourceArn: showcase.outputs.userPoolArn, webAclArn: acl.state['arn'] });
    expect(JSON.stringify(dashboardOf(showcase))).to.contain('"AWS/WAFV2","BlockedRequests","WebACL","ops-test","Rule","ops-test-requests-per-ip"');
    for (const built of [program, quiet, senders]) {
      expect(built.ofType(WEB_ACL)).to.deep.equal([]);
      expect(built.ofType(ASSOCIATION)).to.deep.equal([]);
    }
  });

  it('registers no topic, alarm or dashboard for a stack that turns them off', () => {
    for (const type of [TOPIC, TOPIC_POLICY, SUBSCRIPTION, TYPES.alarm, DASHBOARD]) expect(quiet.ofType(type), type).to.deep.equal([]);
  });

  it('keeps the undelivered-messages alarm without actions when the stack has no alarm topic', async () => {
    const silent = await buildGatehouse('silent-senders', {
      email: { from: 'no-reply@example.com' },
      messages: { email: 'custom-sender' },
      operations: { alarms: { enabled: false } },
    });
    const undelivered = silent.one(TYPES.alarm, 'silent-senders-undelivered-alarm');
    expect(undelivered.inputs).to.not.have.any.keys('alarmActions', 'okActions');
    expect(silent.ofType(TYPES.alarm)).to.have.length(1);
    // The dashboard stays: it shows no alarm widget without alarms.
    expect(dashboardOf(silent).widgets.map((widget) => widget.type)).to.not.include('alarm');
  });
});
