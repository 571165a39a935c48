import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { expect } from 'chai';
import { createDynamoDbClient } from '../../../adapters/dynamodb/dynamodb-client';
import { DynamoDbAttemptLedger } from '../../../adapters/dynamodb/dynamodb-attempt-ledger';
import { DynamoDbLockReader } from '../../../adapters/dynamodb/dynamodb-lock-reader';
import { StoreRejectedError } from '../../../domain';
import { startDynalite, type DynaliteHandle } from '../../support/dynalite';

const T0 = Date.parse('2026-11-23T10:00:00Z');

describe('adapters/dynamodb/DynamoDbLockReader against dynalite', () => {
  let dynamo: DynaliteHandle;
  let client: DynamoDBClient;
  let ledger: DynamoDbAttemptLedger;
  let reader: DynamoDbLockReader;

  before(async () => {
    dynamo = await startDynalite();
    client = createDynamoDbClient({ timeoutMs: 4000, maxAttempts: 1 });
    ledger = new DynamoDbAttemptLedger(client, { tableName: dynamo.tableName, retentionSeconds: 90_000 });
    reader = new DynamoDbLockReader(client, { tableName: dynamo.tableName });
  });
  after(async () => {
    client.destroy();
    await dynamo.stop();
  });

  it('reads the lock the ledger engaged, until it ends, with one read and no write', async () => {
    const account = { key: 'locked-account' };
    await ledger.countAttempt(account, T0, 900);
    expect(await reader.isLocked(account, T0)).to.equal(false);
    expect(await ledger.engageLock(account, { lockedUntil: T0 + 300_000, level: 1, forceReset: false }, T0)).to.equal(true);
    dynamo.resetCounts();
    expect(await reader.isLocked(account, T0 + 1)).to.equal(true);
    expect(await reader.isLocked(account, T0 + 300_000)).to.equal(false);
    expect(Object.fromEntries(dynamo.requests)).to.deep.equal({ GetItem: 2 });
    expect((await ledger.countAttempt(account, T0 + 1, 900)).outcome).to.equal('refused-locked');
  });

  it('knows no lock for an account never counted', async () => {
    expect(await reader.isLocked({ key: 'never-seen' }, T0)).to.equal(false);
  });

  it('turns a missing table into StoreRejectedError', async () => {
    const error = await new DynamoDbLockReader(client, { tableName: 'no-such-table' }).isLocked({ key: 'x' }, T0).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(StoreRejectedError);
  });
});
