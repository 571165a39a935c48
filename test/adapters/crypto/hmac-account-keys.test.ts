import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { accountKey, HmacAccountKeys } from '../../../adapters/crypto/hmac-account-keys';
import { StoreRejectedError, StoreUnavailableError } from '../../../domain';

const SECRET = 'c3RhY2stc2VjcmV0LWZvci10aGUtYWNjb3VudC1rZXlzLXRlc3Q';

describe('adapters/crypto/HmacAccountKeys', () => {
  it('derives the key an operator gets with the documented openssl command', async () => {
    const username = 'jane.doe@example.com';
    const openssl = spawnSync('sh', ['-c', `printf '%s' "$USERNAME" | openssl dgst -sha256 -hmac "$SECRET"`], {
      encoding: 'utf8',
      env: { ...process.env, USERNAME: username, SECRET },
    });
    expect(openssl.status, openssl.stderr).to.equal(0);
    const expected = /([0-9a-f]{64})\s*$/.exec(openssl.stdout)?.[1];
    expect(await new HmacAccountKeys(async () => SECRET).refFor(username)).to.deep.equal({ key: expected });
  });

  it('gives one key per username and stack, and never the username itself', async () => {
    const keys = new HmacAccountKeys(async () => SECRET);
    const other = new HmacAccountKeys(async () => `${SECRET}-other-stack`);
    const jane = await keys.refFor('jane');
    expect(await keys.refFor('jane')).to.deep.equal(jane);
    expect((await keys.refFor('john')).key).to.not.equal(jane.key);
    expect((await other.refFor('jane')).key).to.not.equal(jane.key);
    expect(jane.key).to.match(/^[0-9a-f]{64}$/);
    expect(accountKey(SECRET, 'jane')).to.equal(jane.key);
  });

  it('refuses a secret too short to be one generated for the purpose', async () => {
    const error = await new HmacAccountKeys(async () => 'short').refFor('jane').catch((e: unknown) => e);
    expect(error).to.be.instanceOf(StoreRejectedError);
  });

  it('lets the secret source say why it has no secret', async () => {
    const unavailable = new StoreUnavailableError('SSM GetParameter timed out');
    const error = await new HmacAccountKeys(async () => Promise.reject(unavailable)).refFor('jane').catch((e: unknown) => e);
    expect(error).to.equal(unavailable);
  });
});
