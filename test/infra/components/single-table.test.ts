import { expect } from 'chai';
import { buildGatehouse, defaultProgram, TEST_STACK, TYPES, type BuiltProgram } from '../support/program';

describe('infra/components: SingleTable', () => {
  let program: BuiltProgram;
  before(async () => {
    program = await defaultProgram();
  });

  it('is named after the stack, or after the name prefix the stack sets', async () => {
    const renamed = await buildGatehouse('renamed', { namePrefix: 'gatehouse-old' });
    expect(program.one(TYPES.table).inputs['name']).to.equal(`gatehouse-${TEST_STACK}`);
    expect(renamed.one(TYPES.table).inputs['name']).to.equal('gatehouse-old');
    expect(program.outputs.tableName).to.equal(`gatehouse-${TEST_STACK}`);
  });

  it('is one table keyed by pk and sk strings, billed on demand', () => {
    const table = program.one(TYPES.table);
    expect(table.inputs).to.include({ hashKey: 'pk', rangeKey: 'sk', billingMode: 'PAY_PER_REQUEST' });
    expect(table.inputs['attributes']).to.deep.equal([
      { name: 'pk', type: 'S' },
      { name: 'sk', type: 'S' },
      { name: 'lockoutDay', type: 'S' },
      { name: 'lastLockedAt', type: 'N' },
    ]);
  });

  it('indexes recent lockouts sparsely by day and time, projecting only the lock', () => {
    expect(program.one(TYPES.table).inputs['globalSecondaryIndexes']).to.deep.equal([
      {
        name: 'recent-lockouts',
        keySchemas: [
          { attributeName: 'lockoutDay', keyType: 'HASH' },
          { attributeName: 'lastLockedAt', keyType: 'RANGE' },
        ],
        projectionType: 'INCLUDE',
        nonKeyAttributes: ['lockedUntil', 'lockouts', 'resetRequired'],
      },
    ]);
  });

  it('expires items by their expiresAt attribute', () => {
    expect(program.one(TYPES.table).inputs['ttl']).to.deep.equal({ attributeName: 'expiresAt', enabled: true });
  });

  it('keeps point-in-time recovery and encryption at rest on', () => {
    const { inputs } = program.one(TYPES.table);
    expect(inputs['pointInTimeRecovery']).to.deep.equal({ enabled: true });
    expect(inputs['serverSideEncryption']).to.deep.equal({ enabled: true });
  });

  it('takes deletion protection from the stack (on by default)', async () => {
    const unprotected = await buildGatehouse('unprotected', {
      protect: false,
      table: { deletionProtection: false },
      pool: { deletionProtection: false },
    });
    expect(program.one(TYPES.table).inputs['deletionProtectionEnabled']).to.equal(true);
    expect(unprotected.one(TYPES.table).inputs['deletionProtectionEnabled']).to.equal(false);
  });

  it('is protected in Pulumi unless the stack turns gatehouse:protect off', async () => {
    const unprotected = await buildGatehouse('unprotected', {
      protect: false,
      table: { deletionProtection: false },
      pool: { deletionProtection: false },
    });
    expect(program.isProtected(program.one(TYPES.table))).to.equal(true);
    expect(unprotected.isProtected(unprotected.one(TYPES.table))).to.equal(false);
  });

  it('is tagged as the table', () => {
    expect(program.one(TYPES.table).inputs['tags']).to.include({ 'gatehouse:component': 'table' });
  });
});
