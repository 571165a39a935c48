import { expect } from 'chai';
import { stackAlarms, type AlarmTargets } from '../../infra/alarms';
import { parseStackConfig } from '../../infra/config';
import type { StackConfig } from '../../infra/config-schema';
import { dashboardBody, gatehouseSearch, type DashboardTargets, type Widget } from '../../infra/dashboard';
import { cognitoTriggerName, triggersOf } from '../../infra/triggers';

const PREFIX = 'gatehouse-prod';
const REGION = 'eu-west-1';

function targetsOf(config: StackConfig, extra: Partial<DashboardTargets> = {}): DashboardTargets {
  const base: AlarmTargets = {
    stack: 'prod',
    prefix: PREFIX,
    functions: triggersOf(config).map((trigger) => ({ trigger, functionName: `${PREFIX}-${trigger.name}` })),
    tableName: PREFIX,
    ...(config.signUp.reminders.enabled ? { reminderStateMachineArn: `arn:aws:states:${REGION}:123456789012:stateMachine:${PREFIX}-sign-up-reminders` } : {}),
  };
  const alarmArns = stackAlarms(config, base).map((alarm) => `arn:aws:cloudwatch:${REGION}:123456789012:alarm:${alarm.name}`);
  return { ...base, region: REGION, alarmArns, ...extra };
}

const titles = (widgets: readonly Widget[]) => widgets.map((widget) => String(widget.properties['title'] ?? widget.type));
const metricsOf = (widget: Widget) => widget.properties['metrics'] as unknown[][];
const expressions = (widgets: readonly Widget[]) =>
  widgets.flatMap((widget) => (widget.type === 'metric' ? metricsOf(widget) : [])).flatMap((row) => (typeof row[0] === 'object' ? [String((row[0] as { expression: string }).expression)] : []));

