import { expect } from 'chai';
import { parseImportedHash, verifyImportedHash, type ImportedHash } from '../../../adapters/crypto/imported-password-hashes';
import { VECTORS } from '../../support/imported-hashes';

const PASSWORD = 'correct horse battery staple';

const parsed = (text: string): ImportedHash => {
  const hash = parseImportedHash(text);
  if ('problem' in hash) throw new Error(hash.problem);
  return hash;
};

describe('adapters/crypto/imported-password-hashes', () => {
  for (const [format, text] of Object.entries(VECTORS)) {
    it(`verifies a ${format} hash against the right password only`, async () => {
      const hash = parsed(text);
      expect(await verifyImportedHash(hash, PASSWORD)).to.equal(true);
      expect(await verifyImportedHash(hash, `${PASSWORD} `)).to.equal(false);
      expect(await verifyImportedHash(hash, '')).to.equal(false);
    });
  }

  it('refuses bcrypt and Argon2, saying why, without repeating the hash', () => {
    const bcrypt = '$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW';
    const argon2 = '$argon2id$v=19$m=65536,t=3,p=4$c29tZXNhbHQ$RdescudvJCsgt3ub+b+dWRWJTmaaJObG';
    for (const text of [bcrypt, argon2]) {
      const result = parseImportedHash(text);
      expect(result).to.have.property('problem').that.matches(/cannot be verified without a dependency/);
      expect(JSON.stringify(result)).not.to.include(text.slice(8));
    }
  });

  it('refuses what would cost too much or too little to verify, and what is no hash at all', () => {
    expect(parseImportedHash('$pbkdf2-sha256$i=999$c2FsdHNhbHRzYWx0MTIzNA$hhE82ZNkxt.Z9xuW7xpmjjLDAPx/Y559u8/hxrvZs30')).to.have.property('problem').that.includes('iterations');
    expect(parseImportedHash('$pbkdf2-sha256$i=5000000$c2FsdHNhbHRzYWx0MTIzNA$hhE82ZNkxt.Z9xuW7xpmjjLDAPx/Y559u8/hxrvZs30')).to.have.property('problem');
    expect(parseImportedHash('$scrypt$ln=20,r=8,p=1$c2FsdHNhbHRzYWx0MTIzNA$Im5najC76HSTkKCOiVsMEIJgluIUq5286NeGBYl4XSs')).to.have.property('problem').that.includes('out of bounds');
    expect(parseImportedHash('$pbkdf2-sha256$i=29000$c2FsdA$c2hvcnQ')).to.have.property('problem').that.includes('shorter than 16 bytes');
    for (const text of ['', 'plain-text-password', '5f4dcc3b5aa765d61d8327deb882cf99', '$1$salt$hash']) {
      expect(parseImportedHash(text), text).to.have.property('problem').that.includes('not a supported hash format');
    }
  });
});
