import type { StackConfig } from './config-schema';
import { SERVICE_NAME } from './function-environment';
import { cognitoTriggerName, type TriggerDefinition } from './triggers';

/**
 * The stack's alarms as plain data, a pure function of its configuration and the names of what it
 * watches, so that tests can hold every threshold, dimension and missing-data choice; the Operations
 * component turns each into an `aws.cloudwatch.MetricAlarm` notifying the stack's topic.
 *
 * Why these metrics:
 * - A trigger's failures are Gatehouse's own count (`Invocations`, result `failed`), not Lambda's
 *   `Errors`: a trigger refuses a sign-in by failing the invocation (that is how Cognito is told), so
 *   every lockout is an error to Lambda.
 * - Counts come from the dimension sets the boundary publishes for them (handlers/boundary/trigger-metrics.ts):
 *   CloudWatch matches a metric by its exact dimensions and an alarm cannot search.
 * - A period with no data is an invocation that never happened, not a breach (`notBreaching`) —
 *   except where the metric always has data when things work.
 */

/** Gatehouse's namespace (handlers/boundary/trigger-metrics.ts, which infra may not import). */
export const GATEHOUSE_NAMESPACE = 'Gatehouse';

/** Every count is over five minutes: short enough to page during an attack, long enough to add up. */
export const ALARM_PERIOD_SECONDS = 300;

/** The share of the function's timeout a p99 duration alarms at when the stack names no threshold. */
export const DEFAULT_DURATION_SHARE = 0.8;

export type Comparison = 'GreaterThanOrEqualToThreshold' | 'GreaterThanThreshold';
export type MissingData = 'notBreaching' | 'breaching' | 'ignore' | 'missing';

/** One metric, as CloudWatch names it. */
export interface AlarmMetric {
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Readonly<Record<string, string>>;
  /** `Sum`, `Maximum`, … or a percentile (`p99`). */
  readonly stat: string;
}

export interface AlarmDefinition {
  /** The alarm's name in CloudWatch: the stack's prefix and what it watches. */
  readonly name: string;
  readonly description: string;
  /** One metric, or several added up (each filled with 0 where it has no data). */
  readonly metrics: readonly AlarmMetric[];
  readonly threshold: number;
  readonly comparison: Comparison;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
  readonly treatMissingData: MissingData;
}

/** The names of what the stack's alarms watch. */
export interface AlarmTargets {
  /** The Pulumi stack: the `stack` dimension of Gatehouse's metrics. */
  readonly stack: string;
  /** The prefix of every name in AWS (`infra/naming.ts`); each alarm's name starts with it. */
  readonly prefix: string;
  /** The stack's triggers, each with its function's name. */
  readonly functions: readonly { readonly trigger: TriggerDefinition; readonly functionName: string }[];
  readonly tableName: string;
  /** The reminder workflow's state machine, when the stack has it. */
  readonly reminderStateMachineArn?: string;
}

/** The prefix every alarm name of the stack starts with (the topic's policy admits those alarms only). */
export const alarmNamePrefix = (prefix: string): string => `${prefix}-`;

/** The p99 duration a synchronous trigger alarms at. */
export function durationThresholdMs(config: StackConfig): number {
  return config.operations.alarms.durationMs ?? Math.round(config.functions.timeoutSeconds * 1000 * DEFAULT_DURATION_SHARE);
}

const count = (
  name: string,
  description: string,
  metrics: readonly AlarmMetric[],
  threshold: number,
): AlarmDefinition => ({
  name,
  description,
  metrics,
  threshold,
  comparison: 'GreaterThanOrEqualToThreshold',
  evaluationPeriods: 1,
  datapointsToAlarm: 1,
  treatMissingData: 'notBreaching',
});

/** A Gatehouse metric of the stack, with the service and stack dimensions every count carries. */
export function gatehouseMetric(stack: string, metricName: 'Invocations' | 'Incidents', dimensions: Record<string, string>): AlarmMetric {
  return { namespace: GATEHOUSE_NAMESPACE, metricName, dimensions: { service: SERVICE_NAME, stack, ...dimensions }, stat: 'Sum' };
}

