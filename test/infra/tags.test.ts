import { expect } from 'chai';
import { OWN_TAGS_PER_RESOURCE } from '../../infra/config-schema';
import { componentTags, stackTags, TAG_KEYS } from '../../infra/tags';

describe('infra: tags', () => {
  const base = stackTags({ team: 'identity' }, { project: 'gatehouse', stack: 'prod' });

  it('adds the project and the stack to the stack’s own tags', () => {
    expect(base).to.deep.equal({ team: 'identity', 'gatehouse:project': 'gatehouse', 'gatehouse:stack': 'prod' });
  });

  it('adds the component, and the trigger where there is one', () => {
    expect(componentTags(base, 'table')).to.deep.equal({ ...base, 'gatehouse:component': 'table' });
    expect(componentTags(base, 'trigger-function', { trigger: 'pre-authentication' })).to.deep.equal({
      ...base,
      'gatehouse:component': 'trigger-function',
      'gatehouse:trigger': 'pre-authentication',
    });
  });

  it('sets exactly as many tags of its own as the configuration leaves room for', () => {
    expect(Object.keys(TAG_KEYS)).to.have.length(OWN_TAGS_PER_RESOURCE);
    const own = componentTags(stackTags({}, { project: 'p', stack: 's' }), 'trigger-function', { trigger: 't' });
    expect(Object.keys(own)).to.have.length(OWN_TAGS_PER_RESOURCE);
  });
});
