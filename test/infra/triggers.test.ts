import { expect } from 'chai';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseStackConfig } from '../../infra/config';
import { TRIGGERS } from '../../infra/triggers';

describe('infra: triggers', () => {
  it('provisions exactly the triggers that have a handler (each file at the top of handlers/ is bundled)', () => {
    const handlers = readdirSync(join(__dirname, '..', '..', 'handlers'), { withFileTypes: true })
      .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts'))
      .map((entry) => entry.name.replace(/\.ts$/, ''));
    expect(TRIGGERS.map((trigger) => trigger.name)).to.have.members(handlers);
    expect(TRIGGERS).to.have.length(handlers.length);
  });

  it('attaches each trigger to its own lambdaConfig field', () => {
    expect(Object.fromEntries(TRIGGERS.map((trigger) => [trigger.name, trigger.lambdaConfigField]))).to.deep.equal({
      'pre-authentication': 'preAuthentication',
      'post-authentication': 'postAuthentication',
      'post-confirmation': 'postConfirmation',
      'pre-sign-up': 'preSignUp',
    });
  });

  it('lets pre-sign-up touch neither the table nor the pool, whatever the stack', () => {
    const preSignUp = TRIGGERS.find((trigger) => trigger.name === 'pre-sign-up');
    expect(preSignUp?.tableActions).to.deep.equal([]);
    for (const config of [parseStackConfig({}), parseStackConfig({ forcedReset: { enabled: true } })]) {
      expect(preSignUp?.poolActions(config)).to.deep.equal([]);
    }
  });
});
