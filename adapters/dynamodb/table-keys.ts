/**
 * The single table's item layout. Every item of an account shares its partition key, so one Query
 * reads an account's record, sign-in protection state and audit trail together. The partition key is
 * built from the account's key (a keyed hash of the username, see `AccountKeys`), never from what was
 * typed.
 */
export const TTL_ATTRIBUTE = 'expiresAt';

export const SORT_KEYS = {
  attempts: 'ATTEMPTS',
  account: 'ACCOUNT',
  auditPrefix: 'AUDIT#',
  magicLink: 'MAGIC_LINK',
  linkRequestsPrefix: 'LINK_REQUESTS#',
} as const;

export interface ItemKey {
  readonly pk: string;
  readonly sk: string;
}

export function accountPartition(key: string): string {
  return `ACCT#${key}`;
}

export function attemptsKey(key: string): ItemKey {
  return { pk: accountPartition(key), sk: SORT_KEYS.attempts };
}

export function accountKey(key: string): ItemKey {
  return { pk: accountPartition(key), sk: SORT_KEYS.account };
}

/** Audit entries sort by time; the event id keeps two entries of one millisecond apart. */
export function auditKey(key: string, at: number, eventId: string): ItemKey {
  return { pk: accountPartition(key), sk: `${SORT_KEYS.auditPrefix}${new Date(at).toISOString()}#${eventId}` };
}

/** The account's sign-in link: one at a time, each new one replacing the last. */
export function magicLinkKey(key: string): ItemKey {
  return { pk: accountPartition(key), sk: SORT_KEYS.magicLink };
}

/** The count of links requested for the account in one window, named by the window's start (epoch seconds). */
export function linkRequestsKey(key: string, windowStartSeconds: number): ItemKey {
  return { pk: accountPartition(key), sk: `${SORT_KEYS.linkRequestsPrefix}${windowStartSeconds}` };
}

/** DynamoDB's TTL wants epoch seconds. */
export function expiresAt(epochMs: number, afterSeconds: number): number {
  return Math.ceil(epochMs / 1000) + Math.ceil(afterSeconds);
}