/** The incidents that alarm on their own, and when a stack can have them at all. */
export const INCIDENT_ALARMS: readonly {
  readonly code: string;
  readonly part: string;
  readonly description: string;
  readonly applies: (config: StackConfig, triggers: readonly TriggerDefinition[]) => boolean;
}[] = [
  {
    code: 'STORE_UNAVAILABLE',
    part: 'store-unavailable',
    description:
      'DynamoDB did not answer a trigger in time: sign-in protection is degraded (attempts go uncounted in open mode, refused in closed mode)',
    applies: () => true,
  },
  {
    code: 'FORCED_RESET_FAILED',
    part: 'forced-reset-failed',
    description: 'Cognito refused or did not answer AdminResetUserPassword: a forced reset stood as a plain lockout',
    applies: (config) => config.forcedReset.enabled,
  },
  {
    code: 'CODE_UNDELIVERABLE',
    part: 'code-undeliverable',
    description: 'A custom sender could not deliver a code through its provider (Lambda retries, then the undelivered-messages queue)',
    applies: (_config, triggers) => triggers.some((trigger) => trigger.customSender),
  },
];

/** Every alarm of the stack, none when `gatehouse:operations.alarms.enabled` is false. */
export function stackAlarms(config: StackConfig, targets: AlarmTargets): AlarmDefinition[] {
  const settings = config.operations.alarms;
  if (!settings.enabled) return [];
  const { stack, prefix } = targets;
  const alarms: AlarmDefinition[] = [];

  for (const { trigger, functionName } of targets.functions) {
    const name = (part: string) => `${prefix}-${trigger.name}-${part}`;
    const cognito = cognitoTriggerName(trigger);
    alarms.push(
      count(
        name('failures'),
        `${cognito} failed ${settings.failuresPer5Minutes} time(s) or more in 5 minutes: users got the generic failure (see its ERROR flow lines)`,
        [gatehouseMetric(stack, 'Invocations', { trigger: cognito, result: 'failed' })],
        settings.failuresPer5Minutes,
      ),
      count(
        name('throttles'),
        `Lambda throttled ${cognito}: Cognito failed those requests (account concurrency, or the function's reservation)`,
        [{ namespace: 'AWS/Lambda', metricName: 'Throttles', dimensions: { FunctionName: functionName }, stat: 'Sum' }],
        1,
      ),
    );
    // Cognito waits five seconds for a synchronous trigger; the custom senders run on their own time.
    if (!trigger.customSender) {
      alarms.push({
        name: name('duration'),
        description: `${cognito}'s p99 duration reached ${durationThresholdMs(config)} ms in 2 of 3 periods of 5 minutes: close to Cognito's 5-second budget`,
        metrics: [{ namespace: 'AWS/Lambda', metricName: 'Duration', dimensions: { FunctionName: functionName }, stat: 'p99' }],
        threshold: durationThresholdMs(config),
        comparison: 'GreaterThanOrEqualToThreshold',
        // One slow cold start on a quiet pool is its own p99: two periods out of three must agree.
        evaluationPeriods: 3,
        datapointsToAlarm: 2,
        treatMissingData: 'notBreaching',
      });
    }
  }

  const triggers = targets.functions.map(({ trigger }) => trigger);
  for (const incident of INCIDENT_ALARMS) {
    if (!incident.applies(config, triggers)) continue;
    alarms.push(count(`${prefix}-${incident.part}`, `${incident.code}: ${incident.description}`, [gatehouseMetric(stack, 'Incidents', { incident: incident.code })], 1));
  }

  const signIn = triggers.find((trigger) => trigger.lambdaConfigField === 'preAuthentication');
  if (signIn !== undefined) {
    const trigger = cognitoTriggerName(signIn);
    alarms.push(
      count(
        `${prefix}-lockouts`,
        `${settings.lockoutsPer5Minutes} or more accounts locked in 5 minutes: a rise like this is what credential stuffing looks like`,
        [gatehouseMetric(stack, 'Invocations', { trigger, result: 'refused', outcome: 'lockout' })],
        settings.lockoutsPer5Minutes,
      ),
      count(
        `${prefix}-refusals`,
        `${settings.refusalsPer5Minutes} or more sign-in attempts refused in 5 minutes (locked accounts, resets required, the store down in closed mode)`,
        [gatehouseMetric(stack, 'Invocations', { trigger, result: 'refused' })],
        settings.refusalsPer5Minutes,
      ),
    );
  }

  // On-demand tables throttle too (a partition's limits, a traffic peak doubled); each event is a
  // request a trigger retried or gave up on.
  alarms.push(
    count(
      `${prefix}-table-throttles`,
      'DynamoDB throttled requests to the table: triggers slowed down or reported STORE_UNAVAILABLE',
      ['ReadThrottleEvents', 'WriteThrottleEvents'].map((metricName) => ({
        namespace: 'AWS/DynamoDB',
        metricName,
        dimensions: { TableName: targets.tableName },
        stat: 'Sum',
      })),
      1,
    ),
  );

  if (targets.reminderStateMachineArn !== undefined) {
    alarms.push(
      count(
        `${prefix}-reminders-failed`,
        'An execution of the sign-up reminder workflow failed or timed out: that sign-up was not reminded or not deleted (see its execution history)',
        ['ExecutionsFailed', 'ExecutionsTimedOut'].map((metricName) => ({
          namespace: 'AWS/States',
          metricName,
          dimensions: { StateMachineArn: targets.reminderStateMachineArn as string },
          stat: 'Sum',
        })),
        1,
      ),
    );
  }
  return alarms;
}

