import { CreateTableCommand, PutItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import sinon from 'sinon';
import { expect } from 'chai';
import { DynamoDbAccountAdministration } from '../../../adapters/dynamodb/dynamodb-account-administration';
import { DynamoDbAccountStore } from '../../../adapters/dynamodb/dynamodb-account-store';
import { DynamoDbAttemptLedger } from '../../../adapters/dynamodb/dynamodb-attempt-ledger';
import { DynamoDbAuditTrail } from '../../../adapters/dynamodb/dynamodb-audit-trail';
import { createDynamoDbClient } from '../../../adapters/dynamodb/dynamodb-client';
import { StoreRejectedError, StoreUnavailableError, UnauditedUnlockError } from '../../../domain';
import { createTableInput } from '../../../infra/table-schema';
import { nextEventId } from '../../support/event-ids';
import { startDynalite, type DynaliteHandle } from '../../support/dynalite';

const T0 = Date.parse('2026-11-23T10:00:00Z');
const LOCK = { lockedUntil: T0 + 300_000, level: 1, forceReset: false };

describe('adapters/dynamodb/DynamoDbAccountAdministration against dynalite', () => {
  let dynamo: DynaliteHandle;
  let client: DynamoDBClient;
  let administration: DynamoDbAccountAdministration;
  let ledger: DynamoDbAttemptLedger;
  let trail: DynamoDbAuditTrail;
  let store: DynamoDbAccountStore;

  before(async () => {
    dynamo = await startDynalite();
    client = createDynamoDbClient({ timeoutMs: 2000, maxAttempts: 1 });
    administration = new DynamoDbAccountAdministration(client, { tableName: dynamo.tableName, auditRetentionDays: 90 });
    ledger = new DynamoDbAttemptLedger(client, { tableName: dynamo.tableName, retentionSeconds: 86_400 });
    trail = new DynamoDbAuditTrail(client, { tableName: dynamo.tableName, retentionDays: 90 });
    store = new DynamoDbAccountStore(client, { tableName: dynamo.tableName });
  });
  after(async () => {
    client.destroy();
    await dynamo.stop();
  });

  /** An account locked the way the triggers lock it: counted attempts, then a lock. */
  async function lockOut(key: string): Promise<void> {
    for (let attempt = 0; attempt < 5; attempt += 1) await ledger.countAttempt({ key }, T0 + attempt, 900);
    expect(await ledger.engageLock({ key }, LOCK, T0 + 5)).to.equal(true);
  }

  it('reads what the triggers keep for an account — record, protection state, audit trail newest first — in two queries', async () => {
    await store.recordConfirmation({ account: { key: 'ada' }, username: 'ada', sub: 's-1', email: 'ada@example.com', at: T0 - 10_000 });
    await store.recordSignIn({ account: { key: 'ada' }, username: 'ada', at: T0 - 5_000 });
    await lockOut('ada');
    await trail.record({ id: 'e1', account: { key: 'ada' }, outcome: 'attempt', at: T0, accountExists: true });
    await trail.record({ id: 'e2', account: { key: 'ada' }, outcome: 'lockout', at: T0 + 5, accountExists: true });
    dynamo.resetCounts();
    const snapshot = await administration.read({ key: 'ada' });
    expect(Object.fromEntries(dynamo.requests)).to.deep.equal({ Query: 2 });
    expect(snapshot.record).to.deep.include({ username: 'ada', sub: 's-1', email: 'ada@example.com', status: 'CONFIRMED', signInCount: 1, lastSignInAt: T0 - 5_000 });
    expect(snapshot.protection).to.deep.include({ lockedUntil: LOCK.lockedUntil, lockouts: 1, resetRequired: false });
    expect(snapshot.audit.map((entry) => [entry.id, entry.outcome, entry.at])).to.deep.equal([
      ['e2', 'lockout', T0 + 5],
      ['e1', 'attempt', T0],
    ]);
  });

  it('reads nothing but an empty trail for a key nothing was kept under', async () => {
    expect(await administration.read({ key: 'nobody' })).to.deep.equal({ audit: [] });
  });

  it('limits the trail to the newest entries since a time, across pages', async () => {
    for (let index = 0; index < 12; index += 1) {
      await trail.record({ id: `p${index}`, account: { key: 'busy' }, outcome: 'attempt', at: T0 + index * 1000, accountExists: false });
    }
    const newest = await administration.read({ key: 'busy' }, { auditLimit: 3 });
    expect(newest.audit.map((entry) => entry.id)).to.deep.equal(['p11', 'p10', 'p9']);
    expect(newest.audit[0]?.accountExists).to.equal(false);
    const since = await administration.read({ key: 'busy' }, { auditSince: T0 + 8000 });
    expect(since.audit.map((entry) => entry.id)).to.deep.equal(['p11', 'p10', 'p9', 'p8']);
    expect((await administration.read({ key: 'busy' }, { auditLimit: 0 })).audit).to.deep.equal([]);
  });

  it("reads the reminder workflow's entries, which carry their time only in the sort key", async () => {
    await client.send(
      new PutItemCommand({
        TableName: dynamo.tableName,
        Item: { pk: { S: 'ACCT#gone' }, sk: { S: 'AUDIT#2026-11-30T10:00:00.123Z#exec-1' }, outcome: { S: 'deleted-unconfirmed' }, expiresAt: { N: '1' } },
      }),
    );
    const { audit } = await administration.read({ key: 'gone' });
    expect(audit).to.deep.equal([{ id: 'exec-1', outcome: 'deleted-unconfirmed', at: Date.parse('2026-11-30T10:00:00.123Z'), accountExists: true }]);
  });

  it('unlocks: the state it cleared is returned, the next attempt counts from zero, and the trail names the operator', async () => {
    await lockOut('bob');
    const id = nextEventId();
    const cleared = await administration.unlock({ key: 'bob' }, { id, at: T0 + 10, operator: 'arn:aws:iam::000000000000:user/support' });
    expect(cleared).to.deep.include({ lockedUntil: LOCK.lockedUntil, lockouts: 1 });
    const counted = await ledger.countAttempt({ key: 'bob' }, T0 + 20, 900);
    expect(counted).to.deep.include({ outcome: 'counted' });
    expect((counted as { state: { attemptsInWindow: number; lockouts: number } }).state).to.deep.include({ attemptsInWindow: 1, lockouts: 0 });
    const { audit } = await administration.read({ key: 'bob' });
    expect(audit).to.deep.equal([{ id, outcome: 'unlocked', at: T0 + 10, accountExists: true, operator: 'arn:aws:iam::000000000000:user/support' }]);
  });

  it('reports an unlock whose audit entry failed as done but unaudited, never as a failure that wrote nothing', async () => {
    await lockOut('cat');
    const send = sinon.stub(client, 'send').callsFake(function (this: DynamoDBClient, command: unknown) {
      if (command instanceof PutItemCommand) return Promise.reject(Object.assign(new Error('denied'), { name: 'AccessDeniedException' }));
      return (send.wrappedMethod as (command: unknown) => Promise<unknown>).call(this, command);
    } as typeof client.send);
    try {
      const error = (await administration.unlock({ key: 'cat' }, { id: nextEventId(), at: T0 + 10, operator: 'support' }).catch((e: unknown) => e)) as Error;
      expect(error).to.be.instanceOf(UnauditedUnlockError);
      expect(error.message).to.equal('the account was unlocked, but DynamoDB PutItem (audit of the unlock) failed (AccessDeniedException)');
    } finally {
      send.restore();
    }
    expect((await administration.read({ key: 'cat' })).protection).to.equal(undefined);
  });

  it('writes nothing when there is nothing to unlock', async () => {
    dynamo.resetCounts();
    expect(await administration.unlock({ key: 'calm' }, { id: nextEventId(), at: T0, operator: 'support' })).to.equal(undefined);
    expect(Object.fromEntries(dynamo.requests)).to.deep.equal({ DeleteItem: 1 });
    expect(await administration.read({ key: 'calm' })).to.deep.equal({ audit: [] });
  });

  describe('recent lockouts, across accounts, through the sparse index', () => {
    const DAY = 86_400_000;
    const lockAt = async (key: string, at: number, level = 1) => {
      for (let attempt = 0; attempt < 5; attempt += 1) await ledger.countAttempt({ key }, at - 10 + attempt, 900);
      expect(await ledger.engageLock({ key }, { lockedUntil: at + 300_000 * level, level, forceReset: level > 1 }, at)).to.equal(true);
    };
    const NOW = T0 + 30 * DAY;

    before(async () => {
      await store.recordSignIn({ account: { key: 'named' }, username: 'sub-of-named', email: 'named@example.com', at: NOW - 5 * DAY });
      await lockAt('named', NOW - 2 * 3_600_000);
      await lockAt('yesterday', NOW - DAY + 60_000, 2);
      await lockAt('last-week', NOW - 7 * DAY);
      // Attempts that never locked leave the index alone.
      await ledger.countAttempt({ key: 'counted-only' }, NOW - 1000, 900);
    });

    it('lists the locks of a period newest first, each account once, named by its record where one is kept', async () => {
      dynamo.resetCounts();
      const lockouts = await administration.recentLockouts({ since: NOW - 2 * DAY, until: NOW, limit: 100 });
      expect(lockouts.map((lockout) => lockout.account.key)).to.deep.equal(['named', 'yesterday']);
      expect(lockouts[0]).to.deep.equal({
        account: { key: 'named' },
        lockedAt: NOW - 2 * 3_600_000,
        lockedUntil: NOW - 2 * 3_600_000 + 300_000,
        level: 1,
        resetRequired: false,
        record: { username: 'sub-of-named', email: 'named@example.com', lastSignInAt: NOW - 5 * DAY, signInCount: 1 },
      });
      expect(lockouts[1]).to.deep.include({ level: 2, resetRequired: true, lockedAt: NOW - DAY + 60_000 });
      expect(lockouts[1]).to.not.have.property('record');
      // One query per UTC day the period touches (three), then the records in one batch.
      expect(Object.fromEntries(dynamo.requests)).to.deep.equal({ Query: 3, BatchGetItem: 1 });
    });

    it('stops at the limit and reads no older day than it needs', async () => {
      dynamo.resetCounts();
      const lockouts = await administration.recentLockouts({ since: NOW - 10 * DAY, until: NOW, limit: 1 });
      expect(lockouts.map((lockout) => lockout.account.key)).to.deep.equal(['named']);
      expect(dynamo.requests.get('Query')).to.equal(1);
      expect((await administration.recentLockouts({ since: NOW - 10 * DAY, until: NOW, limit: 10 })).map((l) => l.account.key)).to.deep.equal(['named', 'yesterday', 'last-week']);
    });

    it('drops an account from the list when an unlock clears its state', async () => {
      await lockAt('unlocked-soon', NOW - 60_000);
      expect((await administration.recentLockouts({ since: NOW - DAY, until: NOW, limit: 10 })).map((l) => l.account.key)).to.include('unlocked-soon');
      await administration.unlock({ key: 'unlocked-soon' }, { id: nextEventId(), at: NOW, operator: 'support' });
      expect((await administration.recentLockouts({ since: NOW - DAY, until: NOW, limit: 10 })).map((l) => l.account.key)).to.not.include('unlocked-soon');
    });

    it('says the table lacks the index when it was made before it', async () => {
      const { GlobalSecondaryIndexes: _index, ...withoutIndex } = createTableInput(`${dynamo.tableName}-old`);
      await client.send(new CreateTableCommand({ ...withoutIndex, AttributeDefinitions: withoutIndex.AttributeDefinitions.slice(0, 2) }));
      const old = new DynamoDbAccountAdministration(client, { tableName: `${dynamo.tableName}-old`, auditRetentionDays: 1 });
      const error = (await old.recentLockouts({ since: NOW - DAY, until: NOW, limit: 10 }).catch((e: unknown) => e)) as Error;
      expect(error).to.be.instanceOf(StoreRejectedError);
      expect(error.message).to.contain('the table has no recent-lockouts index');
    });
  });

  it('fails with StoreRejectedError for a missing table and StoreUnavailableError for an unreachable one', async () => {
    const missing = new DynamoDbAccountAdministration(client, { tableName: 'no-such-table', auditRetentionDays: 1 });
    expect(await missing.read({ key: 'x' }).catch((e: unknown) => e)).to.be.instanceOf(StoreRejectedError);
    expect(await missing.unlock({ key: 'x' }, { id: 'u', at: T0, operator: 'o' }).catch((e: unknown) => e)).to.be.instanceOf(StoreRejectedError);
    const previous = process.env.AWS_ENDPOINT_URL_DYNAMODB;
    process.env.AWS_ENDPOINT_URL_DYNAMODB = 'http://127.0.0.1:9';
    const offline = createDynamoDbClient({ timeoutMs: 300, maxAttempts: 1 });
    const error = await new DynamoDbAccountAdministration(offline, { tableName: dynamo.tableName, auditRetentionDays: 1 })
      .read({ key: 'x' })
      .catch((e: unknown) => e);
    offline.destroy();
    process.env.AWS_ENDPOINT_URL_DYNAMODB = previous;
    expect(error).to.be.instanceOf(StoreUnavailableError);
  });
});
