import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { ItemKey } from './table-keys';

/**
 * Attribute values in DynamoDB's wire format, written by hand for the few scalar types the adapters
 * store. Reading items back goes through `unmarshall` of @aws-sdk/util-dynamodb.
 */

/**
 * A number as DynamoDB's decimal string. Like `marshall`, refuses what a JavaScript number cannot carry
 * exactly (NaN, ±Infinity, integers beyond Number.MAX_SAFE_INTEGER) before anything is sent.
 */
export function numberValue(value: number): AttributeValue.NMember {
  if (!Number.isFinite(value) || Math.abs(value) > Number.MAX_SAFE_INTEGER) {
    throw new RangeError(`${value} cannot be stored as a DynamoDB number without losing precision`);
  }
  return { N: String(value) };
}

export function stringValue(value: string): AttributeValue.SMember {
  return { S: value };
}

export function booleanValue(value: boolean): AttributeValue.BOOLMember {
  return { BOOL: value };
}

/** An item's primary key (`pk`, `sk`: both strings) as a request's `Key`. */
export function keyAttributes(key: ItemKey): Record<string, AttributeValue> {
  return { pk: { S: key.pk }, sk: { S: key.sk } };
}
