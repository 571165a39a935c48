/**
 * `npm run demo` without a running sandbox: it starts its own (free ports, temporary data, waits sped
 * up), walks the journey and leaves nothing behind; a stale announcement of a killed sandbox is ignored.
 */
import { expect } from 'chai';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findRunning } from '../../sandbox/running';
import { runScript } from './run-script';

async function demo(args: readonly string[], env: Readonly<Record<string, string>> = {}) {
  const run = runScript('sandbox/demo/main.ts', args, env);
  const code = await run.exited;
  return { code, out: run.out(), err: run.err() };
}

describe('sandbox/demo: `npm run demo` on its own', function () {
  this.timeout(90_000);
  const data = mkdtempSync(join(tmpdir(), 'gatehouse-demo-test-'));
  after(() => rmSync(data, { recursive: true, force: true }));

  it('ignores the announcement a killed sandbox left, starts its own, walks the journey and stops it', async () => {
    writeFileSync(join(data, 'running.json'), JSON.stringify({ pid: 2 ** 22 + 12_345, stack: 'dev' }));
    expect(findRunning(data)).to.equal(undefined);
    // A temporary folder of its own, so that what the demo leaves behind is seen whatever else runs.
    const scratch = mkdtempSync(join(tmpdir(), 'gatehouse-demo-scratch-'));
    const { code, out, err } = await demo(['dev', '--data', data], { TMPDIR: scratch });
    // tsx keeps its compile cache there; the demo's own data folders start with gatehouse-demo-.
    const left = readdirSync(scratch).filter((name) => name.startsWith('gatehouse-'));
    rmSync(scratch, { recursive: true, force: true });
    expect(code, err).to.equal(0);
    expect(out).to.contain('No sandbox is running for stack "dev" (`npm start`): the demo starts its own');
    expect(out).to.match(/at this sandbox's pace \(200000x\) that is 432 ms and 3\.0 s\n/);
    expect(out).to.match(/Done: 8 steps shown\. The sandbox stops now/);
    // The lockout counted as CloudWatch would count it, and the stack's alarm on it evaluated.
    expect(out).to.match(/metrics → Invocations of PreAuthentication refused\/lockout: 1 since the sandbox started; alarm gatehouse-dev-lockouts OK \(1 of 20 in 5 minutes\)\n/);
    // The reminder workflow's own counts, through its PutMetricData Tasks: the unconfirmed user's reminder and deletion.
    expect(out).to.match(/metrics → Invocations of ReminderWorkflow accepted\/reminded: [1-9]\d*, accepted\/deleted: 1 since the sandbox started\n/);
    expect(left).to.deep.equal([]);
  });

  it('shows, on the showcase stack, the codes written by CustomMessage in the user\'s language, the welcome mail and the lock alert', async () => {
    const { code, out, err } = await demo(['showcase', '--data', data]);
    expect(code, err + out).to.equal(0);
    expect(out).to.contain('Gatehouse demo — stack "showcase"');
    expect(out).to.contain('→ written by CustomMessage from the stack\'s template, in the user\'s language: "Bienvenue sur Gatehouse Showcase, confirmez votre adresse e-mail"');
    expect(out).to.match(/mailbox → welcome mail "Bienvenue .*Gatehouse Showcase"/);
    expect(out).to.match(/ForgotPassword → mailbox → code \d{6}, "[^"]*Gatehouse Showcase"/);
    // The attempt that locked the account mailed its owner, in French, once.
    expect(out).to.contain('mailbox → lock alert "Votre compte Gatehouse Showcase est temporairement bloqué", once (another attempt during the lock sent none)');
    expect(out).to.match(/alarm gatehouse-showcase-lockouts OK \(\d+ of 10 in 5 minutes\)/);
    expect(out).to.match(/Done: 8 steps shown\./);
  });

  it('shows, on the identity stack, a sign-in refused until a tenant is assigned, then the claims policy in both tokens', async () => {
    const { code, out, err } = await demo(['identity', '--data', data]);
    expect(code, err + out).to.equal(0);
    expect(out).to.contain('Gatehouse demo — stack "identity"');
    expect(out).to.contain(
      'USER_SRP_AUTH → PreTokenGeneration failed with error This account is not assigned to an organisation yet, please contact your administrator.',
    );
    expect(out).to.match(/SignUp mallory\+\w+@example\.com with custom:tenant=acme-\w+ → NotAuthorizedException: A client attempted to write unauthorized attribute\n/);
    expect(out).to.match(/AdminUpdateUserAttributes custom:tenant=acme-\w+ \(the app client's write attributes leave it out/);
    expect(out).to.contain('USER_SRP_AUTH → tokens (PreTokenGeneration, event V2_0)');
    expect(out).to.match(/ID token: sub [0-9a-f-]{36}, tenant "acme-\w+", roles \["admin","billing-reader"\]; email suppressed\n/);
    expect(out).to.match(/access token: tenant "acme-\w+", roles \["admin","billing-reader"\]; scope "aws\.cognito\.signin\.user\.admin api\.example\.com\/orders\.read"\n/);
    expect(out).to.match(/Done: 10 steps shown\./);
  });

  it('shows, on the migration stack, a user of the old pool signing in with the old password and one resetting a forgotten one', async () => {
    const { code, out, err } = await demo(['migration', '--data', data]);
    expect(code, err + out).to.equal(0);
    expect(out).to.contain('Gatehouse demo — stack "migration"');
    expect(out).to.match(/the old pool has lee\+\w+@example\.com, password "old system password \w+"; this pool does not know them\n/);
    expect(out).to.contain('USER_PASSWORD_AUTH → PreAuthentication counted the attempt, UserMigration checked the old password with the old pool → tokens');
    expect(out).to.match(/→ now user [0-9a-f-]{36} of this pool, CONFIRMED, email_verified true, given_name Lee\n/);
    expect(out).to.contain('USER_SRP_AUTH with the same password → tokens: the pool knows them now, the old system is no longer asked');
    expect(out).to.match(/ForgotPassword max\+\w+@example\.com → UserMigration looked them up in the old pool → mailbox → code \d{6}\n/);
    expect(out).to.match(/Done: 9 steps shown, 1 skipped by this stack's configuration\./);
  });

  it('signs in by magic link on the passwordless stack: the link from the mailbox answers the kept session, a used link is refused, a link opened in another browser signs in', async () => {
    const { code, out, err } = await demo(['passwordless', '--data', data]);
    expect(code, err + out).to.equal(0);
    expect(out).to.contain('Gatehouse demo — stack "passwordless"');
    expect(out).to.contain('→ round MAGIC_LINK_SENT: CreateAuthChallenge mailed a link valid 5 min; the app keeps the Session');
    expect(out).to.contain('mailbox → "Your sign-in link for Gatehouse Identity": https://app.identity.example/sign-in/link#<token>');
    expect(out).to.match(/RespondToAuthChallenge ANSWER=<the link's fragment> → tokens; the ID token says email ada\+\w+@example\.com/);
    expect(out).to.contain('the used link, in a sign-in of its own → no tokens: round MAGIC_LINK_RETRY');
    expect(out).to.match(/its first round answered with the link\n   → tokens\n/);
    expect(out).to.match(/Done: 9 steps shown, 1 skipped/);
  });

  it('names an unknown stack or option and exits 1', async () => {
    const unknown = await demo(['nope']);
    expect(unknown.code).to.equal(1);
    expect(unknown.err).to.match(/The demo stopped: unknown stack "nope": there is no Pulumi\.nope\.yaml/);
    const bad = await demo(['--fast']);
    expect(bad.code).to.equal(1);
    expect(bad.err).to.equal('\nThe demo stopped: unknown option --fast\n');
  });
});
