import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';

/** The CloudWatch namespace of every Gatehouse metric, whatever the stack (the `stack` dimension tells them apart). */
export const METRICS_NAMESPACE = 'Gatehouse';

/** How an invocation ended at the boundary. */
export type FlowResult = 'accepted' | 'refused' | 'failed';

/**
 * The dimension sets each metric is published under, after the default ones (`service`, and `stack` when
 * the stack is named). CloudWatch matches a metric by its exact set of dimensions and an alarm cannot
 * search, so every set an alarm or a widget reads is published: the detailed one, and one without the
 * dimension that alarm adds up over (an outcome, a trigger).
 */
export const DIMENSION_SETS = {
  Invocations: [
    // What the flow line says: the use case's outcome (`lockout`, `delivered`, …).
    ['trigger', 'result', 'outcome'],
    // A trigger's failures or refusals, whatever the outcome: what the per-trigger alarms watch.
    ['trigger', 'result'],
  ],
  Incidents: [
    ['trigger', 'incident'],
    // An incident code across every trigger (STORE_UNAVAILABLE comes from several): the stack's alarms.
    ['incident'],
  ],
} as const satisfies Record<string, readonly (readonly string[])[]>;

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
      logger: withoutSharedDimensionWarnings(console),
      ...(options.stack ? { defaultDimensions: { stack: options.stack } } : {}),
    });
  }

  flow(trigger: string, result: FlowResult, outcome: string | undefined): void {
    this.count('Invocations', { trigger, result, outcome: outcome ?? 'none' });
  }

  incident(trigger: string, code: string): void {
    this.count('Incidents', { trigger, incident: code });
  }

  private count(name: keyof typeof DIMENSION_SETS, values: Readonly<Record<string, string>>): void {
    // One line per count, with every set of the metric: `addDimensions` starts a set of the default
    // dimensions and the given ones (`addDimension` would add to a single set instead).
    const single = this.metrics.singleMetric();
    for (const set of DIMENSION_SETS[name]) {
      single.addDimensions(Object.fromEntries(set.map((dimension) => [dimension, values[dimension] ?? 'none'])));
    }
    single.addMetric(name, MetricUnit.Count, 1);
  }
}

type MetricsLogger = NonNullable<NonNullable<ConstructorParameters<typeof Metrics>[0]>['logger']>;

/**
 * Powertools (2.35) warns, on every line, that a key "is defined as both a dimension set and dimension
 * set" whenever two sets share a dimension, although both carry the same value: the sets above share
 * theirs by design. Every other warning is kept.
 */
export function withoutSharedDimensionWarnings(logger: Pick<Console, 'debug' | 'info' | 'warn' | 'error'>): MetricsLogger {
  return {
    debug: (...content: unknown[]) => logger.debug(...content),
    info: (...content: unknown[]) => logger.info(...content),
    error: (...content: unknown[]) => logger.error(...content),
    warn: (...content: unknown[]) => {
      if (typeof content[0] === 'string' && /^EMF key ".*" is defined as both a dimension set and dimension set;/.test(content[0])) return;
      logger.warn(...content);
    },
  };
}
