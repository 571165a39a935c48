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
  imported: 'IMPORTED',
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

/** A user imported from an old database with its password hash (migration from imported hashes). */
export function importedUserKey(key: string): ItemKey {
  return { pk: accountPartition(key), sk: SORT_KEYS.imported };
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

/**
 * The sparse index of recent lockouts (the program's `RECENT_LOCKOUTS_INDEX`): a lock's attempts item
 * carries `lockoutDay` beside the `lastLockedAt` it holds anyway, so engaging a lock indexes it in the
 * same request.
 */
export const RECENT_LOCKOUTS = {
  indexName: 'recent-lockouts',
  dayAttribute: 'lockoutDay',
  atAttribute: 'lastLockedAt',
} as const;

/** One index partition per UTC day: a listing reads the days it spans, newest first. */
export function lockoutDay(at: number): string {
  return `LOCKOUTS#${new Date(at).toISOString().slice(0, 10)}`;
}