describe('infra: dashboard', () => {
  const defaults = parseStackConfig({});

  it('shows the alarms, sign-in outcomes, incidents by code, a row per trigger, the table and the reminders', () => {
    const body = dashboardBody(defaults, targetsOf(defaults));
    const shown = titles(body.widgets);
    expect(shown[0]).to.equal('text');
    expect(shown.slice(1, 4)).to.deep.equal(['Alarms', 'Sign-in outcomes (attempt, rejected, lockout, forced-reset, success, recovery, …)', 'Incidents by code']);
    for (const trigger of triggersOf(defaults)) {
      const name = cognitoTriggerName(trigger);
      expect(shown).to.include.members([`${name}: outcomes`, `${name}: Lambda invocations, errors (refusals included), throttles`, `${name}: duration against Cognito's 5 s`]);
    }
    expect(shown).to.include(`Table ${PREFIX}: throttled events`);
    expect(shown.some((title) => title.startsWith('Sign-up reminders'))).to.equal(true);
    expect(body.widgets.find((widget) => widget.type === 'alarm')?.properties['alarms']).to.deep.equal(targetsOf(defaults).alarmArns);
  });

  it('reads Gatehouse\'s counts with SEARCH over the published dimension sets of this stack only', () => {
    const found = expressions(dashboardBody(defaults, targetsOf(defaults)).widgets);
    expect(found).to.include(
      `SEARCH('{Gatehouse,service,stack,trigger,result,outcome} MetricName="Invocations" service="gatehouse" stack="prod" trigger=("PreAuthentication" OR "PostAuthentication" OR "PostConfirmation")', 'Sum', 300)`,
    );
    expect(found).to.include(`SEARCH('{Gatehouse,service,stack,incident} MetricName="Incidents" service="gatehouse" stack="prod"', 'Sum', 300)`);
    for (const expression of found) expect(expression).to.contain('stack="prod"');
  });

  it('shows what the reminder workflow counted beside its executions, read like a trigger\'s outcomes', () => {
    const { widgets } = dashboardBody(defaults, targetsOf(defaults));
    const counts = widgets.find((widget) => String(widget.properties['title']).startsWith('Sign-up reminders: confirmed'))!;
    expect(counts.properties['title']).to.equal('Sign-up reminders: confirmed, reminded, reminder-failed, confirmed-after-reminder, deleted');
    expect(metricsOf(counts)).to.deep.equal([
      [
        {
          expression: `SEARCH('{Gatehouse,service,stack,trigger,result,outcome} MetricName="Invocations" service="gatehouse" stack="prod" trigger="ReminderWorkflow"', 'Sum', 300)`,
          id: 'reminders',
          label: "${PROP('Dim.outcome')}",
        },
      ],
    ]);
    const executions = widgets.find((widget) => String(widget.properties['title']).startsWith('Sign-up reminders: executions'))!;
    const arn = targetsOf(defaults).reminderStateMachineArn as string;
    expect(metricsOf(executions)).to.deep.equal(
      ['ExecutionsStarted', 'ExecutionsFailed', 'ExecutionsTimedOut'].map((metric) => ['AWS/States', metric, 'StateMachineArn', arn]),
    );
    // Side by side, on a row of their own.
    expect([counts.y, counts.x, executions.y, executions.x]).to.deep.equal([executions.y, 0, counts.y, 12]);
  });

  it('draws each synchronous trigger\'s p99 and maximum duration against Cognito\'s budget and the alarm\'s threshold', () => {
    const config = parseStackConfig({ operations: { alarms: { durationMs: 3500 } } });
    const widget = dashboardBody(config, targetsOf(config)).widgets.find((each) => each.properties['title'] === "PreAuthentication: duration against Cognito's 5 s")!;
    expect(metricsOf(widget)).to.deep.equal([
      ['AWS/Lambda', 'Duration', 'FunctionName', `${PREFIX}-pre-authentication`, { stat: 'p99', label: 'p99' }],
      ['AWS/Lambda', 'Duration', 'FunctionName', `${PREFIX}-pre-authentication`, { stat: 'Maximum', label: 'max' }],
    ]);
    expect(widget.properties['annotations']).to.deep.equal({
      horizontal: [
        { label: "Cognito's budget", value: 5000 },
        { label: 'alarm', value: 3500 },
      ],
    });
  });

  it('shows the senders\' undelivered queue, and the web ACL\'s requests when the stack has them', () => {
    const config = parseStackConfig({ email: { from: 'no-reply@example.com' }, messages: { email: 'custom-sender' }, operations: { waf: { enabled: true, requestsPer5Minutes: 200 } } });
    const body = dashboardBody(config, targetsOf(config, { undeliveredQueueName: `${PREFIX}-undelivered-messages`, webAcl: { name: PREFIX, ruleMetricName: `${PREFIX}-requests-per-ip` } }));
    const queue = body.widgets.find((widget) => String(widget.properties['title']).startsWith('Custom senders'))!;
    expect(metricsOf(queue)).to.deep.equal([['AWS/SQS', 'ApproximateNumberOfMessagesVisible', 'QueueName', `${PREFIX}-undelivered-messages`]]);
    const waf = body.widgets.find((widget) => String(widget.properties['title']).startsWith('WAF'))!;
    expect(waf.properties['title']).to.contain('over 200 in 5 minutes (blocked)');
    expect(metricsOf(waf)).to.deep.include(['AWS/WAFV2', 'BlockedRequests', 'WebACL', PREFIX, 'Rule', `${PREFIX}-requests-per-ip`, 'Region', REGION]);
    expect(titles(body.widgets)).to.include("CustomEmailSender: duration (asynchronous)");
  });

  it('leaves out what the stack does not have: alarms, reminders, senders, WAF', () => {
    const config = parseStackConfig({ signUp: { reminders: { enabled: false } }, operations: { alarms: { enabled: false } } });
    const shown = titles(dashboardBody(config, targetsOf(config, { alarmArns: [] })).widgets);
    expect(shown).to.not.include('Alarms');
    expect(shown.some((title) => /^(Sign-up reminders|Custom senders|WAF)/.test(title))).to.equal(false);
  });

  it('lays widgets out in rows of at most 24 columns, none overlapping', () => {
    const config = parseStackConfig({ email: { from: 'no-reply@example.com' }, messages: { email: 'custom-sender', sms: 'custom-sender' } });
    const { widgets } = dashboardBody(config, targetsOf(config, { undeliveredQueueName: 'q', webAcl: { name: 'acl', ruleMetricName: 'rule' } }));
    for (const widget of widgets) expect(widget.x + widget.width).to.be.at.most(24);
    for (const [index, a] of widgets.entries()) {
      for (const b of widgets.slice(index + 1)) {
        const apart = a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
        expect(apart, `${String(a.properties['title'])} / ${String(b.properties['title'])}`).to.equal(true);
      }
    }
  });

  it('quotes each value of a SEARCH, several as alternatives', () => {
    expect(gatehouseSearch('dev', 'Invocations', ['trigger', 'result'], { trigger: ['A', 'B'], result: 'failed' })).to.equal(
      `SEARCH('{Gatehouse,service,stack,trigger,result} MetricName="Invocations" service="gatehouse" stack="dev" trigger=("A" OR "B") result="failed"', 'Sum', 300)`,
    );
  });
});
