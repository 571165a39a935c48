import { InvalidInputError } from '../errors';
import { parseEmailAddress } from '../model/email-address';
import type { LegacyUser } from '../model/legacy-user';

/**
 * The standard attributes a migration may fill from the legacy side. Left out on purpose: `sub`
 * (Cognito's own), `email` and `email_verified` (decided below, never mapped), `phone_number` and
 * `phone_number_verified` (a number reaches SMS and MFA; it should be verified in this pool, not
 * imported), `preferred_username` (an alias in some pools) and `updated_at` (a number Cognito keeps).
 */
export const MIGRATABLE_ATTRIBUTES = [
  'name',
  'given_name',
  'family_name',
  'middle_name',
  'nickname',
  'profile',
  'picture',
  'website',
  'gender',
  'birthdate',
  'zoneinfo',
  'locale',
  'address',
] as const;

export type MigratableAttribute = (typeof MIGRATABLE_ATTRIBUTES)[number];

/** Cognito keeps at most 2048 characters in a standard attribute. */
export const MAX_ATTRIBUTE_LENGTH = 2048;

export interface MigrationPolicy {
  /**
   * What a user migrated at sign-in becomes: `CONFIRMED` keeps the old password (the simplest for the
   * user), `RESET_REQUIRED` makes them choose a new one before they can sign in.
   */
  readonly finalUserStatus: 'CONFIRMED' | 'RESET_REQUIRED';
  /** The allow-list: each pool attribute to fill, and the legacy attribute it is filled from. */
  readonly attributes: Readonly<Partial<Record<MigratableAttribute, string>>>;
}

export const DEFAULT_MIGRATION_POLICY: MigrationPolicy = {
  finalUserStatus: 'CONFIRMED',
  attributes: { name: 'name', given_name: 'given_name', family_name: 'family_name', locale: 'locale' },
};

export function assertValidMigrationPolicy(policy: MigrationPolicy): void {
  if (policy.finalUserStatus !== 'CONFIRMED' && policy.finalUserStatus !== 'RESET_REQUIRED') {
    throw new InvalidInputError('migration finalUserStatus must be CONFIRMED or RESET_REQUIRED');
  }
  for (const [target, source] of Object.entries(policy.attributes)) {
    if (!(MIGRATABLE_ATTRIBUTES as readonly string[]).includes(target)) {
      throw new InvalidInputError(`migration cannot fill the attribute ${target} (only ${MIGRATABLE_ATTRIBUTES.join(', ')})`);
    }
    if (typeof source !== 'string' || source.length === 0) {
      throw new InvalidInputError(`migration attribute ${target} must name a legacy attribute`);
    }
  }
}

/** Whether what was typed could name a user of an email-as-username pool at all. */
export function isMigratableUsername(username: string): boolean {
  return parseEmailAddress(username.trim()) !== undefined;
}

const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

function acceptableValue(value: string | undefined): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  if (trimmed.length === 0 || trimmed.length > MAX_ATTRIBUTE_LENGTH || CONTROL_CHARACTERS.test(trimmed)) return undefined;
  return trimmed;
}

/**
 * The attributes the new pool receives for a legacy user, and nothing else: the address the user signs
 * in with (the pool uses email as username, so it must be what they typed), verified only when the legacy
 * side vouches for that very address, and the allow-listed attributes the legacy side has, each mapped to
 * its pool name. A value Cognito would refuse (empty, too long, with control characters) is left out rather
 * than failing the user's sign-in.
 */
export function migratedAttributes(username: string, user: LegacyUser, policy: MigrationPolicy): Record<string, string> {
  const email = username.trim();
  const vouched = user.emailVerified && user.email !== undefined && user.email.trim().toLowerCase() === email.toLowerCase();
  const attributes: Record<string, string> = { email, email_verified: vouched ? 'true' : 'false' };
  for (const [target, source] of Object.entries(policy.attributes)) {
    const value = acceptableValue(user.attributes[source]);
    if (value !== undefined) attributes[target] = value;
  }
  return attributes;
}
