import { DeleteTableCommand, GetItemCommand, QueryCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { expect } from 'chai';
import { keyAttributes } from '../../../adapters/dynamodb/attribute-values';
import { createDynamoDbClient } from '../../../adapters/dynamodb/dynamodb-client';
import { DynamoDbMagicLinks } from '../../../adapters/dynamodb/dynamodb-magic-links';
import { magicLinkKey } from '../../../adapters/dynamodb/table-keys';
import { StoreRejectedError } from '../../../domain';
import { startDynalite, type DynaliteHandle } from '../../support/dynalite';

const T0 = Date.parse('2026-11-23T10:00:00Z');
const ADA = { key: 'a1b2c3' };
const HASH = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

describe('adapters/dynamodb/DynamoDbMagicLinks against dynalite', () => {
  let dynamo: DynaliteHandle;
  let client: DynamoDBClient;
  let links: DynamoDbMagicLinks;

  before(async () => {
    dynamo = await startDynalite();
    client = createDynamoDbClient({ timeoutMs: 2000, maxAttempts: 1 });
    links = new DynamoDbMagicLinks(client, { tableName: dynamo.tableName });
  });
  after(async () => {
    client.destroy();
    await dynamo.stop();
  });

  const linkItem = async (account = ADA) => {
    const { Item } = await client.send(new GetItemCommand({ TableName: dynamo.tableName, Key: keyAttributes(magicLinkKey(account.key)) }));
    return Item && unmarshall(Item);
  };

  it('keeps only the hash of the link, in the account\'s partition, expiring with it (TTL in epoch seconds)', async () => {
    dynamo.resetCounts();
    await links.issue(ADA, { secretHash: HASH, validUntil: T0 + 300_000 });
    expect(Object.fromEntries(dynamo.requests)).to.deep.equal({ PutItem: 1 });
    expect(await linkItem()).to.deep.equal({ pk: 'ACCT#a1b2c3', sk: 'MAGIC_LINK', secretHash: HASH, validUntil: T0 + 300_000, expiresAt: (T0 + 300_000) / 1000 });
  });

  it('uses a link up in one conditional delete: once, and only with its hash', async () => {
    await links.issue(ADA, { secretHash: HASH, validUntil: T0 + 300_000 });
    dynamo.resetCounts();
    expect(await links.redeem(ADA, HASH, T0 + 299_999)).to.equal('redeemed');
    expect(Object.fromEntries(dynamo.requests)).to.deep.equal({ DeleteItem: 1 });
    expect(await linkItem()).to.equal(undefined);
    expect(await links.redeem(ADA, HASH, T0 + 1000)).to.equal('wrong');
  });

  it('refuses a wrong hash and leaves the link usable', async () => {
    await links.issue(ADA, { secretHash: HASH, validUntil: T0 + 300_000 });
    expect(await links.redeem(ADA, 'f'.repeat(64), T0)).to.equal('wrong');
    expect(await links.redeem({ key: 'someone-else' }, HASH, T0)).to.equal('wrong');
    expect(await links.redeem(ADA, HASH, T0)).to.equal('redeemed');
  });

  it('refuses a link at its validUntil and after, whatever TTL has not yet removed, and says so', async () => {
    await links.issue(ADA, { secretHash: HASH, validUntil: T0 + 300_000 });
    dynamo.resetCounts();
    expect(await links.redeem(ADA, HASH, T0 + 300_000)).to.equal('expired');
    // dynalite attaches no item to the failed condition: the adapter reads it to tell why (DynamoDB needs no read).
    expect(Object.fromEntries(dynamo.requests)).to.deep.equal({ DeleteItem: 1, GetItem: 1 });
    expect(await linkItem()).to.not.equal(undefined);
  });

  it('replaces the account\'s link with a newer one: the old one no longer signs in', async () => {
    await links.issue(ADA, { secretHash: HASH, validUntil: T0 + 300_000 });
    await links.issue(ADA, { secretHash: 'b'.repeat(64), validUntil: T0 + 400_000 });
    expect(await links.redeem(ADA, HASH, T0)).to.equal('wrong');
    expect(await links.redeem(ADA, 'b'.repeat(64), T0)).to.equal('redeemed');
  });

  it('lets exactly one of many concurrent answers with the same link through', async () => {
    await links.issue(ADA, { secretHash: HASH, validUntil: T0 + 300_000 });
    const results = await Promise.all(Array.from({ length: 20 }, () => links.redeem(ADA, HASH, T0)));
    expect(results.filter((result) => result === 'redeemed')).to.have.length(1);
    expect(results.filter((result) => result === 'wrong')).to.have.length(19);
  });

  it('counts link requests per fixed window in one atomic update each, concurrent ones exactly', async () => {
    const bob = { key: 'b0b' };
    dynamo.resetCounts();
    const counts = await Promise.all(Array.from({ length: 10 }, () => links.countRequest(bob, T0, 900)));
    expect([...counts].sort((a, b) => a - b)).to.deep.equal([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(Object.fromEntries(dynamo.requests)).to.deep.equal({ UpdateItem: 10 });
    // T0 is on a 15-minute boundary: the next window starts 900 s later and counts from 1.
    expect(await links.countRequest(bob, T0 + 899_999, 900)).to.equal(11);
    expect(await links.countRequest(bob, T0 + 900_000, 900)).to.equal(1);
    const { Items = [] } = await client.send(
      new QueryCommand({ TableName: dynamo.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': { S: 'ACCT#b0b' } } }),
    );
    expect(Items.map((item) => unmarshall(item))).to.deep.equal([
      { pk: 'ACCT#b0b', sk: `LINK_REQUESTS#${T0 / 1000}`, requests: 11, expiresAt: T0 / 1000 + 900 },
      { pk: 'ACCT#b0b', sk: `LINK_REQUESTS#${T0 / 1000 + 900}`, requests: 1, expiresAt: T0 / 1000 + 1800 },
    ]);
  });

  it('reports a missing table as the store refusing, naming the operation', async () => {
    const other = await startDynalite();
    const otherClient = createDynamoDbClient({ timeoutMs: 2000, maxAttempts: 1 });
    await otherClient.send(new DeleteTableCommand({ TableName: other.tableName }));
    const broken = new DynamoDbMagicLinks(otherClient, { tableName: other.tableName });
    try {
      const error = await broken.redeem(ADA, HASH, T0).catch((caught: unknown) => caught);
      expect(error).to.be.instanceOf(StoreRejectedError);
      expect((error as Error).message).to.match(/DeleteItem \(redeem magic link\)/);
    } finally {
      otherClient.destroy();
      await other.stop();
    }
  });
});
