import { expect } from 'chai';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { checkTemplateFolder } from '../../../adapters/templates/template-rules';
import { parseStackConfig, StackConfigError } from '../../../infra/config';
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

  it('gives the functions that render the stack\'s own templates the stack\'s folder, as the program ships them, and the others nothing', () => {
    const config = parseStackConfig({
      email: { from: 'no-reply@example.com' },
      welcome: { enabled: true },
      messages: { email: 'custom-message', templates: 'templates/showcase' },
    });
    const environment = { TABLE_NAME: 'gatehouse-local' };
    const functions = triggerFunctions({ config, prefix: 'gatehouse-local', environment, templateRules: { checkTemplateFolder } });
    const folder = join(__dirname, '..', '..', '..', 'templates', 'showcase');
    const byName = new Map(functions.map((fn) => [fn.name.replace('gatehouse-local-', ''), fn]));
    expect(byName.get('custom-message')?.environment).to.deep.equal({ ...environment, MESSAGE_TEMPLATES: folder });
    // The showcase folder holds code messages only: the welcome mail's function renders none of them.
    for (const name of ['post-confirmation', 'pre-sign-up', 'pre-authentication', 'post-authentication']) {
      expect(byName.get(name)?.environment, name).to.equal(environment);
    }
  });

  it('checks the stack\'s own templates as the program does, before any function runs', () => {
    const config = parseStackConfig({ messages: { templates: 'templates/nowhere' } });
    expect(() => triggerFunctions({ config, prefix: 'gatehouse-local', environment: {}, templateRules: { checkTemplateFolder } })).to.throw(
      StackConfigError,
      'gatehouse:messages.templates names templates/nowhere, which is not a folder of the project',
    );
  });
});
