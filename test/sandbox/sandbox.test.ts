/**
 * The sandbox as `npm start` runs it, in this process: the dev stack's pool on cognito-local, every
 * trigger's built bundle in a process of its own, dynalite, the mail sinks, SSM and Step Functions.
 * A user signs up, confirms with the code from the mailbox, signs in with SRP; wrong passwords lock the
 * account through the real PreAuthentication function; a restart over the same data keeps all of it.
 */
import { AdminGetUserCommand, ConfirmSignUpCommand, SignUpCommand } from '@aws-sdk/client-cognito-identity-provider';
import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EPHEMERAL_PORTS, startSandbox, type Sandbox } from '../../sandbox/sandbox';
import type { LogLine } from '../../sandbox/lambda/function-process';
import { signInFailure, signInWithSrp } from './cognito/sign-in';

const EMAIL = 'jane@example.com';
const PASSWORD = 'a-long-enough-passphrase-for-dev';

describe('the sandbox (dev stack): sign-up, confirmation, SRP sign-in and lockout through the real functions', function () {
  const data = mkdtempSync(join(tmpdir(), 'gatehouse-sandbox-'));
  const logs: LogLine[] = [];
  let sandbox: Sandbox;
  const start = () => startSandbox({ stack: 'dev', dataDirectory: data, ports: EPHEMERAL_PORTS, onLog: (line) => void logs.push(line) });

  before(async () => {
    sandbox = await start();
  });
  after(async () => {
    await sandbox?.stop();
    rmSync(data, { recursive: true, force: true });
  });

  const flows = () =>
    logs
      .filter((line) => line.line.startsWith('{'))
      .map((line) => JSON.parse(line.line) as Record<string, unknown>)
      .filter((entry) => entry['message'] === 'flow');

  let username = '';
  it('signs a user up through PreSignUp and starts one reminder workflow', async () => {
    const users = sandbox.cognito.client();
    const { UserSub } = await users.send(
      new SignUpCommand({ ClientId: sandbox.clientId, Username: EMAIL, Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: EMAIL }] }),
    );
    username = String(UserSub);
    expect(flows().filter((entry) => entry['trigger'] === 'PreSignUp')).to.have.length(1);
    expect(sandbox.stepFunctions?.executions).to.have.length(1);
    const user = await users.send(new AdminGetUserCommand({ UserPoolId: sandbox.userPoolId, Username: username }));
    expect(user.UserStatus).to.equal('UNCONFIRMED');
  });

  it('confirms with the code from the mailbox (PostConfirmation records the account) and signs in with SRP', async () => {
    const [latest] = await sandbox.mailbox();
    expect(latest).to.include({ kind: 'code', to: EMAIL });
    await sandbox.cognito.client().send(new ConfirmSignUpCommand({ ClientId: sandbox.clientId, Username: EMAIL, ConfirmationCode: String(latest?.code) }));
    const session = await signInWithSrp(sandbox.cognito, EMAIL, PASSWORD);
    expect(session.isValid()).to.equal(true);
    const triggers = flows().map((entry) => `${String(entry['trigger'])}:${String(entry['result'])}`);
    expect(triggers).to.include.members(['PostConfirmation:accepted', 'PreAuthentication:accepted', 'PostAuthentication:accepted']);
  });

  it('locks the account after five wrong passwords: the sixth attempt is refused by PreAuthentication, the right password too', async () => {
    for (let attempt = 0; attempt < 5; attempt += 1) {
      expect((await signInFailure(signInWithSrp(sandbox.cognito, EMAIL, 'a-wrong-passphrase-for-dev'))).message).to.equal('Incorrect username or password.');
    }
    const refused = await signInFailure(signInWithSrp(sandbox.cognito, EMAIL, PASSWORD));
    expect(refused.message).to.equal('PreAuthentication failed with error Too many failed sign-in attempts, please try again later.');
  });

  it('keeps users and their sign-in state across a restart over the same data', async () => {
    await sandbox.stop();
    sandbox = await start();
    const user = await sandbox.cognito.client().send(new AdminGetUserCommand({ UserPoolId: sandbox.userPoolId, Username: username }));
    expect(user.UserStatus).to.equal('CONFIRMED');
    const refused = await signInFailure(signInWithSrp(sandbox.cognito, EMAIL, PASSWORD));
    expect(refused.message).to.equal('PreAuthentication failed with error Too many failed sign-in attempts, please try again later.');
  });
});
