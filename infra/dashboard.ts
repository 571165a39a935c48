import { ALARM_PERIOD_SECONDS, durationThresholdMs, GATEHOUSE_NAMESPACE, type AlarmTargets } from './alarms';
import { COGNITO_TRIGGER_BUDGET_SECONDS, type StackConfig } from './config-schema';
import { SERVICE_NAME } from './function-environment';
import { REMINDER_COUNTS, REMINDER_WORKFLOW_TRIGGER } from './reminder-workflow';
import { cognitoTriggerName, type TriggerDefinition } from './triggers';

/**
 * The stack's CloudWatch dashboard as plain data (the `dashboardBody` JSON CloudWatch takes), a pure
 * function of the configuration and the names of what it shows. Gatehouse's own counts are read with
 * SEARCH expressions over the dimension sets the boundary publishes, so that an outcome or an incident
 * code met for the first time shows up without a change here; a trigger gets its row from `TRIGGERS`.
 */

export interface DashboardTargets extends AlarmTargets {
  readonly region: string;
  /** The stack's alarms, shown with their state. */
  readonly alarmArns: readonly string[];
  /** The custom senders' undelivered-messages queue, when the stack has one. */
  readonly undeliveredQueueName?: string;
  /** The pool's web ACL and its rate-based rule's metric name, when the stack has them. */
  readonly webAcl?: { readonly name: string; readonly ruleMetricName: string };
}

type MetricRow = readonly (string | Readonly<Record<string, unknown>>)[];

export interface Widget {
  readonly type: 'text' | 'metric' | 'alarm';
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly properties: Readonly<Record<string, unknown>>;
}

export interface DashboardBody {
  readonly start: string;
  readonly periodOverride: 'inherit';
  readonly widgets: readonly Widget[];
}

const FULL_WIDTH = 24;

/** The triggers whose outcomes make up a sign-in: attempts, refusals, lockouts, resets, successes, recoveries. */
const SIGN_IN_FIELDS = ['preAuthentication', 'postAuthentication', 'postConfirmation'];

/** A SEARCH over one of Gatehouse's dimension sets, for this stack only. */
export function gatehouseSearch(stack: string, metricName: string, dimensions: readonly string[], filters: Readonly<Record<string, string | readonly string[]>>): string {
  const terms = Object.entries(filters).map(([key, value]) =>
    typeof value === 'string' ? `${key}="${value}"` : `${key}=(${value.map((each) => `"${each}"`).join(' OR ')})`,
  );
  const schema = [GATEHOUSE_NAMESPACE, 'service', 'stack', ...dimensions].join(',');
  const query = [`{${schema}}`, `MetricName="${metricName}"`, `service="${SERVICE_NAME}"`, `stack="${stack}"`, ...terms].join(' ');
  return `SEARCH('${query}', 'Sum', ${ALARM_PERIOD_SECONDS})`;
}

/** Lays widgets out in rows, left to right, each row as high as its tallest widget. */
class Layout {
  private readonly placed: Widget[] = [];
  private y = 0;

  row(...widgets: readonly Omit<Widget, 'x' | 'y'>[]): this {
    let x = 0;
    for (const widget of widgets) {
      this.placed.push({ ...widget, x, y: this.y });
      x += widget.width;
    }
    if (x > FULL_WIDTH) throw new Error(`a dashboard row is ${x} columns wide: CloudWatch has ${FULL_WIDTH}`);
    this.y += Math.max(0, ...widgets.map((widget) => widget.height));
    return this;
  }

  get widgets(): readonly Widget[] {
    return this.placed;
  }
}

const metricWidget = (
  region: string,
  width: number,
  title: string,
  metrics: readonly MetricRow[],
  extra: Readonly<Record<string, unknown>> = {},
): Omit<Widget, 'x' | 'y'> => ({
  type: 'metric',
  width,
  height: 6,
  properties: { title, region, view: 'timeSeries', stacked: false, period: ALARM_PERIOD_SECONDS, stat: 'Sum', metrics, ...extra },
});

const search = (expression: string, id: string, label: string): MetricRow => [{ expression, id, label }];

