import { expect } from 'chai';
import {
  assertValidMigrationPolicy,
  DEFAULT_MIGRATION_POLICY,
  InvalidInputError,
  isMigratableUsername,
  MAX_ATTRIBUTE_LENGTH,
  migratedAttributes,
  type MigrationPolicy,
} from '../../../domain';

const POLICY: MigrationPolicy = {
  finalUserStatus: 'CONFIRMED',
  attributes: { given_name: 'firstName', family_name: 'lastName', locale: 'language' },
};

describe('migration policy', () => {
  it('gives the pool the address that was typed, the allow-listed attributes under their pool names, and nothing else', () => {
    const attributes = migratedAttributes(
      'Alice@Example.com ',
      {
        email: 'alice@example.com',
        emailVerified: true,
        attributes: { firstName: 'Alice', lastName: 'Liddell', language: 'fr', role: 'admin', 'custom:tenant': 'acme', sub: 'old-sub' },
      },
      POLICY,
    );
    expect(attributes).to.deep.equal({
      email: 'Alice@Example.com',
      email_verified: 'true',
      given_name: 'Alice',
      family_name: 'Liddell',
      locale: 'fr',
    });
  });

  it('verifies the address only when the legacy side vouches for that very address', () => {
    const user = { email: 'alice@example.com', emailVerified: false, attributes: {} };
    expect(migratedAttributes('alice@example.com', user, POLICY).email_verified).to.equal('false');
    const other = { email: 'alice@old.example', emailVerified: true, attributes: {} };
    expect(migratedAttributes('alice@example.com', other, POLICY)).to.deep.equal({ email: 'alice@example.com', email_verified: 'false' });
    expect(migratedAttributes('alice@example.com', { emailVerified: true, attributes: {} }, POLICY).email_verified).to.equal('false');
  });

  it('leaves out values Cognito would refuse instead of failing the sign-in', () => {
    const attributes = migratedAttributes(
      'alice@example.com',
      { emailVerified: false, attributes: { firstName: '   ', lastName: 'x'.repeat(MAX_ATTRIBUTE_LENGTH + 1), language: 'en\u0000' } },
      POLICY,
    );
    expect(attributes).to.deep.equal({ email: 'alice@example.com', email_verified: 'false' });
  });

  it('refuses a policy that would fill what a migration must not', () => {
    for (const target of ['email', 'email_verified', 'sub', 'phone_number', 'phone_number_verified', 'custom:role', 'cognito:groups']) {
      const policy = { finalUserStatus: 'CONFIRMED', attributes: { [target]: 'x' } } as unknown as MigrationPolicy;
      expect(() => assertValidMigrationPolicy(policy), target).to.throw(InvalidInputError, target);
    }
    expect(() => assertValidMigrationPolicy({ ...POLICY, finalUserStatus: 'UNCONFIRMED' } as unknown as MigrationPolicy)).to.throw(InvalidInputError);
    expect(() => assertValidMigrationPolicy(DEFAULT_MIGRATION_POLICY)).not.to.throw();
  });

  it('takes only what could be a username of an email-as-username pool', () => {
    expect(isMigratableUsername('alice@example.com')).to.equal(true);
    expect(isMigratableUsername('  alice@example.com ')).to.equal(true);
    for (const typed of ['alice', 'correct horse battery staple', '@example.com', 'alice@', 'alice@localhost']) {
      expect(isMigratableUsername(typed), typed).to.equal(false);
    }
  });
});
