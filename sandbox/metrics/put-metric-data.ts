import { TaskFailure, type Json, type TaskHandler } from '../step-functions/sdk-integrations';
import type { MetricStore } from './metric-store';

/**
 * CloudWatch's PutMetricData as the reminder workflow calls it through Step Functions
 * (`arn:aws:states:::aws-sdk:cloudwatch:putMetricData`), landing in the sandbox's metric store instead
 * of AWS. The request is held to CloudWatch's own limits (PutMetricData, API reference), and one that
 * breaks them is refused as Step Functions would report it, so that a definition CloudWatch would refuse
 * does not pass here: a namespace of 1 to 255 characters outside `AWS/`, 1 to 1,000 data, each a metric
 * name of 1 to 255 characters, a finite `Value` and at most 30 dimensions of non-empty names (255) and
 * values (1,024). Only single values are taken (`Values`, `Counts` and `StatisticValues` are not).
 */

const INVALID = 'CloudWatch.InvalidParameterValueException';
const MISSING = 'CloudWatch.MissingRequiredParameterException';

const isObject = (value: unknown): value is Record<string, Json> => typeof value === 'object' && value !== null && !Array.isArray(value);

function text(value: unknown, what: string, max: number): string {
  if (value === undefined) throw new TaskFailure(MISSING, `${what} is required`);
  if (typeof value !== 'string' || value.length < 1 || value.length > max) {
    throw new TaskFailure(INVALID, `${what} must be a string of 1 to ${max} characters`);
  }
  return value;
}

interface Datum {
  readonly metricName: string;
  readonly value: number;
  readonly dimensions: Record<string, string>;
  readonly at?: number;
}

function datum(value: Json, index: number): Datum {
  const where = `MetricData.member.${index + 1}`;
  if (!isObject(value)) throw new TaskFailure(INVALID, `${where} must be an object`);
  const metricName = text(value['MetricName'], `${where}.MetricName`, 255);
  for (const unsupported of ['Values', 'Counts', 'StatisticValues']) {
    if (unsupported in value) throw new TaskFailure(INVALID, `${where}.${unsupported} is not taken by the sandbox: send a single Value`);
  }
  const number = value['Value'];
  if (typeof number !== 'number' || !Number.isFinite(number)) throw new TaskFailure(INVALID, `${where}.Value must be a finite number`);
  const list = value['Dimensions'] ?? [];
  if (!Array.isArray(list) || list.length > 30) throw new TaskFailure(INVALID, `${where}.Dimensions must be a list of at most 30`);
  const dimensions: Record<string, string> = {};
  list.forEach((dimension, position) => {
    const at = `${where}.Dimensions.member.${position + 1}`;
    if (!isObject(dimension)) throw new TaskFailure(INVALID, `${at} must be an object`);
    const name = text(dimension['Name'], `${at}.Name`, 255);
    if (name in dimensions) throw new TaskFailure(INVALID, `${where} names the dimension ${name} twice`);
    dimensions[name] = text(dimension['Value'], `${at}.Value`, 1024);
  });
  const timestamp = value['Timestamp'];
  const at = typeof timestamp === 'string' ? Date.parse(timestamp) : undefined;
  if (timestamp !== undefined && (at === undefined || Number.isNaN(at))) throw new TaskFailure(INVALID, `${where}.Timestamp must be an ISO 8601 time`);
  return { metricName, value: number, dimensions, ...(at !== undefined ? { at } : {}) };
}

/** The Task handler: checks the whole request first, so that a refused one records nothing. */
export function putMetricDataHandler(store: MetricStore, now: () => number = Date.now): TaskHandler {
  return async (input) => {
    if (!isObject(input)) throw new TaskFailure(INVALID, 'the parameters must be an object');
    const namespace = text(input['Namespace'], 'Namespace', 255);
    if (namespace.startsWith('AWS/')) throw new TaskFailure(INVALID, 'Namespaces beginning with AWS/ are reserved');
    const data = input['MetricData'];
    if (data === undefined) throw new TaskFailure(MISSING, 'MetricData is required');
    if (!Array.isArray(data) || data.length < 1 || data.length > 1000) throw new TaskFailure(INVALID, 'MetricData must be a list of 1 to 1000');
    const checked = data.map(datum);
    for (const each of checked) store.put({ namespace, metricName: each.metricName, dimensions: each.dimensions }, each.value, each.at ?? now());
    return {};
  };
}
