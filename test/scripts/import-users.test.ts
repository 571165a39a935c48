import { expect } from 'chai';
import { accountKey } from '../../adapters/crypto/hmac-account-keys';
import { readExport } from '../../scripts/import-users';
import { VECTORS } from '../support/imported-hashes';

const SECRET = 'an-account-key-secret-of-at-least-32-characters';

describe('scripts/import-users: reading an export', () => {
  it('keeps each user under the account key of the normalised username, never the username itself', () => {
    const { users, problems } = readExport(`${JSON.stringify({ username: ' Alice@Example.com ', passwordHash: VECTORS.scrypt, emailVerified: true })}\n\n`, SECRET);
    expect(problems).to.deep.equal([]);
    expect(users).to.deep.equal([{ key: accountKey(SECRET, 'alice@example.com'), passwordHash: VECTORS.scrypt, emailVerified: true, attributes: {} }]);
    expect(JSON.stringify(users)).not.to.include('Alice');
  });

  it('checks every line first and names each problem by its line, never repeating a hash', () => {
    const bcrypt = '$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW';
    const lines = [
      JSON.stringify({ username: 'alice@example.com', passwordHash: VECTORS.scrypt }),
      'not json',
      JSON.stringify({ username: 'alice', passwordHash: VECTORS.scrypt }),
      JSON.stringify({ username: 'ALICE@example.com', passwordHash: VECTORS.scrypt }),
      JSON.stringify({ username: 'bob@example.com', passwordHash: bcrypt }),
      JSON.stringify({ username: 'carol@example.com' }),
      JSON.stringify({ username: 'dave@example.com', passwordHash: VECTORS.scrypt, attributes: { age: 42 } }),
      JSON.stringify({ username: 'erin@example.com', passwordHash: VECTORS.scrypt, emailVerified: 'yes' }),
    ];
    const { problems } = readExport(lines.join('\n'), SECRET);
    expect(problems).to.deep.equal([
      'line 2: is not a JSON object',
      'line 3: username must be an email address (the pool signs users in with it)',
      'line 4: repeats the username of line 1',
      'line 5: passwordHash: bcrypt hashes cannot be verified without a dependency (rehash them as PBKDF2 or scrypt, or migrate through the old system)',
      'line 6: passwordHash is missing',
      'line 7: attributes must be an object of strings',
      'line 8: emailVerified must be true or false',
    ]);
    expect(problems.join('\n')).not.to.include(bcrypt.slice(7));
  });
});
