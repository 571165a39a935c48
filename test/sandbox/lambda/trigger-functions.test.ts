import { expect } from 'chai';
import { existsSync } from 'node:fs';
import { parseStackConfig } from '../../../infra/config';
import { TRIGGERS as ALL_TRIGGERS, triggersOf } from '../../../infra/triggers';
import { triggerFunctions } from '../../../sandbox/lambda/trigger-functions';

/** The triggers a stack with default messages has (custom-message only comes with personalised messages). */
const TRIGGERS = triggersOf(parseStackConfig({}), ALL_TRIGGERS);

describe('sandbox/lambda/trigger-functions: the functions infra provisions, as the sandbox runs them', () => {
  it('names, sizes and times out each trigger as the program does, from its built bundle', () => {
    const config = parseStackConfig({ functions: { timeoutSeconds: 4, memoryMb: 512 } });
    const environment = { TABLE_NAME: 'gatehouse-local' };
    const functions = triggerFunctions({ config, prefix: 'gatehouse-local', environment });
    expect(functions.map((fn) => fn.name)).to.deep.equal(TRIGGERS.map((trigger) => `gatehouse-local-${trigger.name}`));
    for (const fn of functions) {
      expect(fn.bundle).to.match(/\/dist\/lambda\/[a-z-]+\/index\.js$/);
      expect(existsSync(fn.bundle), fn.bundle).to.equal(true);
      expect(fn).to.include({ timeoutSeconds: 4, memoryMb: 512, environment });
    }
  });
});
