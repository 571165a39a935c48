import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { confirmedUser } from '../../sandbox/cognito/sign-in';
import { ACCOUNT_KEY_PARAMETER, OPERATOR_ARN, REGION, startOperatorStandIns, type OperatorStandIns } from '../../support/operator-stand-ins';

const root = join(__dirname, '..', '..', '..');

/** The command as an operator runs it, in a process of its own; the stand-ins answer from this one. */
function admin(args: readonly string[], env: NodeJS.ProcessEnv, command: 'node' | 'npm' = 'node'): Promise<{ code: number | null; out: string; err: string }> {
  const [file, argv] =
    command === 'npm' ? ['npm', ['run', '--silent', 'admin', '--', ...args]] : [process.execPath, ['--import', 'tsx', 'scripts/admin.ts', ...args]];
  const child = spawn(file, argv, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, out, err })));
}

describe('npm run admin, run as an operator runs it', function () {
  this.timeout(120_000);
  let env: OperatorStandIns;
  const bin = mkdtempSync(join(tmpdir(), 'gatehouse-admin-bin-'));

  before(async () => {
    env = await startOperatorStandIns();
    // A Pulumi CLI that knows one stack, whose outputs name the stand-ins' resources.
    const outputs = { region: REGION, tableName: env.dynamo.tableName, accountKeyParameter: ACCOUNT_KEY_PARAMETER, userPoolId: env.cognito.userPoolId };
    writeFileSync(
      join(bin, 'pulumi'),
      `#!/bin/sh\nif [ "$5" = "ops" ]; then echo '${JSON.stringify(outputs)}'; exit 0; fi\necho "error: no stack named '$5' found" >&2\nexit 255\n`,
    );
    chmodSync(join(bin, 'pulumi'), 0o755);
  });
  after(async () => {
    await env.stop();
    rmSync(bin, { recursive: true, force: true });
  });

  const withPulumi = () => ({ ...process.env, PATH: `${bin}${delimiter}${process.env.PATH ?? ''}` });

  it('unlocks a locked account of stack ops (its outputs from `pulumi stack output`), after which a sign-in is allowed', async () => {
    const email = 'locked@example.com';
    const username = await confirmedUser(env.cognito, email);
    for (let attempt = 0; attempt < 6; attempt += 1) await env.attempt(username);
    expect((await env.attempt(username)).verdict).to.equal('deny');

    const status = await admin(['status', email, '--stack', 'ops'], withPulumi(), 'npm');
    expect(status.code, status.err).to.equal(0);
    expect(status.out).to.contain('LOCKED until');

    env.dynamo.resetCounts();
    const unlock = await admin(['unlock', email, '--stack', 'ops'], withPulumi());
    expect(unlock.code, unlock.err).to.equal(0);
    expect(unlock.out).to.contain(`Unlocked ${email} (user ${username}) · stack ops`);
    expect(unlock.out).to.contain(`by ${OPERATOR_ARN}`);
    expect(env.writes()).to.deep.equal({ DeleteItem: 1, PutItem: 1 });

    env.clock.advance(1000);
    expect((await env.attempt(username)).verdict).to.equal('allow');
  });

  it('names an unknown stack, and writes nothing', async () => {
    env.dynamo.resetCounts();
    const result = await admin(['unlock', 'locked@example.com', '--stack', 'staging'], withPulumi());
    expect(result.code).to.equal(1);
    expect(result.err).to.equal(`admin: unknown stack "staging": error: no stack named 'staging' found\n`);
    expect(Object.fromEntries(env.dynamo.requests)).to.deep.equal({});
  });

  it('says how to provide credentials when there are none, and writes nothing', async () => {
    const bare: NodeJS.ProcessEnv = { ...process.env, AWS_SHARED_CREDENTIALS_FILE: join(bin, 'none'), AWS_CONFIG_FILE: join(bin, 'none'), AWS_EC2_METADATA_DISABLED: 'true' };
    for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE', 'AWS_CONTAINER_CREDENTIALS_FULL_URI', 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI', 'AWS_WEB_IDENTITY_TOKEN_FILE']) delete bare[name];
    env.dynamo.resetCounts();
    for (const command of ['status', 'unlock']) {
      const result = await admin([command, 'locked@example.com', ...env.flags()], bare);
      expect(result.code, result.err).to.equal(1);
      expect(result.err).to.contain('admin: no AWS credentials: sign in as for the AWS CLI');
      expect(result.err).to.contain('Nothing was written.');
    }
    expect(Object.fromEntries(env.dynamo.requests)).to.deep.equal({});
  });

  it('prints its usage and exits 2 on a wrong command line', async () => {
    const result = await admin(['unlock'], process.env);
    expect(result.code).to.equal(2);
    expect(result.err).to.contain('admin: unlock takes a username or an email address');
    expect(result.err).to.contain('usage: npm run admin -- <command> [options]');
  });
});
