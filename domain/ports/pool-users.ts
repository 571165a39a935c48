/** A user of the pool as the directory knows it. */
export interface PoolUser {
  /** The pool's own username: what the sign-in triggers receive as `userName` for this user. */
  readonly username: string;
  readonly sub?: string;
  readonly email?: string;
  /** The directory's status (`CONFIRMED`, `UNCONFIRMED`, `RESET_REQUIRED`, …). */
  readonly status?: string;
  readonly enabled: boolean;
}

/**
 * Finds users of one pool the way a sign-in finds them: by username or by a sign-in alias (the email
 * in a Gatehouse pool). Throws `DirectoryUnavailableError` / `DirectoryRejectedError` on failure.
 */
export interface PoolUsers {
  /** The user an identifier signs in as, or undefined when the pool has none. */
  find(identifier: string): Promise<PoolUser | undefined>;
}
