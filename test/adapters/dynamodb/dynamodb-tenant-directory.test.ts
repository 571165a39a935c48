import { PutItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { expect } from 'chai';
import { keyAttributes } from '../../../adapters/dynamodb/attribute-values';
import { createDynamoDbClient } from '../../../adapters/dynamodb/dynamodb-client';
import { DynamoDbAccountStore } from '../../../adapters/dynamodb/dynamodb-account-store';
import { DynamoDbTenantDirectory } from '../../../adapters/dynamodb/dynamodb-tenant-directory';
import { accountKey } from '../../../adapters/dynamodb/table-keys';
import { StoreRejectedError, StoreUnavailableError } from '../../../domain';
import { startDynalite, type DynaliteHandle } from '../../support/dynalite';

describe('adapters/dynamodb/DynamoDbTenantDirectory against dynalite', () => {
  let dynamo: DynaliteHandle;
  let client: DynamoDBClient;
  let tenants: DynamoDbTenantDirectory;

  before(async () => {
    dynamo = await startDynalite();
    client = createDynamoDbClient({ timeoutMs: 2000, maxAttempts: 1 });
    tenants = new DynamoDbTenantDirectory(client, { tableName: dynamo.tableName });
  });
  after(async () => {
    client.destroy();
    await dynamo.stop();
  });

  it('reads the tenant an operator set on the record the triggers keep, with one GetItem', async () => {
    // The record as PostConfirmation writes it, then the tenant an operator assigns.
    await new DynamoDbAccountStore(client, { tableName: dynamo.tableName }).recordConfirmation({ account: { key: 'jane' }, username: 'jane', sub: 'sub-1', email: 'jane@example.com', at: 1 });
    await client.send(
      new PutItemCommand({
        TableName: dynamo.tableName,
        Item: { ...keyAttributes(accountKey('ada')), username: { S: 'ada' }, tenant: { S: 'acme' }, email: { S: 'ada@example.com' } },
      }),
    );
    dynamo.resetCounts();
    expect(await tenants.tenantOf({ key: 'ada' })).to.equal('acme');
    expect(await tenants.tenantOf({ key: 'jane' })).to.equal(undefined);
    expect(await tenants.tenantOf({ key: 'nobody' })).to.equal(undefined);
    expect(Object.fromEntries(dynamo.requests)).to.deep.equal({ GetItem: 3 });
  });

  it('takes a tenant that is not a string for none', async () => {
    await client.send(new PutItemCommand({ TableName: dynamo.tableName, Item: { ...keyAttributes(accountKey('odd')), tenant: { N: '42' } } }));
    expect(await tenants.tenantOf({ key: 'odd' })).to.equal(undefined);
  });

  it('reports a missing table as a refusal and an unreachable store as unavailable', async () => {
    const wrong = new DynamoDbTenantDirectory(client, { tableName: 'no-such-table' });
    const refused = await wrong.tenantOf({ key: 'ada' }).catch((error: unknown) => error);
    expect(refused).to.be.instanceOf(StoreRejectedError);
    expect((refused as Error).message).to.contain('GetItem (tenant)');
    const unreachable = createDynamoDbClient({ timeoutMs: 200, maxAttempts: 1 });
    const previous = process.env.AWS_ENDPOINT_URL_DYNAMODB;
    process.env.AWS_ENDPOINT_URL_DYNAMODB = 'http://127.0.0.1:9';
    try {
      const error = await new DynamoDbTenantDirectory(unreachable, { tableName: dynamo.tableName }).tenantOf({ key: 'ada' }).catch((caught: unknown) => caught);
      expect(error).to.be.instanceOf(StoreUnavailableError);
    } finally {
      process.env.AWS_ENDPOINT_URL_DYNAMODB = previous;
      unreachable.destroy();
    }
  });
});
