import { expect } from 'chai';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseStackConfig } from '../../infra/config';
import { loadSandboxStack } from '../../sandbox/stack';

function project(stackFile: string): string {
  const root = mkdtempSync(join(tmpdir(), 'gatehouse-sandbox-stack-'));
  writeFileSync(join(root, 'Pulumi.yaml'), 'name: gatehouse\nruntime: nodejs\n');
  writeFileSync(join(root, 'Pulumi.local.yaml'), stackFile);
  return root;
}

describe('sandbox/stack: a stack file as the sandbox reads it', () => {
  it('reads the dev stack as the program does', () => {
    const dev = loadSandboxStack('dev');
    expect(dev.config.protect).to.equal(false);
    expect(dev.config.signUp.reminders.enabled).to.equal(true);
  });

  it('applies the stack\'s settings over the defaults, structured and plain keys alike, and leaves secrets out', () => {
    const root = project(
      [
        'config:',
        '  aws:region: eu-west-1',
        '  gatehouse:storeFailureMode: closed',
        '  gatehouse:lockout:',
        '    maxFailures: 3',
        '  gatehouse:signUp:',
        '    blockedDomains: ["Blocked.Example."]',
        '  gatehouse:captchaSecret:',
        '    secure: v1:AAAA',
      ].join('\n'),
    );
    const stack = loadSandboxStack('local', root);
    expect(stack.config.storeFailureMode).to.equal('closed');
    expect(stack.config.lockout).to.deep.equal({ ...parseStackConfig({}).lockout, maxFailures: 3 });
    expect(stack.config.signUp.blockedDomains).to.deep.equal(['blocked.example']);
    expect(stack.secretKeys).to.deep.equal(['gatehouse:captchaSecret']);
  });

  it('refuses a bad configuration with the program\'s message, naming the stack file', () => {
    const root = project('config:\n  gatehouse:lockout:\n    maxFailures: 0\n');
    expect(() => loadSandboxStack('local', root)).to.throw(/Pulumi\.local\.yaml: gatehouse:lockout\.maxFailures must be an integer >= 1/);
  });

  it('reads a stack with custom senders (the sandbox runs them as Cognito does)', () => {
    const root = project('config:\n  gatehouse:email:\n    from: no-reply@example.com\n  gatehouse:messages:\n    email: custom-sender\n    sms: custom-sender\n');
    expect(loadSandboxStack('local', root).config.messages).to.include({ email: 'custom-sender', sms: 'custom-sender' });
  });

  it('refuses an unknown stack, listing the stacks there are', () => {
    expect(() => loadSandboxStack('nope')).to.throw(/unknown stack "nope".*Available stacks: dev, identity, migration, passwordless, senders, showcase/);
  });
});
