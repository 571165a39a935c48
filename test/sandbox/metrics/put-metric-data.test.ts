import { expect } from 'chai';
import { MetricStore } from '../../../sandbox/metrics/metric-store';
import { putMetricDataHandler } from '../../../sandbox/metrics/put-metric-data';
import { TaskFailure, type Json } from '../../../sandbox/step-functions/sdk-integrations';

const NOW = 1_800_000_000_000;
const DELETED = { service: 'gatehouse', stack: 'dev', trigger: 'ReminderWorkflow', result: 'accepted', outcome: 'deleted' };
const dimensions = (values: Record<string, string>) => Object.entries(values).map(([Name, Value]) => ({ Name, Value }));
const request = (data: Json[], namespace = 'Gatehouse'): Json => ({ Namespace: namespace, MetricData: data });
const datum = (values: Record<string, string>, extra: Record<string, Json> = {}): Json => ({
  MetricName: 'Invocations',
  Unit: 'Count',
  Value: 1,
  Dimensions: dimensions(values),
  ...extra,
});

async function refusal(promise: Promise<unknown>): Promise<TaskFailure> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error, 'the request was not refused').to.be.instanceOf(TaskFailure);
  return error as TaskFailure;
}

describe('sandbox: PutMetricData into the metric store', () => {
  it('records each datum under its own dimensions, at the time it arrives, and answers as CloudWatch does (nothing)', async () => {
    const store = new MetricStore();
    const put = putMetricDataHandler(store, () => NOW);
    const { outcome: _outcome, ...byResult } = DELETED;

    expect(await put(request([datum(DELETED), datum(byResult)]))).to.deep.equal({});
    await put(request([datum(DELETED), datum(byResult)]));

    expect(store.totals()).to.deep.equal([
      { namespace: 'Gatehouse', metricName: 'Invocations', dimensions: DELETED, value: 2 },
      { namespace: 'Gatehouse', metricName: 'Invocations', dimensions: byResult, value: 2 },
    ]);
    const key = { namespace: 'Gatehouse', metricName: 'Invocations', dimensions: DELETED };
    expect(store.sum(key, NOW)).to.equal(2);
    expect(store.sum(key, NOW + 1)).to.equal(undefined);
  });

  it('takes a datum’s own timestamp, and a datum without dimensions', async () => {
    const store = new MetricStore();
    await putMetricDataHandler(store, () => NOW)(request([{ MetricName: 'Lag', Value: 2.5, Timestamp: '2027-01-15T08:00:00.000Z' }]));
    const key = { namespace: 'Gatehouse', metricName: 'Lag', dimensions: {} };
    expect(store.sum(key, Date.parse('2027-01-15T08:00:00.000Z'))).to.equal(2.5);
    expect(store.sum(key, Date.parse('2027-01-15T08:00:00.001Z'))).to.equal(undefined);
  });

  const cases: [string, Json, string, RegExp][] = [
    ['a reserved namespace', request([datum(DELETED)], 'AWS/States'), 'CloudWatch.InvalidParameterValueException', /reserved/],
    ['no namespace', { MetricData: [datum(DELETED)] }, 'CloudWatch.MissingRequiredParameterException', /Namespace is required/],
    ['an empty namespace', request([datum(DELETED)], ''), 'CloudWatch.InvalidParameterValueException', /Namespace must be a string of 1 to 255/],
    ['no data', { Namespace: 'Gatehouse' }, 'CloudWatch.MissingRequiredParameterException', /MetricData is required/],
    ['an empty list of data', request([]), 'CloudWatch.InvalidParameterValueException', /1 to 1000/],
    ['a datum without a name', request([{ Value: 1 }]), 'CloudWatch.MissingRequiredParameterException', /MetricData\.member\.2\.MetricName is required/],
    ['a value that is not a number', request([datum(DELETED, { Value: '1' })]), 'CloudWatch.InvalidParameterValueException', /Value must be a finite number/],
    ['a statistic set', request([datum(DELETED, { StatisticValues: { SampleCount: 1, Sum: 1, Minimum: 1, Maximum: 1 } })]), 'CloudWatch.InvalidParameterValueException', /StatisticValues is not taken/],
    ['an empty dimension value', request([datum({ ...DELETED, outcome: '' })]), 'CloudWatch.InvalidParameterValueException', /Dimensions\.member\.5\.Value must be a string of 1 to 1024/],
    ['31 dimensions', request([datum(Object.fromEntries(Array.from({ length: 31 }, (_, index) => [`d${index}`, 'v'])))]), 'CloudWatch.InvalidParameterValueException', /at most 30/],
    ['a bad timestamp', request([datum(DELETED, { Timestamp: 'yesterday' })]), 'CloudWatch.InvalidParameterValueException', /Timestamp/],
  ];
  for (const [what, input, name, message] of cases) {
    it(`refuses ${what} as Step Functions reports CloudWatch's refusal, recording nothing of the request`, async () => {
      const store = new MetricStore();
      // A good datum first (the bad one is the second): the whole request is checked before anything is kept.
      const data = typeof input === 'object' && input !== null && !Array.isArray(input) ? input['MetricData'] : undefined;
      const withGood = Array.isArray(data) && data.length > 0
        ? { ...(input as Record<string, Json>), MetricData: [datum(DELETED), ...data] }
        : input;
      const failure = await refusal(putMetricDataHandler(store)(withGood));
      expect(failure.name).to.equal(name);
      expect(failure.message).to.match(message);
      expect(store.totals()).to.deep.equal([]);
    });
  }
});
