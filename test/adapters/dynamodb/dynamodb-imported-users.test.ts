import { PutItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { expect } from 'chai';
import { HmacAccountKeys, accountKey } from '../../../adapters/crypto/hmac-account-keys';
import { createDynamoDbClient } from '../../../adapters/dynamodb/dynamodb-client';
import { DynamoDbImportedUsers } from '../../../adapters/dynamodb/dynamodb-imported-users';
import { importedUserKey } from '../../../adapters/dynamodb/table-keys';
import { LegacyDirectoryRejectedError, LegacyDirectoryUnavailableError, StoreUnavailableError } from '../../../domain';
import { readExport, writeUsers } from '../../../scripts/import-users';
import { startDynalite, type DynaliteHandle } from '../../support/dynalite';
import { VECTORS } from '../../support/imported-hashes';

const SECRET = 'an-account-key-secret-of-at-least-32-characters';
const PASSWORD = 'correct horse battery staple';

describe('adapters/dynamodb/DynamoDbImportedUsers against dynalite, filled by the import command', () => {
  let dynamo: DynaliteHandle;
  let client: DynamoDBClient;
  let users: DynamoDbImportedUsers;

  before(async () => {
    dynamo = await startDynalite();
    client = createDynamoDbClient({ timeoutMs: 4000, maxAttempts: 1 });
    users = new DynamoDbImportedUsers(client, new HmacAccountKeys(async () => SECRET), { tableName: dynamo.tableName });
    const lines = [
      { username: 'Alice@Example.com', passwordHash: VECTORS.djangoPbkdf2Sha256, email: 'alice@example.com', emailVerified: true, attributes: { first_name: 'Alice' } },
      { username: 'bob@example.com', passwordHash: VECTORS.scrypt },
    ];
    const { users: imported, problems } = readExport(lines.map((line) => JSON.stringify(line)).join('\n'), SECRET);
    expect(problems).to.deep.equal([]);
    await writeUsers(client, dynamo.tableName, imported);
  });
  after(async () => {
    client.destroy();
    await dynamo.stop();
  });

  it('authenticates an imported user by the hash the old system kept, under the account key, whatever the case typed', async () => {
    expect(await users.authenticate('alice@EXAMPLE.com', PASSWORD)).to.deep.equal({
      outcome: 'authenticated',
      user: { email: 'alice@example.com', emailVerified: true, attributes: { first_name: 'Alice' } },
    });
    expect(await users.authenticate('bob@example.com', PASSWORD)).to.deep.equal({ outcome: 'authenticated', user: { emailVerified: false, attributes: {} } });
  });

  it('rejects a wrong password, knows no one else, and looks users up for ForgotPassword', async () => {
    expect(await users.authenticate('alice@example.com', 'not it')).to.deep.equal({ outcome: 'rejected' });
    expect(await users.authenticate('carol@example.com', PASSWORD)).to.deep.equal({ outcome: 'unknown' });
    expect((await users.lookUp('bob@example.com')).outcome).to.equal('found');
    expect(await users.lookUp('carol@example.com')).to.deep.equal({ outcome: 'unknown' });
  });

  it('refuses a hash it cannot use, written by something else than the import', async () => {
    await client.send(new PutItemCommand({ TableName: dynamo.tableName, Item: marshall({ ...importedUserKey(accountKey(SECRET, 'dave@example.com')), passwordHash: '$2b$12$abc' }) }));
    expect(await users.authenticate('dave@example.com', PASSWORD).catch((e: unknown) => e)).to.be.instanceOf(LegacyDirectoryRejectedError);
  });

  it('reports a table it cannot read as a refusal, and key material not had in time as an outage', async () => {
    const missing = new DynamoDbImportedUsers(client, new HmacAccountKeys(async () => SECRET), { tableName: 'no-such-table' });
    expect(await missing.lookUp('alice@example.com').catch((e: unknown) => e)).to.be.instanceOf(LegacyDirectoryRejectedError);
    const slow = new DynamoDbImportedUsers(client, { refFor: () => Promise.reject(new StoreUnavailableError('SSM timeout')) }, { tableName: dynamo.tableName });
    expect(await slow.lookUp('alice@example.com').catch((e: unknown) => e)).to.be.instanceOf(LegacyDirectoryUnavailableError);
  });
});
