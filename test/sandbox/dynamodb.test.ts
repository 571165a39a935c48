import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandboxDynamo } from '../../sandbox/services/dynamodb';

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

  it('says which port is taken', async () => {
    const first = await startSandboxDynamo({ tableName: 't-one', port: 0 });
    const port = Number(new URL(first.endpoint).port);
    const error = await startSandboxDynamo({ tableName: 't-two', port }).catch((e: unknown) => e);
    await first.stop();
    expect((error as NodeJS.ErrnoException).code).to.equal('EADDRINUSE');
  });
});
