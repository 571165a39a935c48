import type { StackConfig } from './config-schema';

/**
 * The pool's web ACL as plain data: one rate-based rule that counts requests per client IP over five
 * minutes and blocks (or only counts) an IP while it is over the stack's limit; everything else is
 * allowed. Cognito hands WAF its API and managed-login requests with the caller's IP but never a
 * username or password, so this limits an address, not an account: sign-in protection stays the
 * per-account lockout.
 */

/** WAF's evaluation window of the rule, in seconds (what "per 5 minutes" is). */
export const RATE_WINDOW_SECONDS = 300;

export interface RateRule {
  readonly name: string;
  readonly priority: number;
  readonly action: { readonly block: Record<string, never> } | { readonly count: Record<string, never> };
  readonly statement: {
    readonly rateBasedStatement: { readonly limit: number; readonly aggregateKeyType: 'IP'; readonly evaluationWindowSec: number };
  };
  readonly visibilityConfig: { readonly cloudwatchMetricsEnabled: true; readonly metricName: string; readonly sampledRequestsEnabled: true };
}

export interface WebAclInputs {
  readonly name: string;
  readonly description: string;
  readonly scope: 'REGIONAL';
  readonly defaultAction: { readonly allow: Record<string, never> };
  readonly rules: readonly RateRule[];
  readonly visibilityConfig: { readonly cloudwatchMetricsEnabled: true; readonly metricName: string; readonly sampledRequestsEnabled: true };
}

/** The web ACL's inputs for a stack with `gatehouse:operations.waf.enabled`. */
export function webAclInputs(config: StackConfig, names: { readonly webAcl: string; readonly rule: string }): WebAclInputs {
  const { requestsPer5Minutes, action } = config.operations.waf;
  return {
    name: names.webAcl,
    description: `Gatehouse: at most ${requestsPer5Minutes} requests per IP per 5 minutes to the user pool (${action})`,
    // A user pool is a regional resource: its web ACL is REGIONAL, in the pool's region.
    scope: 'REGIONAL',
    defaultAction: { allow: {} },
    rules: [
      {
        name: names.rule,
        priority: 0,
        action: action === 'block' ? { block: {} } : { count: {} },
        statement: { rateBasedStatement: { limit: requestsPer5Minutes, aggregateKeyType: 'IP', evaluationWindowSec: RATE_WINDOW_SECONDS } },
        visibilityConfig: { cloudwatchMetricsEnabled: true, metricName: names.rule, sampledRequestsEnabled: true },
      },
    ],
    visibilityConfig: { cloudwatchMetricsEnabled: true, metricName: names.webAcl, sampledRequestsEnabled: true },
  };
}
