/**
 * Each built bundle counts its invocations under the names infra's alarms and dashboard look for: the
 * namespace, the service, the stack and the trigger as `infra/triggers.ts` spells it. An alarm on a
 * metric nobody writes would never fire, so a trigger added later is held to the same names here.
 */
import { expect } from 'chai';
import { SERVICE_NAME } from '../../infra/function-environment';
import { cognitoTriggerName, TRIGGERS } from '../../infra/triggers';
import { useBundleStandIns } from '../support/bundle-stand-ins';
import { loadBundle } from '../support/lambda-bundle';

interface Directive {
  readonly Namespace: string;
  readonly Dimensions: string[][];
  readonly Metrics: { Name: string }[];
}

describe('bundles: the names of their metrics', function () {
  const { logs } = useBundleStandIns();

  for (const trigger of TRIGGERS) {
    it(`${trigger.name} counts as ${cognitoTriggerName(trigger)} in Gatehouse, service ${SERVICE_NAME}, stack test`, async () => {
      const handler = loadBundle(trigger.name);
      // Refused before any use case runs: nothing is written, and the invocation is counted all the same.
      await handler({ triggerSource: 'NotATriggerSource', userPoolId: 'eu-west-1_Example', userName: 'jane.doe@example.com' }).catch(() => undefined);
      const [line, ...others] = logs.metrics();
      expect(others).to.have.length(0);
      const [directive] = (line?.['_aws'] as { CloudWatchMetrics: Directive[] }).CloudWatchMetrics;
      expect(directive?.Namespace).to.equal('Gatehouse');
      expect(directive?.Metrics.map((metric) => metric.Name)).to.deep.equal(['Invocations']);
      expect(line).to.include({ service: SERVICE_NAME, stack: 'test', trigger: cognitoTriggerName(trigger), Invocations: 1 });
      expect(line?.['result']).to.be.oneOf(['refused', 'failed']);
      // Under both sets the alarms read; nothing of the event.
      expect(directive?.Dimensions).to.deep.equal([
        ['service', 'stack', 'trigger', 'result', 'outcome'],
        ['service', 'stack', 'trigger', 'result'],
      ]);
      expect(JSON.stringify(line)).to.not.contain('jane.doe');
    });
  }
});
