/**
 * The custom senders in the sandbox, through the built bundles: `npm run demo -- senders` as a user
 * runs it (SES and SNS), and a stack that chose SendGrid and Twilio, whose stand-ins the sandbox starts
 * with the secrets the functions read from SSM.
 */
import { AdminCreateUserCommand, ConfirmSignUpCommand, SignUpCommand } from '@aws-sdk/client-cognito-identity-provider';
import { expect } from 'chai';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EPHEMERAL_PORTS, startSandbox, type Sandbox } from '../../sandbox/sandbox';
import { runScript } from './run-script';

const ROOT = join(__dirname, '..', '..');

/** The project as it is, with one more stack file: the sandbox reads stacks, bundles and sources from its root. */
function projectWithStack(stack: string, yaml: string): string {
  const root = mkdtempSync(join(tmpdir(), 'gatehouse-senders-project-'));
  for (const entry of ['Pulumi.yaml', 'package.json', 'package-lock.json', 'node_modules', 'dist', 'infra', 'handlers', 'domain', 'adapters']) {
    symlinkSync(join(ROOT, entry), join(root, entry));
  }
  writeFileSync(join(root, `Pulumi.${stack}.yaml`), yaml);
  return root;
}

describe('the sandbox with custom senders', function () {
  this.timeout(120_000);

  it('walks `npm run demo -- senders`: the codes come in the senders\' mails and texts, decrypted from what the pool encrypted', async () => {
    const data = mkdtempSync(join(tmpdir(), 'gatehouse-senders-demo-'));
    try {
      const run = runScript('sandbox/demo/main.ts', ['senders', '--data', data]);
      const code = await run.exited;
      const out = run.out();
      expect(code, run.err() + out).to.equal(0);
      expect(out).to.contain('→ sent by CustomEmailSender through ses: Cognito encrypted the code under the stack\'s key, the sender decrypted it and sent the stack\'s template in the user\'s language: "Confirmez votre adresse e-mail pour Gatehouse Senders"');
      expect(out).to.match(/ForgotPassword → mailbox → code \d{6}, "[^"]*Gatehouse Senders" \(sent by CustomEmailSender\)/);
      expect(out).to.match(/→ CustomSMSSender decrypted it \(and undid Cognito's HTML escaping\), then sent through sns: "[^"]*Temp <&> \w+ pass"/);
      expect(out).to.match(/Done: 8 steps shown, 1 skipped/);
    } finally {
      rmSync(data, { recursive: true, force: true });
    }
  });

  describe('a stack sending through SendGrid and Twilio', function () {
    const stackFile = (
      [
        'config:',
        '  aws:region: eu-west-1',
        '  gatehouse:email:',
        '    from: Vendors <no-reply@vendors.example>',
        '    provider: sendgrid',
        '  gatehouse:messages:',
        '    appName: Vendors',
        '    email: custom-sender',
        '    sms: custom-sender',
        '  gatehouse:sms:',
        '    provider: twilio',
        '    twilio:',
        '      accountSid: AC0123456789abcdef0123456789abcdef',
        '      from: "+15005550006"',
        '',
      ].join('\n')
    );
    let root: string;
    let data: string;
    let sandbox: Sandbox;

    before(async () => {
      root = projectWithStack('vendors', stackFile);
      data = mkdtempSync(join(tmpdir(), 'gatehouse-senders-vendors-'));
      sandbox = await startSandbox({ stack: 'vendors', projectRoot: root, dataDirectory: data, ports: EPHEMERAL_PORTS });
    });
    after(async () => {
      await sandbox?.stop();
      rmSync(data, { recursive: true, force: true });
      rmSync(root, { recursive: true, force: true });
    });

    it('starts the SendGrid and Twilio stand-ins (and KMS) instead of SNS, and announces them', () => {
      expect(sandbox.endpoints).to.include.keys('kms', 'sendgrid', 'twilio');
      expect(sandbox.endpoints).to.not.have.property('sns');
    });

    it('mails the sign-up code through SendGrid, and the code confirms the user', async () => {
      const users = sandbox.cognito.client();
      await users.send(new SignUpCommand({ ClientId: sandbox.clientId, Username: 'ada@example.com', Password: 'a long enough passphrase', UserAttributes: [{ Name: 'email', Value: 'ada@example.com' }] }));
      await sandbox.cognito.sendersSettled();
      const [mail] = await sandbox.mailbox();
      expect(mail).to.deep.include({ kind: 'mail', to: 'ada@example.com', subject: 'Confirm your email address for Vendors' });
      expect(mail?.code).to.match(/^\d{6}$/);
      await users.send(new ConfirmSignUpCommand({ ClientId: sandbox.clientId, Username: 'ada@example.com', ConfirmationCode: String(mail?.code) }));
    });

    it('texts an invitation through Twilio with the temporary password as it was set', async () => {
      await sandbox.cognito.client().send(
        new AdminCreateUserCommand({
          UserPoolId: sandbox.userPoolId,
          Username: 'grace@example.com',
          TemporaryPassword: 'Temp <&> vendors pass',
          DesiredDeliveryMediums: ['SMS'],
          UserAttributes: [{ Name: 'email', Value: 'grace@example.com' }, { Name: 'phone_number', Value: '+447700900123' }],
        }),
      );
      await sandbox.cognito.sendersSettled();
      const [text] = await sandbox.mailbox();
      expect(text).to.deep.include({ kind: 'text', to: '+447700900123', code: 'Temp <&> vendors pass' });
      expect(text?.text).to.equal('grace@example.com / Temp <&> vendors pass');
    });
  });
});
