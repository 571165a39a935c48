import { pbkdf2Sync, randomBytes } from 'node:crypto';
import { readExport, type ImportedUser } from '../../scripts/import-users';

/**
 * The user the sandbox's legacy directory holds from the start (`npm start` prints it with the pool or endpoint), with the
 * password of the old system: sign in with it through USER_PASSWORD_AUTH and the pool migrates them.
 */
export const LEGACY_DEMO_USER = {
  email: 'legacy.user@example.com',
  password: 'the password of the old system',
  attributes: { given_name: 'Lee', family_name: 'Gacy', locale: 'en' },
} as const;

/** The name the sandbox's legacy pool goes by (journeys find it by this name). */
export const LEGACY_POOL_NAME = 'legacy-users';

/** The demo user as an export of an old database holds them: a PBKDF2-SHA256 hash of the old password. */
export function importedDemoUsers(accountKeySecret: string): ImportedUser[] {
  const salt = randomBytes(16);
  const hash = pbkdf2Sync(LEGACY_DEMO_USER.password, salt, 100_000, 32, 'sha256');
  const passwordHash = `$pbkdf2-sha256$i=100000$${salt.toString('base64').replace(/=+$/, '')}$${hash.toString('base64').replace(/=+$/, '')}`;
  const line = JSON.stringify({ username: LEGACY_DEMO_USER.email, passwordHash, email: LEGACY_DEMO_USER.email, emailVerified: true, attributes: LEGACY_DEMO_USER.attributes });
  const { users, problems } = readExport(line, accountKeySecret);
  if (problems.length > 0) throw new Error(`the demo user cannot be imported: ${problems.join('; ')}`);
  return users;
}
