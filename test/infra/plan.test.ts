import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { availableStacks, readStackConfig } from '../../scripts/plan';
import { TRIGGERS } from '../../infra/triggers';

const root = join(__dirname, '..', '..');

const runPlan = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'scripts/plan.ts', ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
  });

describe('infra: offline plan (scripts/plan.ts)', () => {
  describe('the dev stack', function () {
    this.timeout(60_000);
    let result: ReturnType<typeof runPlan>;

    before(function () {
      // The plan runs the real program, which refuses to run without the bundles (`npm test` builds them).
      const missing = TRIGGERS.map((trigger) => `dist/lambda/${trigger.name}/index.js`).filter(
        (file) => !existsSync(join(root, file)),
      );
      if (missing.length > 0) throw new Error(`build the bundles first (npm run bundle): missing ${missing.join(', ')}`);
      result = runPlan('dev');
    });

    it('exits 0 and says it is a preview under mocks, not a deployment', () => {
      expect(result.status, result.stderr).to.equal(0);
      expect(result.stdout).to.contain('Gatehouse plan for stack "dev"');
      expect(result.stdout).to.contain('PREVIEW UNDER PULUMI MOCKS - not a deployment');
    });

    it('lists the pool, its client, the table, the key and every function with its inputs', () => {
      const { stdout } = result;
      for (const type of [
        'aws:cognito/userPool:UserPool',
        'aws:cognito/userPoolClient:UserPoolClient',
        'aws:dynamodb/table:Table',
        'aws:kms/key:Key',
      ]) {
        expect(stdout).to.contain(`+ ${type}`);
      }
      for (const trigger of TRIGGERS) {
        expect(stdout).to.contain(`name: gatehouse-dev-${trigger.name}`);
        expect(stdout).to.contain(`code: FileArchive(dist/lambda/${trigger.name})`);
        expect(stdout).to.contain(`${trigger.lambdaConfigField}: arn:aws:lambda:eu-west-1:123456789012:function:gatehouse-dev-${trigger.name}`);
      }
      expect(stdout).to.contain('TABLE_NAME: gatehouse-store-table');
      expect(stdout).to.contain('- dynamodb:UpdateItem');
    });

    it('prints the stack outputs', () => {
      const outputs = result.stdout.slice(result.stdout.indexOf('Stack outputs:'));
      for (const name of ['userPoolId', 'userPoolArn', 'userPoolClientId', 'tableName', 'keyArn', 'functionArns']) {
        expect(outputs).to.contain(`${name}:`);
      }
    });

    it('stays short enough to read', () => {
      expect(result.stdout.split('\n').length).to.be.below(400);
    });
  });

  it('refuses an unknown stack, listing the stacks there are', function () {
    this.timeout(60_000);
    const result = runPlan('nonexistent');
    expect(result.status).to.equal(1);
    expect(result.stderr).to.contain('unknown stack "nonexistent"');
    expect(result.stderr).to.contain('Available stacks: dev');
  });

  describe('reading a stack file', () => {
    let project: string;
    before(() => {
      project = mkdtempSync(join(tmpdir(), 'gatehouse-plan-'));
      writeFileSync(
        join(project, 'Pulumi.prod.yaml'),
        [
          'config:',
          '  aws:region: eu-central-1',
          '  gatehouse:storeFailureMode: closed',
          '  gatehouse:lockout:',
          '    maxFailures: 3',
          '  gatehouse:apiKey:',
          '    secure: AAABAKxyz==',
          '  gatehouse:smtp:',
          '    host: mail.example.com',
          '    password:',
          '      secure: AAABAMabc==',
          '  retries: 2',
        ].join('\n'),
      );
      writeFileSync(join(project, 'Pulumi.staging.yaml'), 'config: {}\n');
      writeFileSync(join(project, 'Pulumi.yaml'), 'name: gatehouse\n');
    });
    after(() => rmSync(project, { recursive: true, force: true }));

    it('hands values over as the Pulumi CLI does, structured ones as JSON, secrets as a placeholder', () => {
      expect(readStackConfig('prod', project)).to.deep.equal({
        values: {
          'aws:region': 'eu-central-1',
          'gatehouse:storeFailureMode': 'closed',
          'gatehouse:lockout': '{"maxFailures":3}',
          'gatehouse:apiKey': '[secret]',
          'gatehouse:smtp': '{"host":"mail.example.com","password":"[secret]"}',
          'gatehouse:retries': '2',
        },
        secretKeys: ['gatehouse:apiKey', 'gatehouse:smtp'],
      });
    });

    it('lists the stacks of a project', () => {
      expect(availableStacks(project)).to.deep.equal(['prod', 'staging']);
      expect(() => readStackConfig('../prod', project)).to.throw('Available stacks: prod, staging');
    });
  });
});