/** What `aws.cloudwatch.MetricAlarm` takes for one definition (without its actions and tags). */
export interface MetricAlarmInputs {
  readonly name: string;
  readonly alarmDescription: string;
  readonly comparisonOperator: Comparison;
  readonly threshold: number;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
  readonly treatMissingData: MissingData;
  readonly namespace?: string;
  readonly metricName?: string;
  readonly dimensions?: Readonly<Record<string, string>>;
  readonly period?: number;
  readonly statistic?: string;
  readonly extendedStatistic?: string;
  readonly metricQueries?: readonly {
    readonly id: string;
    readonly expression?: string;
    readonly label?: string;
    readonly returnData: boolean;
    readonly metric?: { readonly namespace: string; readonly metricName: string; readonly dimensions: Readonly<Record<string, string>>; readonly period: number; readonly stat: string };
  }[];
}

const PERCENTILE = /^p\d{1,2}(\.\d+)?$/;

/**
 * One metric is alarmed on directly (a percentile as an extended statistic); several are added up in a
 * metric math expression, each filled with 0 where it has no data so that one quiet metric does not
 * hide the other.
 */
export function metricAlarmInputs(alarm: AlarmDefinition): MetricAlarmInputs {
  const common = {
    name: alarm.name,
    alarmDescription: `Gatehouse: ${alarm.description}`,
    comparisonOperator: alarm.comparison,
    threshold: alarm.threshold,
    evaluationPeriods: alarm.evaluationPeriods,
    datapointsToAlarm: alarm.datapointsToAlarm,
    treatMissingData: alarm.treatMissingData,
  };
  const [only, ...more] = alarm.metrics;
  if (only === undefined) throw new Error(`the alarm ${alarm.name} watches no metric`);
  if (more.length === 0) {
    return {
      ...common,
      namespace: only.namespace,
      metricName: only.metricName,
      dimensions: only.dimensions,
      period: ALARM_PERIOD_SECONDS,
      ...(PERCENTILE.test(only.stat) ? { extendedStatistic: only.stat } : { statistic: only.stat }),
    };
  }
  const ids = alarm.metrics.map((_, index) => `m${index}`);
  return {
    ...common,
    metricQueries: [
      ...alarm.metrics.map((metric, index) => ({
        id: ids[index] as string,
        returnData: false,
        metric: { namespace: metric.namespace, metricName: metric.metricName, dimensions: metric.dimensions, period: ALARM_PERIOD_SECONDS, stat: metric.stat },
      })),
      {
        id: 'total',
        expression: ids.map((id) => `FILL(${id}, 0)`).join(' + '),
        label: alarm.metrics.map((metric) => metric.metricName).join(' + '),
        returnData: true,
      },
    ],
  };
}
