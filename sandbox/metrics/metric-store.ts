/**
 * What CloudWatch would make of the functions' embedded-metric-format lines and of the reminder
 * workflow's PutMetricData calls, kept in memory: each value under each of its dimension sets, as
 * separate metrics, at its timestamp. It is what the sandbox's console and its alarms read.
 */

export interface MetricKey {
  readonly namespace: string;
  readonly metricName: string;
  /** One dimension set with its values: a metric is matched by exactly these. */
  readonly dimensions: Readonly<Record<string, string>>;
}

interface Datapoint extends MetricKey {
  readonly at: number;
  readonly value: number;
}

export interface MetricTotal extends MetricKey {
  readonly value: number;
}

interface EmfDirective {
  readonly Namespace?: unknown;
  readonly Dimensions?: unknown;
  readonly Metrics?: unknown;
}

/** The key of a metric: its namespace, name and dimensions in a stable order. */
const keyOf = (metric: MetricKey): string =>
  JSON.stringify([metric.namespace, metric.metricName, Object.entries(metric.dimensions).sort(([a], [b]) => a.localeCompare(b))]);

/** How long single values are kept for sums over time: far longer than any alarm's period. */
export const RETENTION_MS = 60 * 60 * 1000;

export class MetricStore {
  /** Values of the last `RETENTION_MS`, oldest first (what `sum` reads). */
  private points: Datapoint[] = [];
  /** Every metric's sum since the sandbox started (what `totals` reads), in the order first seen. */
  private readonly running = new Map<string, MetricTotal>();

  /** Reads one log line; anything but an embedded-metric-format line is ignored. */
  record(line: string): void {
    if (!line.startsWith('{') || !line.includes('"_aws"')) return;
    let entry: Record<string, unknown>;
    try {
      entry = JSON.parse(line) as Record<string, unknown>;
    } catch {
      return;
    }
    const aws = entry['_aws'] as { Timestamp?: unknown; CloudWatchMetrics?: unknown } | undefined;
    if (typeof aws !== 'object' || aws === null || !Array.isArray(aws.CloudWatchMetrics)) return;
    const at = typeof aws.Timestamp === 'number' ? aws.Timestamp : Date.now();
    for (const directive of aws.CloudWatchMetrics as EmfDirective[]) {
      if (typeof directive.Namespace !== 'string' || !Array.isArray(directive.Dimensions) || !Array.isArray(directive.Metrics)) continue;
      for (const metric of directive.Metrics as { Name?: unknown }[]) {
        const value = typeof metric.Name === 'string' ? entry[metric.Name] : undefined;
        if (typeof metric.Name !== 'string' || typeof value !== 'number') continue;
        for (const set of directive.Dimensions as unknown[]) {
          if (!Array.isArray(set)) continue;
          const dimensions = Object.fromEntries(set.map((name) => [String(name), String(entry[String(name)] ?? '')]));
          this.add({ namespace: directive.Namespace, metricName: metric.Name, dimensions, at, value });
        }
      }
    }
  }

  /** One value of one metric, as PutMetricData delivers it (a datum has a single dimension set). */
  put(metric: MetricKey, value: number, at: number = Date.now()): void {
    this.add({ namespace: metric.namespace, metricName: metric.metricName, dimensions: { ...metric.dimensions }, at, value });
  }

  private add(point: Datapoint): void {
    this.points.push(point);
    const key = keyOf(point);
    const { namespace, metricName, dimensions } = point;
    this.running.set(key, { namespace, metricName, dimensions, value: (this.running.get(key)?.value ?? 0) + point.value });
    // A sandbox left running for days keeps its totals, not every value.
    const oldest = this.points[0];
    if (oldest !== undefined && oldest.at < point.at - 2 * RETENTION_MS) this.points = this.points.filter((each) => each.at >= point.at - RETENTION_MS);
  }

  /** The sum of one metric's values since `since` (epoch ms), or undefined when it has none (missing data). */
  sum(metric: MetricKey, since: number): number | undefined {
    const key = keyOf(metric);
    const matching = this.points.filter((point) => point.at >= since && keyOf(point) === key);
    return matching.length === 0 ? undefined : matching.reduce((total, point) => total + point.value, 0);
  }

  /** Every metric seen, with the sum of its values since the sandbox started, in the order first seen. */
  totals(): MetricTotal[] {
    return [...this.running.values()];
  }
}
