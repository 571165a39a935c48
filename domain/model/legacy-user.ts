/**
 * A user as the legacy directory knows them, already in Gatehouse's words: never an SDK type, never a
 * password. `attributes` are the directory's own names and string values, before the stack's mapping
 * (domain/policy/migration-policy.ts) decides which of them the new pool receives.
 */
export interface LegacyUser {
  /** The address the legacy directory holds for the user, if any. */
  readonly email?: string;
  /** Only the legacy side's own word makes a migrated address verified. */
  readonly emailVerified: boolean;
  readonly attributes: Readonly<Record<string, string>>;
}

/** What a legacy directory says of a username and a password. */
export type LegacyAuthentication =
  | { readonly outcome: 'authenticated'; readonly user: LegacyUser }
  /** The user exists but the password is wrong (or the legacy side will not let them in). */
  | { readonly outcome: 'rejected' }
  | { readonly outcome: 'unknown' };

/** What a legacy directory says of a username alone (the forgot-password flow). */
export type LegacyLookUp = { readonly outcome: 'found'; readonly user: LegacyUser } | { readonly outcome: 'unknown' };
