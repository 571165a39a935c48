import { GetItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { expect } from 'chai';
import { keyAttributes } from '../../../adapters/dynamodb/attribute-values';
import { createDynamoDbClient } from '../../../adapters/dynamodb/dynamodb-client';
import { DynamoDbAccountStore } from '../../../adapters/dynamodb/dynamodb-account-store';
import { accountKey } from '../../../adapters/dynamodb/table-keys';
import { StoreUnavailableError } from '../../../domain';
import { startDynalite, type DynaliteHandle } from '../../support/dynalite';

const T0 = Date.parse('2026-11-23T10:00:00Z');

describe('adapters/dynamodb/DynamoDbAccountStore against dynalite', () => {
  let dynamo: DynaliteHandle;
  let client: DynamoDBClient;
  let store: DynamoDbAccountStore;

  before(async () => {
    dynamo = await startDynalite();
    client = createDynamoDbClient({ timeoutMs: 2000, maxAttempts: 1 });
    store = new DynamoDbAccountStore(client, { tableName: dynamo.tableName });
  });
  after(async () => {
    client.destroy();
    await dynamo.stop();
  });

  const recordOf = async (username: string) => {
    const { Item } = await client.send(new GetItemCommand({ TableName: dynamo.tableName, Key: keyAttributes(accountKey(username)) }));
    return Item && unmarshall(Item);
  };

  it('creates the record on the first sign-in and counts later ones, in one request each', async () => {
    dynamo.resetCounts();
    await store.recordSignIn({ account: { key: 'jane' }, username: 'jane', sub: 'sub-1', email: 'jane@example.com', at: T0 });
    await store.recordSignIn({ account: { key: 'jane' }, username: 'jane', at: T0 + 60_000 });
    expect(Object.fromEntries(dynamo.requests)).to.deep.equal({ UpdateItem: 2 });
    expect(await recordOf('jane')).to.deep.equal({
      ...accountKey('jane'),
      username: 'jane',
      sub: 'sub-1',
      email: 'jane@example.com',
      firstSeenAt: T0,
      lastSignInAt: T0 + 60_000,
      signInCount: 2,
    });
  });

  it('counts concurrent sign-ins exactly', async () => {
    await Promise.all(Array.from({ length: 50 }, (_, i) => store.recordSignIn({ account: { key: 'busy' }, username: 'busy', at: T0 + i })));
    expect(await recordOf('busy')).to.include({ signInCount: 50 });
  });

  it('keeps no TTL on account records', async () => {
    await store.recordSignIn({ account: { key: 'kept' }, username: 'kept', at: T0 });
    expect(await recordOf('kept')).to.not.have.property('expiresAt');
  });

  describe('recordConfirmation', () => {
    const confirmation = { account: { key: 'new' }, username: 'Newcomer', sub: 'sub-9', email: 'new@example.com', at: T0 };

    it('creates the record of a confirmed sign-up in one request', async () => {
      dynamo.resetCounts();
      expect(await store.recordConfirmation(confirmation)).to.equal('created');
      expect(Object.fromEntries(dynamo.requests)).to.deep.equal({ UpdateItem: 1 });
      expect(await recordOf('new')).to.deep.equal({
        ...accountKey('new'),
        username: 'Newcomer',
        sub: 'sub-9',
        email: 'new@example.com',
        status: 'CONFIRMED',
        createdAt: T0,
        confirmedAt: T0,
      });
    });

    it('neither duplicates nor overwrites it when the event comes again', async () => {
      expect(await store.recordConfirmation({ ...confirmation, username: 'changed', email: 'changed@example.com', at: T0 + 5000 })).to.equal(
        'existing',
      );
      expect(await recordOf('new')).to.include({ username: 'Newcomer', email: 'new@example.com', confirmedAt: T0, createdAt: T0 });
    });

    it('merges into what sign-in protection already keeps for the account, in either order', async () => {
      await store.recordSignIn({ account: { key: 'early' }, username: 'early', at: T0 });
      expect(await store.recordConfirmation({ ...confirmation, account: { key: 'early' }, username: 'early', at: T0 + 1 })).to.equal('created');
      await store.recordSignIn({ account: { key: 'early' }, username: 'early', at: T0 + 2 });
      expect(await recordOf('early')).to.deep.include({
        username: 'early',
        signInCount: 2,
        firstSeenAt: T0,
        lastSignInAt: T0 + 2,
        status: 'CONFIRMED',
        confirmedAt: T0 + 1,
        sub: 'sub-9',
      });
    });

    it('records one confirmation when three deliveries race', async () => {
      const answers = await Promise.all(
        [0, 1, 2].map((i) => store.recordConfirmation({ ...confirmation, account: { key: 'raced' }, at: T0 + i })),
      );
      expect(answers.filter((answer) => answer === 'created')).to.have.length(1);
    });
  });

  it('fails with StoreUnavailableError when the table is unreachable', async () => {
    const previous = process.env.AWS_ENDPOINT_URL_DYNAMODB;
    process.env.AWS_ENDPOINT_URL_DYNAMODB = 'http://127.0.0.1:9';
    const offline = createDynamoDbClient({ timeoutMs: 300, maxAttempts: 1 });
    const error = await new DynamoDbAccountStore(offline, { tableName: dynamo.tableName })
      .recordSignIn({ account: { key: 'x' }, username: 'x', at: T0 })
      .catch((e: unknown) => e);
    offline.destroy();
    process.env.AWS_ENDPOINT_URL_DYNAMODB = previous;
    expect(error).to.be.instanceOf(StoreUnavailableError);
    expect((error as Error).message).to.match(/^DynamoDB UpdateItem \(record sign-in\) failed \(\w+\)$/);
    expect((error as Error).cause).to.be.instanceOf(Error);
  });
});
