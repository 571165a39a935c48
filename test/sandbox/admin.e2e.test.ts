/**
 * The operator command against the sandbox as a newcomer runs both: `npm start` in one process, `npm run
 * admin -- … --sandbox` in another, finding it through the data folder like the demo does.
 */
import { ConfirmSignUpCommand, CognitoIdentityProviderClient, SignUpCommand } from '@aws-sdk/client-cognito-identity-provider';
import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { signInWithSrp } from '../../sandbox/client/srp-sign-in';
import { ConsoleClient } from '../../sandbox/demo/console-client';
import type { RunningSandbox } from '../../sandbox/running';
import { signInFailure } from './cognito/sign-in';
import { runScript, untilReady, type RunningScript } from './run-script';

describe('npm run admin against the running sandbox (npm start + npm run admin -- --sandbox)', function () {
  this.timeout(120_000);
  const data = mkdtempSync(join(tmpdir(), 'gatehouse-admin-e2e-'));
  const email = 'ivy@example.com';
  const password = 'ivy keeps a long enough passphrase';
  let sandbox: RunningScript;
  let running: RunningSandbox;
  let username = '';

  const admin = async (...args: string[]) => {
    const run = runScript('scripts/admin.ts', [...args, '--sandbox', 'dev', '--data', data]);
    const code = await run.exited;
    return { code, out: run.out(), err: run.err() };
  };
  const pool = () => ({ endpoint: String(running.endpoints.cognito), userPoolId: running.userPoolId, clientId: running.clientId });

  before(async () => {
    sandbox = runScript('sandbox/main.ts', ['dev', '--ephemeral-ports', '--quiet', '--data', data]);
    await untilReady(sandbox);
    running = JSON.parse(readFileSync(join(data, 'running.json'), 'utf8')) as RunningSandbox;
    const cognito = new CognitoIdentityProviderClient({ endpoint: running.endpoints.cognito, region: running.region, credentials: { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' } });
    username = String((await cognito.send(new SignUpCommand({ ClientId: running.clientId, Username: email, Password: password, UserAttributes: [{ Name: 'email', Value: email }] }))).UserSub);
    const code = await new ConsoleClient(String(running.endpoints.console)).waitForCode(email, 0);
    await cognito.send(new ConfirmSignUpCommand({ ClientId: running.clientId, Username: email, ConfirmationCode: code }));
    cognito.destroy();
    // Five wrong passwords, and the sixth attempt locks (the sandbox runs PreAuthentication as Cognito does).
    for (let attempt = 0; attempt < 6; attempt += 1) await signInFailure(signInWithSrp(pool(), email, 'not ivy at all'));
  });
  after(async () => {
    if (sandbox && sandbox.child.exitCode === null) {
      sandbox.child.kill('SIGINT');
      await sandbox.exited;
    }
    rmSync(data, { recursive: true, force: true });
  });

  it('shows the locked account, found by email through the sandbox’s pool', async () => {
    const status = await admin('status', email);
    expect(status.code, status.err).to.equal(0);
    expect(status.out).to.contain(`${email} — user ${username} of the pool (CONFIRMED, enabled, email ${email}) · sandbox dev`);
    expect(status.out).to.match(/protection {6}LOCKED until/);
    expect(status.out).to.contain('backoff level   1');
  });

  it('lists the lock among recent lockouts, named by the account’s email', async () => {
    const listed = await admin('recent-lockouts', '--json');
    expect(listed.code, listed.err).to.equal(0);
    const lockouts = (JSON.parse(listed.out) as { lockouts: { email?: string; locked: boolean }[] }).lockouts;
    expect(lockouts.find((lockout) => lockout.email === email)).to.include({ locked: true });
  });

  it('unlocks it as the OS user, after which the user signs in', async () => {
    const unlock = await admin('unlock', email);
    expect(unlock.code, unlock.err).to.equal(0);
    expect(unlock.out).to.contain(`audit entry    unlocked, by ${userInfo().username} (sandbox)`);
    const session = await signInWithSrp(pool(), email, password);
    expect(session.isValid()).to.equal(true);
    const audit = await admin('audit', email, '--limit', '3', '--json');
    expect((JSON.parse(audit.out) as { audit: { outcome: string }[] }).audit.map((entry) => entry.outcome)).to.deep.equal(['success', 'attempt', 'unlocked']);
  });
});
