import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  alarmNamePrefix,
  DEFAULT_DURATION_SHARE,
  durationThresholdMs,
  INCIDENT_ALARMS,
  metricAlarmInputs,
  stackAlarms,
  type AlarmDefinition,
  type AlarmTargets,
} from '../../infra/alarms';
import { parseStackConfig } from '../../infra/config';
import type { StackConfig } from '../../infra/config-schema';
import { SERVICE_NAME } from '../../infra/function-environment';
import { cognitoTriggerName, TRIGGERS, triggersOf, type TriggerDefinition } from '../../infra/triggers';
import { DIMENSION_SETS } from '../../handlers/boundary/trigger-metrics';

const PREFIX = 'gatehouse-prod';
const STATE_MACHINE = 'arn:aws:states:eu-west-1:123456789012:stateMachine:gatehouse-prod-sign-up-reminders';

function targetsOf(config: StackConfig, triggers: readonly TriggerDefinition[] = triggersOf(config)): AlarmTargets {
  return {
    stack: 'prod',
    prefix: PREFIX,
    functions: triggers.map((trigger) => ({ trigger, functionName: `${PREFIX}-${trigger.name}` })),
    tableName: PREFIX,
    ...(config.signUp.reminders.enabled ? { reminderStateMachineArn: STATE_MACHINE } : {}),
  };
}

const byName = (alarms: readonly AlarmDefinition[], name: string): AlarmDefinition => {
  const found = alarms.find((alarm) => alarm.name === `${PREFIX}-${name}`);
  if (found === undefined) throw new Error(`no alarm ${name} in ${alarms.map((alarm) => alarm.name).join(', ')}`);
  return found;
};

/** The dimension sets the boundary publishes, as CloudWatch sees them (service and stack first). */
const published = (metric: keyof typeof DIMENSION_SETS) => DIMENSION_SETS[metric].map((set) => ['service', 'stack', ...set].sort().join(','));

