import { expect } from 'chai';
import { defaultProgram, TYPES, type BuiltProgram } from '../support/program';

/** How the Pulumi runtime marks a secret value on the wire (`rpc.specialSigKey`, `specialSecretSig`). */
const SECRET_SIGNATURE = '4dabf18193072939515e22adb298388d';

describe('infra/components: AccountKeySecret', () => {
  let program: BuiltProgram;
  before(async () => {
    program = await defaultProgram();
  });

  it('generates 32 random bytes once, in Pulumi (kept in its state as a secret)', () => {
    expect(program.one('random:index/randomBytes:RandomBytes').inputs).to.deep.equal({ length: 32 });
  });

  it('keeps them as an SSM SecureString under the stack key, named for the stack', () => {
    const parameter = program.one('aws:ssm/parameter:Parameter');
    expect(parameter.inputs).to.include({
      name: '/gatehouse-test/account-key',
      type: 'SecureString',
      keyId: program.one(TYPES.key).state['arn'],
    });
    // Passed on as a Pulumi secret (the runtime's secret signature): encrypted in the state, hidden in previews.
    expect(parameter.inputs['value']).to.deep.equal({
      [SECRET_SIGNATURE]: '1b47061264138c4ac30d75fd1eb44270',
      value: program.one('random:index/randomBytes:RandomBytes').state['base64'],
    });
  });

  it('tells every function the parameter name, never the value', () => {
    const value = String(program.one('random:index/randomBytes:RandomBytes').state['base64']);
    for (const fn of program.ofType(TYPES.function)) {
      const variables = (fn.inputs['environment'] as { variables: Record<string, string> }).variables;
      expect(variables['ACCOUNT_KEY_PARAMETER']).to.equal('/gatehouse-test/account-key');
      expect(JSON.stringify(fn.inputs)).to.not.contain(value);
    }
  });
});
