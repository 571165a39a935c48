import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { RandomLinkSecrets, SECRET_BYTES, usernameOfToken } from '../../../adapters/crypto/random-link-secrets';

describe('adapters/crypto/RandomLinkSecrets', () => {
  const secrets = new RandomLinkSecrets();

  it('makes URL-safe tokens naming the username, with 256 random bits', () => {
    const { token } = secrets.create('6a1f2c3e-0b4d-4e5f-8a9b-0c1d2e3f4a5b');
    expect(token).to.match(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token.split('.')[1] ?? '', 'base64url')).to.have.length(SECRET_BYTES);
    expect(SECRET_BYTES * 8).to.be.at.least(128);
    expect(usernameOfToken(token)).to.equal('6a1f2c3e-0b4d-4e5f-8a9b-0c1d2e3f4a5b');
  });

  it('never makes the same token twice', () => {
    const tokens = new Set(Array.from({ length: 1000 }, () => secrets.create('ada').token));
    expect(tokens.size).to.equal(1000);
  });

  it('stores only the SHA-256 of the token, never the token', () => {
    const { token, secretHash } = secrets.create('ada');
    expect(secretHash).to.equal(createHash('sha256').update(token).digest('hex'));
    expect(secretHash).to.not.include(token.split('.')[1]);
    expect(secrets.hashOf(token)).to.equal(secretHash);
    expect(secrets.hashOf(`${token}x`)).to.not.equal(secretHash);
  });

  it('reads no username from what is not a token', () => {
    for (const bad of ['', 'no-dot', '.secret', 'user.', 'a.b.c']) expect(usernameOfToken(bad), bad).to.equal(undefined);
  });
});
