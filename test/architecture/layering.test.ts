import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const depcruise = join(root, 'node_modules', '.bin', 'depcruise');

function depcruiseRun(args: string[]) {
  return spawnSync(depcruise, [...args, '--config', '.dependency-cruiser.cjs'], { cwd: root, encoding: 'utf8' });
}

/** The violations (from the JSON report) and the exit status of the command `npm run arch` uses. */
function cruise(...paths: string[]) {
  const report = JSON.parse(depcruiseRun([...paths, '--output-type', 'json']).stdout) as {
    summary: { violations: { rule: { name: string }; from: string; to: string }[] };
  };
  return { status: depcruiseRun(paths).status, violations: report.summary.violations };
}

describe('architecture: the layering rules', () => {
  it('hold for the source tree', () => {
    const { status, violations } = cruise('domain', 'adapters', 'handlers', 'infra', 'scripts');
    expect(violations, JSON.stringify(violations, null, 2)).to.deep.equal([]);
    expect(status).to.equal(0);
  });

  it('fail on a tree that breaks each of them', () => {
    const { status, violations } = cruise('test/architecture/fixtures');
    expect(status).to.not.equal(0);
    const broken = violations.map((violation) => `${violation.rule.name}: ${violation.from} -> ${violation.to}`);
    expect(broken).to.include.members([
      'domain-is-self-contained: test/architecture/fixtures/domain/leaky-policy.ts -> fs',
      'domain-is-self-contained: test/architecture/fixtures/domain/leaky-policy.ts -> test/architecture/fixtures/adapters/table.ts',
      'adapters-only-know-the-domain: test/architecture/fixtures/adapters/table.ts -> test/architecture/fixtures/handlers/handler.ts',
      'handlers-do-not-know-infra: test/architecture/fixtures/handlers/handler.ts -> test/architecture/fixtures/infra/stack.ts',
      'infra-knows-no-code: test/architecture/fixtures/infra/stack.ts -> test/architecture/fixtures/domain/constant.ts',
      'nothing-imports-the-sandbox: test/architecture/fixtures/infra/uses-sandbox.ts -> test/architecture/fixtures/sandbox/local-only.ts',
      'nothing-deployed-imports-scripts: test/architecture/fixtures/adapters/uses-script.ts -> test/architecture/fixtures/scripts/tool.ts',
      'operator-command-composes-no-handlers: test/architecture/fixtures/scripts/admin/uses-handler.ts -> test/architecture/fixtures/handlers/handler.ts',
    ]);
  });
});
