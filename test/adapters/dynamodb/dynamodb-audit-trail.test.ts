import { QueryCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { expect } from 'chai';
import { createDynamoDbClient } from '../../../adapters/dynamodb/dynamodb-client';
import { DynamoDbAuditTrail } from '../../../adapters/dynamodb/dynamodb-audit-trail';
import { accountPartition } from '../../../adapters/dynamodb/table-keys';
import { StoreRejectedError, StoreUnavailableError } from '../../../domain';
import { nextEventId } from '../../support/event-ids';
import { startDynalite, type DynaliteHandle } from '../../support/dynalite';

const T0 = Date.parse('2026-11-23T10:00:00Z');

describe('adapters/dynamodb/DynamoDbAuditTrail against dynalite', () => {
  let dynamo: DynaliteHandle;
  let client: DynamoDBClient;
  let trail: DynamoDbAuditTrail;

  before(async () => {
    dynamo = await startDynalite();
    client = createDynamoDbClient({ timeoutMs: 2000, maxAttempts: 1 });
    trail = new DynamoDbAuditTrail(client, { tableName: dynamo.tableName, retentionDays: 90 });
  });
  after(async () => {
    client.destroy();
    await dynamo.stop();
  });

  const entriesOf = async (username: string) =>
    (
      (
        await client.send(
          new QueryCommand({
            TableName: dynamo.tableName,
            KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
            ExpressionAttributeValues: { ':pk': { S: accountPartition(username) }, ':prefix': { S: 'AUDIT#' } },
          }),
        )
      ).Items ?? []
    ).map((item) => unmarshall(item));

  it('writes one item per event, in time order, expiring after the retention period', async () => {
    dynamo.resetCounts();
    await trail.record({ id: nextEventId(), account: { key: 'jane' }, outcome: 'attempt', at: T0, accountExists: true });
    await trail.record({ id: nextEventId(), account: { key: 'jane' }, outcome: 'success', at: T0 + 1500, accountExists: true });
    expect(Object.fromEntries(dynamo.requests)).to.deep.equal({ PutItem: 2 });
    const entries = await entriesOf('jane');
    expect(entries.map((e) => [e.outcome, e.at, e.accountExists, e.expiresAt])).to.deep.equal([
      ['attempt', T0, true, T0 / 1000 + 90 * 86_400],
      ['success', T0 + 1500, true, Math.ceil((T0 + 1500) / 1000) + 90 * 86_400],
    ]);
    expect(entries[0]?.sk).to.match(/^AUDIT#2026-11-23T10:00:00\.000Z#event-\d+$/);
  });

  it('keeps two events of the same millisecond apart', async () => {
    await Promise.all([
      trail.record({ id: nextEventId(), account: { key: 'twice' }, outcome: 'attempt', at: T0, accountExists: false }),
      trail.record({ id: nextEventId(), account: { key: 'twice' }, outcome: 'attempt', at: T0, accountExists: false }),
    ]);
    expect(await entriesOf('twice')).to.have.length(2);
  });

  it('writes an event again over its entry; a provisional write never replaces the final one', async () => {
    const id = nextEventId();
    const event = { id, account: { key: 'amended' }, at: T0, accountExists: true } as const;
    await trail.record({ ...event, outcome: 'attempt' }, { provisional: true });
    await trail.record({ ...event, outcome: 'lockout' });
    // A provisional write that reaches DynamoDB after the final one (a slow first request) changes nothing.
    await trail.record({ ...event, outcome: 'attempt' }, { provisional: true });
    expect((await entriesOf('amended')).map((e) => e.outcome)).to.deep.equal(['lockout']);
  });

  it('fails with StoreRejectedError, not StoreUnavailableError, when the table does not exist', async () => {
    const missing = new DynamoDbAuditTrail(client, { tableName: 'no-such-table', retentionDays: 1 });
    const error = await missing
      .record({ id: nextEventId(), account: { key: 'x' }, outcome: 'attempt', at: T0, accountExists: true })
      .catch((e: unknown) => e);
    expect(error).to.be.instanceOf(StoreRejectedError);
    expect((error as Error).message).to.equal('DynamoDB PutItem (audit) failed (ResourceNotFoundException)');
  });

  it('fails with StoreUnavailableError when the table is unreachable', async () => {
    const previous = process.env.AWS_ENDPOINT_URL_DYNAMODB;
    process.env.AWS_ENDPOINT_URL_DYNAMODB = 'http://127.0.0.1:9';
    const offline = createDynamoDbClient({ timeoutMs: 300, maxAttempts: 1 });
    const error = await new DynamoDbAuditTrail(offline, { tableName: dynamo.tableName, retentionDays: 1 })
      .record({ id: nextEventId(), account: { key: 'x' }, outcome: 'attempt', at: T0, accountExists: true })
      .catch((e: unknown) => e);
    offline.destroy();
    process.env.AWS_ENDPOINT_URL_DYNAMODB = previous;
    expect(error).to.be.instanceOf(StoreUnavailableError);
    expect((error as Error).cause).to.be.instanceOf(Error);
  });
});
