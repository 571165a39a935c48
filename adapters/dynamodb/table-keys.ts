/**
 * The single table's item layout. Every item of an account shares its partition key, so one Query
 * reads an account's record, sign-in protection state and audit trail together.
 */
export const TTL_ATTRIBUTE = 'expiresAt';

export const SORT_KEYS = {
  attempts: 'ATTEMPTS',
  account: 'ACCOUNT',
  auditPrefix: 'AUDIT#',
} as const;

export interface ItemKey {
  readonly pk: string;
  readonly sk: string;
}

export function accountPartition(username: string): string {
  return `USER#${username}`;
}

export function attemptsKey(username: string): ItemKey {
  return { pk: accountPartition(username), sk: SORT_KEYS.attempts };
}

export function accountKey(username: string): ItemKey {
  return { pk: accountPartition(username), sk: SORT_KEYS.account };
}

/** Audit entries sort by time; the suffix keeps two entries of one millisecond apart. */
export function auditKey(username: string, at: number, suffix: string): ItemKey {
  return { pk: accountPartition(username), sk: `${SORT_KEYS.auditPrefix}${new Date(at).toISOString()}#${suffix}` };
}

/** DynamoDB's TTL wants epoch seconds. */
export function expiresAt(epochMs: number, afterSeconds: number): number {
  return Math.ceil(epochMs / 1000) + Math.ceil(afterSeconds);
}
