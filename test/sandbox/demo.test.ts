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
    expect(out).to.match(/Done: 8 steps shown\./);
  });

  it('signs in by magic link on the identity stack: the link from the mailbox answers the kept session, a used link is refused, a link opened in another browser signs in', async () => {
    const { code, out, err } = await demo(['identity', '--data', data]);
    expect(code, err + out).to.equal(0);
    expect(out).to.contain('Gatehouse demo — stack "identity"');
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
