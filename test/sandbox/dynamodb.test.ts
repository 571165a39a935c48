import { CreateTableCommand, DescribeTableCommand, DynamoDBClient, GetItemCommand, PutItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTableInput } from '../../infra/table-schema';
import { startSandboxDynamo, untilActive } from '../../sandbox/services/dynamodb';

describe('sandbox/services/dynamodb: dynalite with its data in a folder', () => {
  const folder = mkdtempSync(join(tmpdir(), 'gatehouse-sandbox-dynamo-'));
  after(() => rmSync(folder, { recursive: true, force: true }));

  const client = (endpoint: string) =>
    new DynamoDBClient({ endpoint, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });

  it('keeps the table and its items across a restart', async () => {
    const first = await startSandboxDynamo({ tableName: 'gatehouse-local', port: 0, dataDirectory: folder });
    const writer = client(first.endpoint);
    await writer.send(new PutItemCommand({ TableName: 'gatehouse-local', Item: { pk: { S: 'ACCT#k' }, sk: { S: 'ACCOUNT' }, n: { N: '1' } } }));
    writer.destroy();
    await first.stop();

    const second = await startSandboxDynamo({ tableName: 'gatehouse-local', port: 0, dataDirectory: folder });
    const reader = client(second.endpoint);
    const { Item } = await reader.send(new GetItemCommand({ TableName: 'gatehouse-local', Key: { pk: { S: 'ACCT#k' }, sk: { S: 'ACCOUNT' } } }));
    reader.destroy();
    await second.stop();
    expect(Item?.['n']).to.deep.equal({ N: '1' });
  });

  it('makes a table kept from before the recent-lockouts index again with it, keeping every item', async () => {
    const old = mkdtempSync(join(tmpdir(), 'gatehouse-sandbox-dynamo-old-'));
    try {
      // A data folder as a sandbox without the index left it: the table, a lock and an account record.
      const first = await startSandboxDynamo({ tableName: 'gatehouse-old', port: 0, dataDirectory: old });
      const writer = client(first.endpoint);
      const { TableName: _table, ...schema } = createTableInput('gatehouse-old');
      await writer.send(new CreateTableCommand({ TableName: 'gatehouse-older', BillingMode: schema.BillingMode, KeySchema: schema.KeySchema, AttributeDefinitions: schema.AttributeDefinitions.slice(0, 2) }));
      await untilActive(writer, 'gatehouse-older');
      const items = Array.from({ length: 30 }, (_, index) => ({ pk: { S: `ACCT#k${index}` }, sk: { S: 'ATTEMPTS' }, lastLockedAt: { N: String(1_000 + index) }, lockoutDay: { S: 'LOCKOUTS#1970-01-01' } }));
      for (const Item of items) await writer.send(new PutItemCommand({ TableName: 'gatehouse-older', Item }));
      writer.destroy();
      await first.stop();

      const second = await startSandboxDynamo({ tableName: 'gatehouse-older', port: 0, dataDirectory: old });
      const reader = client(second.endpoint);
      const { Table } = await reader.send(new DescribeTableCommand({ TableName: 'gatehouse-older' }));
      const listed = await reader.send(new QueryCommand({
        TableName: 'gatehouse-older',
        IndexName: 'recent-lockouts',
        KeyConditionExpression: 'lockoutDay = :day',
        ExpressionAttributeValues: { ':day': { S: 'LOCKOUTS#1970-01-01' } },
      }));
      const { Item } = await reader.send(new GetItemCommand({ TableName: 'gatehouse-older', Key: { pk: { S: 'ACCT#k29' }, sk: { S: 'ATTEMPTS' } } }));
      reader.destroy();
      await second.stop();
      expect(Table?.GlobalSecondaryIndexes?.map((index) => index.IndexName)).to.deep.equal(['recent-lockouts']);
      expect(listed.Count).to.equal(30);
      expect(Item).to.deep.equal(items[29]);
    } finally {
      rmSync(old, { recursive: true, force: true });
    }
  });

  it('says which port is taken', async () => {
    const first = await startSandboxDynamo({ tableName: 't-one', port: 0 });
    const port = Number(new URL(first.endpoint).port);
    const error = await startSandboxDynamo({ tableName: 't-two', port }).catch((e: unknown) => e);
    await first.stop();
    expect((error as NodeJS.ErrnoException).code).to.equal('EADDRINUSE');
  });
});
