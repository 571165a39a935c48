/**
 * The sandbox of a stack that migrates from an HTTP endpoint (the legacy endpoint stand-in with its
 * secret in the local SSM, the built UserMigration function signing its requests) or from users imported
 * with their password hashes (seeded into the table as the import command writes them), in this process.
 */
import { AdminGetUserCommand, InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LEGACY_DEMO_USER } from '../../sandbox/legacy/demo-users';
import type { LogLine } from '../../sandbox/lambda/function-process';
import { EPHEMERAL_PORTS, startSandbox, type Sandbox } from '../../sandbox/sandbox';
import { copyProject, type ProjectCopy } from '../infra/support/project-copy';
import { signInFailure } from './cognito/sign-in';

for (const variant of [
  { name: 'a legacy HTTP endpoint', source: '    source: http\n    http:\n      url: https://legacy.example.com/gatehouse\n', announced: true },
  { name: 'users imported with their password hashes', source: '    source: imported\n', announced: false },
]) describe(`the sandbox of a stack migrating from ${variant.name}`, function () {
  this.timeout(60_000);
  const root = join(__dirname, '..', '..');
  const data = mkdtempSync(join(tmpdir(), 'gatehouse-sandbox-migration-'));
  const logs: LogLine[] = [];
  let copy: ProjectCopy;
  let sandbox: Sandbox;

  before(async () => {
    copy = copyProject(root, { nodeModules: 'symlink' });
    const identity = readFileSync(join(root, 'Pulumi.migration.yaml'), 'utf8');
    const stack = identity.replace(/ {4}source: cognito\n {4}cognito:\n(?: {6}.*\n)+/, variant.source);
    expect(stack).to.not.equal(identity);
    writeFileSync(join(copy.root, 'Pulumi.migrating.yaml'), stack);
    sandbox = await startSandbox({ stack: 'migrating', projectRoot: copy.root, dataDirectory: data, ports: EPHEMERAL_PORTS, onLog: (line) => void logs.push(line) });
  });
  after(async () => {
    await sandbox?.stop();
    copy?.remove();
    rmSync(data, { recursive: true, force: true });
  });

  const signIn = (password: string) =>
    sandbox.cognito.client().send(
      new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: sandbox.clientId, AuthParameters: { USERNAME: LEGACY_DEMO_USER.email, PASSWORD: password } }),
    );

  it('refuses a wrong old password as Cognito refuses any, and migrates the right one', async () => {
    if (variant.announced) expect(sandbox.endpoints.legacy).to.match(/^http:\/\/127\.0\.0\.1:\d+\/legacy$/);
    expect(await signInFailure(signIn('not the old password'))).to.deep.include({ code: 'NotAuthorizedException', message: 'Incorrect username or password.' });
    const { AuthenticationResult } = await signIn(LEGACY_DEMO_USER.password);
    expect(AuthenticationResult?.IdToken).to.be.a('string');
    const user = await sandbox.cognito.client().send(new AdminGetUserCommand({ UserPoolId: sandbox.userPoolId, Username: LEGACY_DEMO_USER.email }));
    expect(user.UserStatus).to.equal('CONFIRMED');
    const flows = logs
      .filter((line) => line.line.startsWith('{'))
      .map((line) => JSON.parse(line.line) as Record<string, unknown>)
      .filter((entry) => entry['message'] === 'flow' && entry['trigger'] === 'UserMigration');
    expect(flows.map((flow) => flow['outcome'])).to.deep.equal(['rejected', 'migrated']);
    expect(logs.map((line) => line.line).join('\n')).not.to.include(LEGACY_DEMO_USER.password);
  });
});
