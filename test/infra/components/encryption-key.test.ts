import { expect } from 'chai';
import { defaultProgram, TEST_STACK, TYPES, type BuiltProgram } from '../support/program';

describe('infra/components: EncryptionKey', () => {
  let program: BuiltProgram;
  before(async () => {
    program = await defaultProgram();
  });

  it('is a symmetric encryption key with rotation on and a 30-day deletion window', () => {
    expect(program.one(TYPES.key).inputs).to.include({
      customerMasterKeySpec: 'SYMMETRIC_DEFAULT',
      keyUsage: 'ENCRYPT_DECRYPT',
      enableKeyRotation: true,
      deletionWindowInDays: 30,
    });
    expect(program.one(TYPES.key).inputs['description']).to.be.a('string').and.not.equal('');
  });

  it('is protected in Pulumi (its alias, which holds nothing, is not)', () => {
    expect(program.isProtected(program.one(TYPES.key))).to.equal(true);
    expect(program.isProtected(program.one(TYPES.alias))).to.equal(false);
  });

  it('is tagged as the encryption key', () => {
    expect(program.one(TYPES.key).inputs['tags']).to.include({ 'gatehouse:component': 'encryption-key' });
  });

  it('is reachable under an alias named after the stack', () => {
    const alias = program.one(TYPES.alias);
    expect(alias.inputs).to.deep.equal({ name: `alias/gatehouse-${TEST_STACK}`, targetKeyId: program.one(TYPES.key).id });
  });
});
