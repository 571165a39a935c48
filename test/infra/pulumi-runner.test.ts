import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

describe('infra: the program as Pulumi loads it', function () {
  this.timeout(120_000);

  it('compiles and runs through ts-node with the project tsconfig (type-checked), registering every resource', () => {
    const run = spawnSync(process.execPath, ['-r', 'ts-node/register', 'test/infra/support/load-like-pulumi.ts', 'dev'], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, TS_NODE_PROJECT: 'tsconfig.json' },
      timeout: 110_000,
    });
    expect(run.status, run.stderr).to.equal(0);
    const summary = JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}') as { resources: number; outputs: string[] };
    expect(summary.outputs).to.deep.equal(['functionArns', 'keyArn', 'tableName', 'userPoolArn', 'userPoolClientId', 'userPoolId']);
    expect(summary.resources).to.be.greaterThan(20);
  });
});
