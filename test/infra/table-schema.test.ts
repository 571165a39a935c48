import { expect } from 'chai';
import { keyAttributes } from '../../adapters/dynamodb/attribute-values';
import { TTL_ATTRIBUTE } from '../../adapters/dynamodb/table-keys';
import { createTableInput, TABLE_SCHEMA } from '../../infra/table-schema';

describe('infra/table-schema', () => {
  it('names the keys and the TTL attribute the adapters write', () => {
    expect(Object.keys(keyAttributes({ pk: 'p', sk: 's' }))).to.deep.equal([TABLE_SCHEMA.partitionKey, TABLE_SCHEMA.sortKey]);
    expect(TABLE_SCHEMA.ttlAttribute).to.equal(TTL_ATTRIBUTE);
  });

  it('gives CreateTable the same string keys, on demand', () => {
    expect(createTableInput('t')).to.deep.include({ TableName: 't', BillingMode: 'PAY_PER_REQUEST' });
    expect(createTableInput('t').KeySchema).to.deep.equal([
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ]);
  });
});
