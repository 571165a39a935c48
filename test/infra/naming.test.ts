import { expect } from 'chai';
import { physicalPrefix, triggerFunctionName } from '../../infra/naming';
import { TRIGGERS } from '../../infra/triggers';

describe('infra: naming', () => {
  it('prefixes AWS names with the program and stack names', () => {
    expect(physicalPrefix('gatehouse', 'dev', TRIGGERS)).to.equal('gatehouse-dev');
    expect(triggerFunctionName('gatehouse-dev', TRIGGERS[0]!)).to.equal(`gatehouse-dev-${TRIGGERS[0]!.name}`);
  });

  it('refuses a stack name with characters Lambda refuses in function names', () => {
    expect(() => physicalPrefix('gatehouse', 'team/dev', TRIGGERS)).to.throw('stack "team/dev"');
  });

  it('refuses a stack name that makes a function name longer than 64 characters', () => {
    const longest = Math.max(...TRIGGERS.map((trigger) => trigger.name.length));
    const fits = 'x'.repeat(64 - 'gatehouse-'.length - 1 - longest);
    expect(physicalPrefix('gatehouse', fits, TRIGGERS)).to.equal(`gatehouse-${fits}`);
    expect(() => physicalPrefix('gatehouse', `${fits}x`, TRIGGERS)).to.throw('at most 64 characters');
  });
});
