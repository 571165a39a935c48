import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';

/** The CloudWatch namespace of every Gatehouse metric, whatever the stack (the `stack` dimension tells them apart). */
export const METRICS_NAMESPACE = 'Gatehouse';

/** How an invocation ended at the boundary. */
export type FlowResult = 'accepted' | 'refused' | 'failed';

/**
 * What the boundary counts for every invocation of every trigger: one `Invocations` per flow, by
 * trigger, result and the use case's outcome (`locked`, `delivered`, …), and one `Incidents` per
 * incident, by trigger and code. Dimensions are words the code chooses, never user data.
 */
export interface TriggerMetrics {
  flow(trigger: string, result: FlowResult, outcome: string | undefined): void;
  incident(trigger: string, code: string): void;
}

/**
 * Powertools Metrics in the embedded metric format: each count is written with the logs as it happens
 * (no API call, nothing kept for later), with the service and, when the stack is named, the stack.
 */
export class PowertoolsTriggerMetrics implements TriggerMetrics {
  private readonly metrics: Metrics;

  constructor(options: { readonly serviceName: string; readonly stack?: string }) {
    this.metrics = new Metrics({
      namespace: METRICS_NAMESPACE,
      serviceName: options.serviceName,
      ...(options.stack ? { defaultDimensions: { stack: options.stack } } : {}),
    });
  }

  flow(trigger: string, result: FlowResult, outcome: string | undefined): void {
    this.count('Invocations', { trigger, result, outcome: outcome ?? 'none' });
  }

  incident(trigger: string, code: string): void {
    this.count('Incidents', { trigger, incident: code });
  }

  private count(name: string, dimensions: Readonly<Record<string, string>>): void {
    // One dimension at a time: addDimensions would start a second dimension set beside the defaults.
    const single = this.metrics.singleMetric();
    for (const [key, value] of Object.entries(dimensions)) single.addDimension(key, value);
    single.addMetric(name, MetricUnit.Count, 1);
  }
}
