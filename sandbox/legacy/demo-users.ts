/**
 * The user the sandbox's legacy directory holds from the start (`npm start` prints it), with the
 * password of the old system: sign in with it through USER_PASSWORD_AUTH and the pool migrates them.
 */
export const LEGACY_DEMO_USER = {
  email: 'legacy.user@example.com',
  password: 'the password of the old system',
  attributes: { given_name: 'Lee', family_name: 'Gacy', locale: 'en' },
} as const;

/** The name the sandbox's legacy pool goes by (journeys find it by this name). */
export const LEGACY_POOL_NAME = 'legacy-users';
