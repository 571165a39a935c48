import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { PlainAccountKeys } from '../support/fakes/plain-account-keys';
import { HmacAccountKeys } from '../../adapters/crypto/hmac-account-keys';
import { accountPartition } from '../../adapters/dynamodb/table-keys';

const root = join(__dirname, '..', '..');
const SECRET = 'b3BlcmF0b3ItdGVzdC1zZWNyZXQtdGhhdC1pcy1sb25nLWVub3VnaA';

const run = (args: string[], secret?: string) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'scripts/account-key.ts', ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, GATEHOUSE_ACCOUNT_KEY_SECRET: secret ?? '' },
  });

describe('scripts/account-key: an operator finds an account’s items', () => {
  it('prints the partition key the functions use, from the username as typed', async () => {
    const result = run(['  Jane.Doe@Example.COM '], SECRET);
    expect(result.status, result.stderr).to.equal(0);
    const { key } = await new HmacAccountKeys(async () => SECRET).refFor('jane.doe@example.com');
    expect(result.stdout.trim()).to.equal(accountPartition(key));
    expect(key).to.not.equal((await new PlainAccountKeys().refFor('jane.doe@example.com')).key);
  });

  it('explains itself without the secret or the username', () => {
    expect(run(['jane'])).to.include({ status: 2 });
    expect(run([], SECRET).stderr).to.contain('usage: GATEHOUSE_ACCOUNT_KEY_SECRET=');
  });
});
