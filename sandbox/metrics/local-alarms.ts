import { ALARM_PERIOD_SECONDS, GATEHOUSE_NAMESPACE, type AlarmDefinition } from '../../infra/alarms';
import type { MetricStore } from './metric-store';

/**
 * The stack's alarms (infra's own definitions) evaluated against the sandbox's metrics, as CloudWatch
 * evaluates a one-period count: the sum over the last five minutes against the threshold, no data as no
 * breach. Only Gatehouse's own metrics exist here; an alarm on Lambda's, DynamoDB's or Step Functions'
 * metrics is listed as one only AWS can evaluate.
 */

export type LocalAlarmState = 'OK' | 'ALARM' | 'AWS only';

export interface LocalAlarm {
  readonly name: string;
  readonly description: string;
  readonly state: LocalAlarmState;
  readonly threshold: number;
  /** The sum over the last period; undefined without data or for an alarm only AWS evaluates. */
  readonly value?: number;
}

export function evaluateAlarms(alarms: readonly AlarmDefinition[], metrics: MetricStore, now: number): LocalAlarm[] {
  const since = now - ALARM_PERIOD_SECONDS * 1000;
  return alarms.map((alarm) => {
    const base = { name: alarm.name, description: alarm.description, threshold: alarm.threshold };
    const local = alarm.evaluationPeriods === 1 && alarm.metrics.every((metric) => metric.namespace === GATEHOUSE_NAMESPACE && metric.stat === 'Sum');
    if (!local) return { ...base, state: 'AWS only' };
    const sums = alarm.metrics.map((metric) => metrics.sum(metric, since));
    if (sums.every((sum) => sum === undefined)) return { ...base, state: 'OK' };
    const value = sums.reduce<number>((total, sum) => total + (sum ?? 0), 0);
    const breached = alarm.comparison === 'GreaterThanOrEqualToThreshold' ? value >= alarm.threshold : value > alarm.threshold;
    return { ...base, state: breached ? 'ALARM' : 'OK', value };
  });
}
