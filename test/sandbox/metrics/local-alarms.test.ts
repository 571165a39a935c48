import { expect } from 'chai';
import { stackAlarms } from '../../../infra/alarms';
import { parseStackConfig } from '../../../infra/config';
import { triggersOf } from '../../../infra/triggers';
import { evaluateAlarms } from '../../../sandbox/metrics/local-alarms';
import { MetricStore } from '../../../sandbox/metrics/metric-store';
import { PowertoolsTriggerMetrics } from '../../../handlers/boundary/trigger-metrics';

const PREFIX = 'gatehouse-dev';
const config = parseStackConfig({ operations: { alarms: { lockoutsPer5Minutes: 2, refusalsPer5Minutes: 3 } } });
const alarms = stackAlarms(config, {
  stack: 'dev',
  prefix: PREFIX,
  functions: triggersOf(config).map((trigger) => ({ trigger, functionName: `${PREFIX}-${trigger.name}` })),
  tableName: PREFIX,
});

/** What the boundary's own metrics write, fed to the store line by line. */
function counted(act: (metrics: PowertoolsTriggerMetrics) => void): MetricStore {
  const store = new MetricStore();
  const original = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array) => {
    for (const each of String(chunk).split('\n').filter(Boolean)) store.record(each);
    return true;
  }) as typeof process.stdout.write;
  try {
    act(new PowertoolsTriggerMetrics({ serviceName: 'gatehouse', stack: 'dev' }));
  } finally {
    process.stdout.write = original;
  }
  return store;
}

const stateOf = (result: ReturnType<typeof evaluateAlarms>, part: string) => result.find((alarm) => alarm.name === `${PREFIX}-${part}`);

describe('sandbox: the stack\'s alarms on its metrics', () => {
  it('fires an alarm whose count over the last five minutes reaches its threshold, from what the boundary writes', () => {
    const store = counted((metrics) => {
      metrics.flow('PreAuthentication', 'refused', 'lockout');
      metrics.flow('PreAuthentication', 'refused', 'lockout');
      metrics.flow('PreAuthentication', 'refused', 'rejected');
    });
    const result = evaluateAlarms(alarms, store, Date.now());
    expect(stateOf(result, 'lockouts')).to.include({ state: 'ALARM', value: 2, threshold: 2 });
    expect(stateOf(result, 'refusals')).to.include({ state: 'ALARM', value: 3, threshold: 3 });
    expect(stateOf(result, 'pre-authentication-failures')).to.include({ state: 'OK' }).and.not.have.property('value');
  });

  it('stays OK below the threshold, and forgets counts older than the period', () => {
    const store = counted((metrics) => {
      metrics.flow('PreAuthentication', 'refused', 'lockout');
      metrics.incident('PostAuthentication', 'STORE_UNAVAILABLE');
    });
    expect(stateOf(evaluateAlarms(alarms, store, Date.now()), 'lockouts')).to.include({ state: 'OK', value: 1 });
    expect(stateOf(evaluateAlarms(alarms, store, Date.now()), 'store-unavailable')).to.include({ state: 'ALARM', value: 1 });
    expect(stateOf(evaluateAlarms(alarms, store, Date.now() + 6 * 60_000), 'store-unavailable')).to.include({ state: 'OK' });
  });

  it('leaves the alarms on AWS\'s own metrics to AWS', () => {
    const result = evaluateAlarms(alarms, new MetricStore(), Date.now());
    for (const part of ['pre-authentication-throttles', 'pre-authentication-duration', 'table-throttles']) {
      expect(stateOf(result, part)?.state, part).to.equal('AWS only');
    }
  });
});
