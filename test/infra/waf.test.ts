import { expect } from 'chai';
import { parseStackConfig } from '../../infra/config';
import { RATE_WINDOW_SECONDS, webAclInputs } from '../../infra/waf';

const NAMES = { webAcl: 'gatehouse-prod', rule: 'gatehouse-prod-requests-per-ip' };

describe('infra: the pool\'s web ACL', () => {
  it('allows by default and blocks an IP over the stack\'s limit per 5 minutes, with metrics and samples', () => {
    const inputs = webAclInputs(parseStackConfig({ operations: { waf: { enabled: true, requestsPer5Minutes: 250 } } }), NAMES);
    expect(inputs).to.deep.equal({
      name: 'gatehouse-prod',
      description: 'Gatehouse: at most 250 requests per IP per 5 minutes to the user pool (block)',
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      rules: [
        {
          name: 'gatehouse-prod-requests-per-ip',
          priority: 0,
          action: { block: {} },
          statement: { rateBasedStatement: { limit: 250, aggregateKeyType: 'IP', evaluationWindowSec: 300 } },
          visibilityConfig: { cloudwatchMetricsEnabled: true, metricName: 'gatehouse-prod-requests-per-ip', sampledRequestsEnabled: true },
        },
      ],
      visibilityConfig: { cloudwatchMetricsEnabled: true, metricName: 'gatehouse-prod', sampledRequestsEnabled: true },
    });
    expect(RATE_WINDOW_SECONDS).to.equal(300);
  });

  it('only counts in count mode, so that a limit can be watched before it is enforced', () => {
    const [rule] = webAclInputs(parseStackConfig({ operations: { waf: { enabled: true, action: 'count' } } }), NAMES).rules;
    expect(rule?.action).to.deep.equal({ count: {} });
    expect(rule?.statement.rateBasedStatement.limit).to.equal(500);
  });

  it('uses no managed rule group (the account-takeover group cannot be associated with a pool)', () => {
    const inputs = webAclInputs(parseStackConfig({ operations: { waf: { enabled: true } } }), NAMES);
    expect(JSON.stringify(inputs)).to.not.contain('managedRuleGroupStatement');
  });
});
