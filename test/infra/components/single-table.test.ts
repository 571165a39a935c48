import { expect } from 'chai';
import { buildGatehouse, defaultProgram, TYPES, type BuiltProgram } from '../support/program';

describe('infra/components: SingleTable', () => {
  let program: BuiltProgram;
  before(async () => {
    program = await defaultProgram();
  });

  it('is one table keyed by pk and sk strings, billed on demand', () => {
    const table = program.one(TYPES.table);
    expect(table.inputs).to.include({ hashKey: 'pk', rangeKey: 'sk', billingMode: 'PAY_PER_REQUEST' });
    expect(table.inputs['attributes']).to.deep.equal([
      { name: 'pk', type: 'S' },
      { name: 'sk', type: 'S' },
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

  it('takes deletion protection from the stack (off by default)', async () => {
    const protectedProgram = await buildGatehouse('protected', {
      table: { deletionProtection: true },
      pool: { deletionProtection: true },
    });
    expect(program.one(TYPES.table).inputs['deletionProtectionEnabled']).to.equal(false);
    expect(protectedProgram.one(TYPES.table).inputs['deletionProtectionEnabled']).to.equal(true);
  });
});