describe('infra: alarms', () => {
  const defaults = parseStackConfig({});

  it('gives each trigger of the stack its failures, throttles and (synchronous triggers) duration alarms, then the stack\'s own', () => {
    const alarms = stackAlarms(defaults, targetsOf(defaults));
    const perTrigger = triggersOf(defaults).flatMap((trigger) => [`${trigger.name}-failures`, `${trigger.name}-throttles`, `${trigger.name}-duration`]);
    expect(alarms.map((alarm) => alarm.name)).to.deep.equal(
      [...perTrigger, 'store-unavailable', 'lockouts', 'refusals', 'table-throttles', 'reminders-failed'].map((part) => `${PREFIX}-${part}`),
    );
  });

  it('names every alarm with the stack prefix, so that the topic policy admits exactly them', () => {
    const config = parseStackConfig({ forcedReset: { enabled: true }, email: { from: 'no-reply@example.com' }, messages: { email: 'custom-sender', sms: 'custom-sender' } });
    for (const alarm of stackAlarms(config, targetsOf(config))) {
      expect(alarm.name.startsWith(alarmNamePrefix(PREFIX))).to.equal(true);
      expect(alarm.name.length).to.be.at.most(255);
    }
  });

  it('counts a trigger\'s failures from its own metric (Lambda\'s Errors include every refusal), by trigger and result', () => {
    const failures = byName(stackAlarms(defaults, targetsOf(defaults)), 'pre-authentication-failures');
    expect(failures.metrics).to.deep.equal([
      { namespace: 'Gatehouse', metricName: 'Invocations', dimensions: { service: SERVICE_NAME, stack: 'prod', trigger: 'PreAuthentication', result: 'failed' }, stat: 'Sum' },
    ]);
    expect(failures).to.include({ threshold: 1, comparison: 'GreaterThanOrEqualToThreshold', evaluationPeriods: 1, treatMissingData: 'notBreaching' });
  });

  it('reads only dimension sets the boundary publishes (CloudWatch matches a metric by its exact dimensions)', () => {
    const config = parseStackConfig({ forcedReset: { enabled: true }, email: { from: 'no-reply@example.com' }, messages: { email: 'custom-sender' } });
    const gatehouse = stackAlarms(config, targetsOf(config)).flatMap((alarm) => alarm.metrics).filter((metric) => metric.namespace === 'Gatehouse');
    expect(gatehouse).to.not.be.empty;
    for (const metric of gatehouse) {
      const set = Object.keys(metric.dimensions).sort().join(',');
      expect(published(metric.metricName as keyof typeof DIMENSION_SETS), `${metric.metricName} by ${set}`).to.include(set);
    }
  });

  it('follows TRIGGERS: a trigger the stack has gets its alarms under the name its handler counts with', () => {
    const newcomer: TriggerDefinition = { ...TRIGGERS[0]!, name: 'user-migration', lambdaConfigField: 'userMigration' };
    const alarms = stackAlarms(defaults, targetsOf(defaults, [...triggersOf(defaults), newcomer]));
    expect(byName(alarms, 'user-migration-failures').metrics[0]?.dimensions).to.include({ trigger: 'UserMigration' });
    expect(byName(alarms, 'user-migration-duration').metrics[0]?.dimensions).to.deep.equal({ FunctionName: `${PREFIX}-user-migration` });
    const sms = TRIGGERS.find((trigger) => trigger.name === 'custom-sms-sender')!;
    expect(cognitoTriggerName(sms)).to.equal('CustomSMSSender');
  });

  it('alarms on duration at the p99 of a synchronous trigger only, two periods out of three, at 80 % of the timeout unless set', () => {
    const config = parseStackConfig({ functions: { timeoutSeconds: 3 }, email: { from: 'no-reply@example.com' }, messages: { email: 'custom-sender' } });
    const alarms = stackAlarms(config, targetsOf(config));
    expect(durationThresholdMs(config)).to.equal(3000 * DEFAULT_DURATION_SHARE);
    expect(byName(alarms, 'pre-sign-up-duration')).to.deep.include({
      metrics: [{ namespace: 'AWS/Lambda', metricName: 'Duration', dimensions: { FunctionName: `${PREFIX}-pre-sign-up` }, stat: 'p99' }],
      threshold: 2400,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
    });
    // The custom senders are invoked asynchronously: Cognito's five seconds do not apply.
    expect(alarms.map((alarm) => alarm.name)).to.not.include(`${PREFIX}-custom-email-sender-duration`);
    expect(alarms.map((alarm) => alarm.name)).to.include(`${PREFIX}-custom-email-sender-failures`);
    expect(durationThresholdMs(parseStackConfig({ operations: { alarms: { durationMs: 4500 } } }))).to.equal(4500);
  });

  it('alarms on an incident code across every trigger, only where the stack can have it', () => {
    const incidentAlarms = (config: StackConfig) =>
      stackAlarms(config, targetsOf(config))
        .flatMap((alarm) => alarm.metrics)
        .filter((metric) => metric.metricName === 'Incidents')
        .map((metric) => metric.dimensions['incident']);
    expect(incidentAlarms(defaults)).to.deep.equal(['STORE_UNAVAILABLE']);
    const everything = parseStackConfig({ forcedReset: { enabled: true }, email: { from: 'no-reply@example.com' }, messages: { sms: 'custom-sender' } });
    expect(incidentAlarms(everything)).to.deep.equal(INCIDENT_ALARMS.map((incident) => incident.code));
    const storeDown = byName(stackAlarms(defaults, targetsOf(defaults)), 'store-unavailable');
    expect(storeDown.metrics[0]?.dimensions).to.deep.equal({ service: SERVICE_NAME, stack: 'prod', incident: 'STORE_UNAVAILABLE' });
    expect(storeDown.threshold).to.equal(1);
  });

  it('watches incident codes the domain raises (an alarm on a code nobody counts would never fire)', () => {
    const domain = join(__dirname, '..', '..', 'domain');
    const source = readdirSync(domain, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
      .map((entry) => readFileSync(join(entry.parentPath, entry.name), 'utf8'))
      .join('\n');
    for (const { code } of INCIDENT_ALARMS) expect(source, code).to.contain(`'${code}'`);
  });

  it('watches lockouts and refusals of PreAuthentication against the stack\'s thresholds per 5 minutes', () => {
    const config = parseStackConfig({ operations: { alarms: { lockoutsPer5Minutes: 7, refusalsPer5Minutes: 40 } } });
    const alarms = stackAlarms(config, targetsOf(config));
    expect(byName(alarms, 'lockouts')).to.deep.include({
      metrics: [{ namespace: 'Gatehouse', metricName: 'Invocations', dimensions: { service: SERVICE_NAME, stack: 'prod', trigger: 'PreAuthentication', result: 'refused', outcome: 'lockout' }, stat: 'Sum' }],
      threshold: 7,
    });
    expect(byName(alarms, 'refusals')).to.deep.include({
      metrics: [{ namespace: 'Gatehouse', metricName: 'Invocations', dimensions: { service: SERVICE_NAME, stack: 'prod', trigger: 'PreAuthentication', result: 'refused' }, stat: 'Sum' }],
      threshold: 40,
    });
  });

  it('adds the table\'s read and write throttle events, and the workflow\'s failed and timed-out executions', () => {
    const alarms = stackAlarms(defaults, targetsOf(defaults));
    expect(byName(alarms, 'table-throttles').metrics.map((metric) => [metric.namespace, metric.metricName, metric.dimensions])).to.deep.equal([
      ['AWS/DynamoDB', 'ReadThrottleEvents', { TableName: PREFIX }],
      ['AWS/DynamoDB', 'WriteThrottleEvents', { TableName: PREFIX }],
    ]);
    expect(byName(alarms, 'reminders-failed').metrics.map((metric) => [metric.metricName, metric.dimensions])).to.deep.equal([
      ['ExecutionsFailed', { StateMachineArn: STATE_MACHINE }],
      ['ExecutionsTimedOut', { StateMachineArn: STATE_MACHINE }],
    ]);
    const noReminders = parseStackConfig({ signUp: { reminders: { enabled: false } } });
    expect(stackAlarms(noReminders, targetsOf(noReminders)).map((alarm) => alarm.name)).to.not.include(`${PREFIX}-reminders-failed`);
  });

  it('makes no alarm when the stack turns them off', () => {
    const off = parseStackConfig({ operations: { alarms: { enabled: false } } });
    expect(stackAlarms(off, targetsOf(off))).to.deep.equal([]);
  });

  describe('metricAlarmInputs', () => {
    it('alarms on one metric directly, a percentile as an extended statistic', () => {
      const alarms = stackAlarms(defaults, targetsOf(defaults));
      expect(metricAlarmInputs(byName(alarms, 'pre-authentication-duration'))).to.deep.include({
        name: `${PREFIX}-pre-authentication-duration`,
        namespace: 'AWS/Lambda',
        metricName: 'Duration',
        dimensions: { FunctionName: `${PREFIX}-pre-authentication` },
        period: 300,
        extendedStatistic: 'p99',
        threshold: 4000,
        comparisonOperator: 'GreaterThanOrEqualToThreshold',
      });
      const lockouts = metricAlarmInputs(byName(alarms, 'lockouts'));
      expect(lockouts).to.include({ statistic: 'Sum', period: 300 });
      expect(lockouts).to.not.have.property('extendedStatistic');
      expect(lockouts).to.not.have.property('metricQueries');
      expect(lockouts.alarmDescription).to.match(/^Gatehouse: /);
    });

    it('adds several metrics up in one expression, each filled with 0 where it has no data', () => {
      const inputs = metricAlarmInputs(byName(stackAlarms(defaults, targetsOf(defaults)), 'table-throttles'));
      expect(inputs).to.not.have.any.keys('namespace', 'metricName', 'dimensions', 'statistic', 'period');
      expect(inputs.metricQueries).to.deep.equal([
        { id: 'm0', returnData: false, metric: { namespace: 'AWS/DynamoDB', metricName: 'ReadThrottleEvents', dimensions: { TableName: PREFIX }, period: 300, stat: 'Sum' } },
        { id: 'm1', returnData: false, metric: { namespace: 'AWS/DynamoDB', metricName: 'WriteThrottleEvents', dimensions: { TableName: PREFIX }, period: 300, stat: 'Sum' } },
        { id: 'total', expression: 'FILL(m0, 0) + FILL(m1, 0)', label: 'ReadThrottleEvents + WriteThrottleEvents', returnData: true },
      ]);
    });

    it('refuses an alarm without a metric', () => {
      const empty: AlarmDefinition = { ...stackAlarms(defaults, targetsOf(defaults))[0]!, metrics: [] };
      expect(() => metricAlarmInputs(empty)).to.throw(/watches no metric/);
    });
  });
});