export function dashboardBody(config: StackConfig, targets: DashboardTargets): DashboardBody {
  const { stack, region } = targets;
  const layout = new Layout();
  const triggers = targets.functions.map(({ trigger }) => trigger);

  layout.row({
    type: 'text',
    width: FULL_WIDTH,
    height: 3,
    properties: {
      markdown: [
        `# Gatehouse: stack ${stack}`,
        'Counts per 5 minutes. Outcomes and incidents are what the triggers\' flow and incident lines say, and what the sign-up reminder workflow counts (namespace `Gatehouse`). ' +
          "Lambda's Errors include refusals: a trigger refuses a sign-in by failing its invocation; a trigger's own failures are its `failed` result.",
      ].join('\n\n'),
    },
  });

  if (targets.alarmArns.length > 0) {
    layout.row({
      type: 'alarm',
      width: FULL_WIDTH,
      height: 2 + Math.ceil(targets.alarmArns.length / 4),
      properties: { title: 'Alarms', alarms: [...targets.alarmArns], sortBy: 'stateUpdatedTimestamp', states: [] },
    });
  }

  const signIn = triggers.filter((trigger) => SIGN_IN_FIELDS.includes(trigger.lambdaConfigField)).map(cognitoTriggerName);
  layout.row(
    metricWidget(region, 12, 'Sign-in outcomes (attempt, rejected, lockout, forced-reset, success, recovery, …)', [
      search(
        gatehouseSearch(stack, 'Invocations', ['trigger', 'result', 'outcome'], { trigger: signIn }),
        'signIn',
        "${PROP('Dim.trigger')} ${PROP('Dim.outcome')}",
      ),
    ]),
    metricWidget(region, 12, 'Incidents by code', [
      search(gatehouseSearch(stack, 'Incidents', ['incident'], {}), 'incidents', "${PROP('Dim.incident')}"),
    ]),
  );

  triggers.forEach((trigger, index) => layout.row(...triggerRow(config, targets, trigger, index)));

  const table: MetricRow[] = ['ReadThrottleEvents', 'WriteThrottleEvents'].map((metric) => ['AWS/DynamoDB', metric, 'TableName', targets.tableName]);
  const last: Omit<Widget, 'x' | 'y'>[] = [metricWidget(region, 12, `Table ${targets.tableName}: throttled events`, table)];
  if (targets.undeliveredQueueName !== undefined) {
    last.push(
      metricWidget(
        region,
        12,
        'Custom senders: messages waiting in the undelivered-messages queue',
        [['AWS/SQS', 'ApproximateNumberOfMessagesVisible', 'QueueName', targets.undeliveredQueueName]],
        { stat: 'Maximum' },
      ),
    );
  }
  layout.row(...last.slice(0, 2));

  if (targets.reminderStateMachineArn !== undefined) {
    // The workflow's own counts say what it did; Step Functions' say how many ran and which broke (an audit
    // entry that could not be written fails the execution, and no count follows it).
    const outcomes = Object.values(REMINDER_COUNTS).map(({ outcome }) => outcome);
    layout.row(
      metricWidget(region, 12, `Sign-up reminders: ${outcomes.join(', ')}`, [
        search(
          gatehouseSearch(stack, 'Invocations', ['trigger', 'result', 'outcome'], { trigger: REMINDER_WORKFLOW_TRIGGER }),
          'reminders',
          "${PROP('Dim.outcome')}",
        ),
      ]),
      metricWidget(
        region,
        12,
        'Sign-up reminders: executions started (sign-ups watched), failed, timed out',
        ['ExecutionsStarted', 'ExecutionsFailed', 'ExecutionsTimedOut'].map((metric) => [
          'AWS/States',
          metric,
          'StateMachineArn',
          targets.reminderStateMachineArn as string,
        ]),
      ),
    );
  }

  if (targets.webAcl !== undefined) {
    const { name, ruleMetricName } = targets.webAcl;
    layout.row(
      metricWidget(
        region,
        12,
        `WAF ${name}: requests per IP over ${config.operations.waf.requestsPer5Minutes} in 5 minutes (${config.operations.waf.action === 'block' ? 'blocked' : 'counted only'})`,
        ['AllowedRequests', 'BlockedRequests', 'CountedRequests'].map((metric) => [
          'AWS/WAFV2',
          metric,
          'WebACL',
          name,
          'Rule',
          metric === 'AllowedRequests' ? 'ALL' : ruleMetricName,
          'Region',
          region,
        ]),
      ),
    );
  }

  return { start: '-PT12H', periodOverride: 'inherit', widgets: layout.widgets };
}

/** A trigger's row: its outcomes, what Lambda counts, and its duration against Cognito's budget. */
function triggerRow(config: StackConfig, targets: DashboardTargets, trigger: TriggerDefinition, index: number): Omit<Widget, 'x' | 'y'>[] {
  const { stack, region } = targets;
  const functionName = targets.functions[index]?.functionName as string;
  const cognito = cognitoTriggerName(trigger);
  const lambda = (metric: string, options: Readonly<Record<string, unknown>> = {}): MetricRow => [
    'AWS/Lambda',
    metric,
    'FunctionName',
    functionName,
    options,
  ];
  const budget = COGNITO_TRIGGER_BUDGET_SECONDS * 1000;
  const horizontal = trigger.customSender
    ? []
    : [
        { label: "Cognito's budget", value: budget },
        { label: 'alarm', value: durationThresholdMs(config) },
      ];
  return [
    metricWidget(region, 8, `${cognito}: outcomes`, [
      search(gatehouseSearch(stack, 'Invocations', ['trigger', 'result', 'outcome'], { trigger: cognito }), `outcomes${index}`, "${PROP('Dim.result')} ${PROP('Dim.outcome')}"),
    ]),
    metricWidget(region, 8, `${cognito}: Lambda invocations, errors (refusals included), throttles`, [
      lambda('Invocations'),
      lambda('Errors'),
      lambda('Throttles'),
    ]),
    metricWidget(
      region,
      8,
      trigger.customSender ? `${cognito}: duration (asynchronous)` : `${cognito}: duration against Cognito's 5 s`,
      [lambda('Duration', { stat: 'p99', label: 'p99' }), lambda('Duration', { stat: 'Maximum', label: 'max' })],
      { annotations: { horizontal }, yAxis: { left: { min: 0, ...(trigger.customSender ? {} : { max: budget }) } } },
    ),
  ];
}
