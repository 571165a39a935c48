import { expect } from 'chai';
import { DIMENSION_SETS, METRICS_NAMESPACE, PowertoolsTriggerMetrics, withoutSharedDimensionWarnings } from '../../../handlers/boundary/trigger-metrics';

interface EmfLine {
  readonly _aws: { readonly CloudWatchMetrics: readonly { Namespace: string; Dimensions: string[][]; Metrics: { Name: string; Unit: string }[] }[] };
  readonly [key: string]: unknown;
}

/** What the metrics write to standard output (one parsed line each) and to standard error while `act` runs. */
function written(act: () => void): { lines: EmfLine[]; text: string; errors: string } {
  const out: string[] = [];
  const err: string[] = [];
  const capture = (stream: NodeJS.WriteStream, into: string[]) => {
    const original = stream.write.bind(stream);
    stream.write = ((chunk: string | Uint8Array) => {
      into.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return true;
    }) as typeof stream.write;
    return () => {
      stream.write = original;
    };
  };
  const restoreOut = capture(process.stdout, out);
  const restoreErr = capture(process.stderr, err);
  try {
    act();
  } finally {
    restoreOut();
    restoreErr();
  }
  const text = out.join('');
  return { lines: text.split('\n').filter(Boolean).map((line) => JSON.parse(line) as EmfLine), text, errors: err.join('') };
}

describe('PowertoolsTriggerMetrics', () => {
  const metrics = () => new PowertoolsTriggerMetrics({ serviceName: 'gatehouse', stack: 'prod' });

  it('writes one line per invocation with both dimension sets of Invocations, after service and stack', () => {
    const { lines } = written(() => metrics().flow('PreAuthentication', 'refused', 'lockout'));
    expect(lines).to.have.length(1);
    const [line] = lines;
    const [directive] = line!._aws.CloudWatchMetrics;
    expect(directive!.Namespace).to.equal(METRICS_NAMESPACE);
    expect(directive!.Metrics).to.deep.equal([{ Name: 'Invocations', Unit: 'Count' }]);
    expect(directive!.Dimensions).to.deep.equal([
      ['service', 'stack', 'trigger', 'result', 'outcome'],
      ['service', 'stack', 'trigger', 'result'],
    ]);
    expect(line).to.include({ service: 'gatehouse', stack: 'prod', trigger: 'PreAuthentication', result: 'refused', outcome: 'lockout', Invocations: 1 });
  });

  it('counts a flow without an outcome as outcome none', () => {
    const { lines } = written(() => metrics().flow('PreSignUp', 'failed', undefined));
    expect(lines[0]).to.include({ result: 'failed', outcome: 'none' });
  });

  it('publishes each incident by trigger and code, and by code alone (the stack-wide alarms read that set)', () => {
    const { lines } = written(() => metrics().incident('PostAuthentication', 'STORE_UNAVAILABLE'));
    const [directive] = lines[0]!._aws.CloudWatchMetrics;
    expect(directive!.Metrics).to.deep.equal([{ Name: 'Incidents', Unit: 'Count' }]);
    expect(directive!.Dimensions).to.deep.equal([
      ['service', 'stack', 'trigger', 'incident'],
      ['service', 'stack', 'incident'],
    ]);
    expect(lines[0]).to.include({ trigger: 'PostAuthentication', incident: 'STORE_UNAVAILABLE', Incidents: 1 });
  });

  it('declares exactly the sets of DIMENSION_SETS, each within the limits of the embedded metric format', () => {
    const { lines } = written(() => {
      const each = metrics();
      each.flow('CustomEmailSender', 'accepted', 'delivered');
      each.incident('CustomEmailSender', 'CODE_UNDELIVERABLE');
    });
    const declared = lines.map((line) => line._aws.CloudWatchMetrics[0]!.Dimensions.map((set) => set.slice(2)));
    expect(declared).to.deep.equal([DIMENSION_SETS.Invocations, DIMENSION_SETS.Incidents].map((sets) => sets.map((set) => [...set])));
    // CloudWatch takes at most 30 dimensions per set; every value is a word the code chose.
    for (const line of lines) for (const set of line._aws.CloudWatchMetrics[0]!.Dimensions) expect(set.length).to.be.at.most(30);
  });

  it('writes nothing but what it was given: no warning, no state carried from one count to the next', () => {
    const each = metrics();
    const { lines, text, errors } = written(() => {
      each.flow('PreAuthentication', 'accepted', 'attempt');
      each.flow('PreAuthentication', 'accepted', 'attempt');
      each.incident('PreAuthentication', 'AUDIT_FAILED');
    });
    expect(lines).to.have.length(3);
    expect(text).to.not.match(/warn|already been added/i);
    expect(errors).to.equal('');
    expect(lines[2]).to.not.have.property('outcome');
    expect(lines[2]).to.not.have.property('result');
  });

  it('keeps every warning but the one about dimensions the sets share', () => {
    const warned: unknown[][] = [];
    const logger = withoutSharedDimensionWarnings({ ...console, warn: (...content: unknown[]) => void warned.push(content) });
    logger.warn('EMF key "trigger" is defined as both a dimension set and dimension set; the dimension set value will take precedence in the serialized output');
    logger.warn('EMF key "trigger" is defined as both a metadata and dimension set; the dimension set value will take precedence');
    logger.warn('Namespace should be defined, default used');
    expect(warned.map(([message]) => message)).to.deep.equal([
      'EMF key "trigger" is defined as both a metadata and dimension set; the dimension set value will take precedence',
      'Namespace should be defined, default used',
    ]);
  });

  it('leaves the stack out when none is named', () => {
    const { lines } = written(() => new PowertoolsTriggerMetrics({ serviceName: 'gatehouse' }).flow('PreSignUp', 'accepted', 'screened'));
    expect(lines[0]!._aws.CloudWatchMetrics[0]!.Dimensions).to.deep.equal([
      ['service', 'trigger', 'result', 'outcome'],
      ['service', 'trigger', 'result'],
    ]);
  });
});
