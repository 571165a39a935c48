import { expect } from 'chai';
import { MetricStore, RETENTION_MS } from '../../../sandbox/metrics/metric-store';

const line = (values: Record<string, unknown>, dimensions: string[][], metric = 'Invocations', at = 1_000_000) =>
  JSON.stringify({ _aws: { Timestamp: at, CloudWatchMetrics: [{ Namespace: 'Gatehouse', Dimensions: dimensions, Metrics: [{ Name: metric, Unit: 'Count' }] }] }, ...values, [metric]: 1 });

const LOCKOUT = { service: 'gatehouse', stack: 'dev', trigger: 'PreAuthentication', result: 'refused', outcome: 'lockout' };
const SETS = [
  ['service', 'stack', 'trigger', 'result', 'outcome'],
  ['service', 'stack', 'trigger', 'result'],
];

describe('sandbox: the metric store', () => {
  it('keeps each value under each dimension set of its line, as separate metrics', () => {
    const store = new MetricStore();
    store.record(line(LOCKOUT, SETS));
    store.record(line({ ...LOCKOUT, outcome: 'rejected' }, SETS));
    expect(store.totals()).to.deep.equal([
      { namespace: 'Gatehouse', metricName: 'Invocations', dimensions: LOCKOUT, value: 1 },
      { namespace: 'Gatehouse', metricName: 'Invocations', dimensions: { service: 'gatehouse', stack: 'dev', trigger: 'PreAuthentication', result: 'refused' }, value: 2 },
      { namespace: 'Gatehouse', metricName: 'Invocations', dimensions: { ...LOCKOUT, outcome: 'rejected' }, value: 1 },
    ]);
  });

  it('sums a metric matched by exactly its dimensions, from a time on; no data is undefined', () => {
    const store = new MetricStore();
    store.record(line(LOCKOUT, SETS, 'Invocations', 1_000));
    store.record(line(LOCKOUT, SETS, 'Invocations', 5_000));
    const key = { namespace: 'Gatehouse', metricName: 'Invocations', dimensions: LOCKOUT };
    expect(store.sum(key, 0)).to.equal(2);
    expect(store.sum(key, 2_000)).to.equal(1);
    expect(store.sum(key, 6_000)).to.equal(undefined);
    // A subset of the dimensions is another metric, as in CloudWatch.
    expect(store.sum({ ...key, dimensions: { service: 'gatehouse', stack: 'dev', trigger: 'PreAuthentication' } }, 0)).to.equal(undefined);
  });

  it('keeps single values for an hour or so, and the totals since the start', () => {
    const store = new MetricStore();
    const key = { namespace: 'Gatehouse', metricName: 'Invocations', dimensions: LOCKOUT };
    store.record(line(LOCKOUT, SETS, 'Invocations', 0));
    store.record(line(LOCKOUT, SETS, 'Invocations', 2 * RETENTION_MS + 1));
    expect(store.sum(key, 0)).to.equal(1);
    expect(store.totals().find((total) => total.dimensions['outcome'] === 'lockout')?.value).to.equal(2);
  });

  it('ignores log lines, lines that are not JSON and directives it cannot read', () => {
    const store = new MetricStore();
    store.record('{"level":"INFO","message":"flow"}');
    store.record('not json "_aws"');
    store.record('{"_aws": {"CloudWatchMetrics": "nope"}}');
    store.record(JSON.stringify({ _aws: { CloudWatchMetrics: [{ Namespace: 'Gatehouse', Dimensions: [['a']], Metrics: [{ Name: 'X' }] }] }, a: 'b', X: 'not a number' }));
    expect(store.totals()).to.deep.equal([]);
  });
});
