import { expect } from 'chai';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { UsageError } from '../../../scripts/admin/arguments';
import { readStackOutputs, TargetError } from '../../../scripts/admin/stack-outputs';
import { resolveTarget } from '../../../scripts/admin/target';

const OUTPUTS = {
  region: 'eu-west-1',
  tableName: 'gatehouse-prod',
  accountKeyParameter: '/gatehouse-prod/account-key',
  userPoolId: 'eu-west-1_AbC',
  keyArn: 'arn:aws:kms:eu-west-1:123456789012:key/k',
  functionArns: { preAuthentication: 'arn:…' },
};

/**
 * A `pulumi` executable first on PATH that answers `stack output --json --stack <name>` as the CLI does:
 * the outputs of stack prod, and the CLI's own error for any other stack.
 */
function fakePulumi(folder: string): NodeJS.ProcessEnv {
  const script = join(folder, 'pulumi');
  writeFileSync(
    script,
    `#!/bin/sh
echo "$@" >> "${join(folder, 'calls')}"
if [ "$1 $2 $3 $4" = "stack output --json --stack" ] && [ "$5" = "prod" ]; then
  cat <<'JSON'
${JSON.stringify(OUTPUTS, null, 2)}
JSON
  exit 0
fi
echo "error: no stack named '$5' found" >&2
exit 255
`,
  );
  chmodSync(script, 0o755);
  return { ...process.env, PATH: `${folder}${delimiter}${process.env.PATH ?? ''}` };
}

describe('scripts/admin: targets', () => {
  const folder = mkdtempSync(join(tmpdir(), 'gatehouse-admin-pulumi-'));
  const env = fakePulumi(folder);
  after(() => rmSync(folder, { recursive: true, force: true }));

  it('reads a deployed stack’s outputs with the Pulumi CLI, keeping those the command uses', () => {
    expect(readStackOutputs('prod', { cwd: folder, env })).to.deep.equal({
      region: 'eu-west-1',
      tableName: 'gatehouse-prod',
      accountKeyParameter: '/gatehouse-prod/account-key',
      userPoolId: 'eu-west-1_AbC',
      keyArn: OUTPUTS.keyArn,
    });
    const target = resolveTarget({ stack: 'prod', region: 'us-east-1' }, { projectRoot: folder, env });
    expect(target).to.deep.equal({
      name: 'stack prod',
      stack: 'prod',
      region: 'us-east-1',
      tableName: 'gatehouse-prod',
      accountKeyParameter: '/gatehouse-prod/account-key',
      userPoolId: 'eu-west-1_AbC',
      keyArn: OUTPUTS.keyArn,
    });
  });

  it('names an unknown stack with the CLI’s own words', () => {
    const error = (() => {
      try {
        resolveTarget({ stack: 'staging' }, { projectRoot: folder, env });
      } catch (caught) {
        return caught as Error;
      }
      return undefined;
    })();
    expect(error).to.be.instanceOf(TargetError);
    expect(error?.message).to.equal(`unknown stack "staging": error: no stack named 'staging' found`);
  });

  it('says what to do without the Pulumi CLI', () => {
    expect(() => readStackOutputs('prod', { cwd: folder, env: { ...process.env, PATH: folder.replace(/[^/]+$/, 'no-such-folder') } })).to.throw(
      TargetError,
      'the Pulumi CLI is not on PATH: install it and log in to the stack\'s backend, or name the stack\'s resources with --table',
    );
  });

  it('needs a table, the account key parameter and a region, and says which is missing', () => {
    const context = { projectRoot: folder, env: {} };
    expect(() => resolveTarget({}, context)).to.throw(UsageError, 'name the target');
    expect(() => resolveTarget({ table: 't' }, context)).to.throw(UsageError, 'no account key parameter: give --account-key-parameter');
    expect(() => resolveTarget({ table: 't', accountKeyParameter: '/p' }, context)).to.throw(UsageError, 'no region: give --region, or set AWS_REGION');
    expect(resolveTarget({ table: 't', accountKeyParameter: '/p' }, { projectRoot: folder, env: { AWS_REGION: 'eu-central-1' } })).to.deep.equal({
      name: 'table t',
      region: 'eu-central-1',
      tableName: 't',
      accountKeyParameter: '/p',
    });
  });

  it('finds no sandbox where none runs, and says how to start one', () => {
    expect(() => resolveTarget({ sandbox: 'showcase' }, { projectRoot: folder, env: {} })).to.throw(TargetError, 'no sandbox is running for stack "showcase"');
    expect(() => resolveTarget({ sandbox: 'showcase' }, { projectRoot: folder, env: {} })).to.throw(TargetError, '`npm start -- showcase`');
  });
});
