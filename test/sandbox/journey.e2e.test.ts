/**
 * End to end, the way a newcomer runs it: `npm start` (sandbox/main.ts after the build) in one process,
 * `npm run demo` (sandbox/demo/main.ts) in another, finding it through the data folder; then the
 * console in a real headless Chromium over what the journey left, with a screenshot of each page and
 * an unlock through the page that lets the locked user sign in again.
 */
import { ConfirmSignUpCommand, CognitoIdentityProviderClient, SignUpCommand } from '@aws-sdk/client-cognito-identity-provider';
import { expect } from 'chai';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { signInWithSrp } from '../../sandbox/client/srp-sign-in';
import { ConsoleClient } from '../../sandbox/demo/console-client';
import type { RunningSandbox } from '../../sandbox/running';
import { signInFailure } from './cognito/sign-in';
import { runScript, untilReady, type RunningScript } from './run-script';

const root = join(__dirname, '..', '..');
/** Debian's Chromium (`apt-get install chromium`); another one through CHROMIUM_PATH. */
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
/** Where the screenshots go (ignored by git): one per console page. */
const SCREENSHOTS = join(root, 'reports', 'console');
const TIME_SCALE = '200000';

describe('the demo journey and the console, end to end (npm start + npm run demo + Chromium)', function () {
  this.timeout(120_000);
  const data = mkdtempSync(join(tmpdir(), 'gatehouse-e2e-'));
  let sandbox: RunningScript;
  let running: RunningSandbox;

  before(async () => {
    sandbox = runScript('sandbox/main.ts', ['dev', '--ephemeral-ports', '--quiet', '--data', data, '--time-scale', TIME_SCALE]);
    await untilReady(sandbox);
    running = JSON.parse(readFileSync(join(data, 'running.json'), 'utf8')) as RunningSandbox;
  });
  after(async () => {
    if (sandbox && sandbox.child.exitCode === null) {
      sandbox.child.kill('SIGINT');
      await sandbox.exited;
    }
    rmSync(data, { recursive: true, force: true });
  });

  it('npm run demo walks the whole journey against the running sandbox, each step checked', async () => {
    const demo = runScript('sandbox/demo/main.ts', ['dev', '--data', data]);
    const code = await demo.exited;
    expect(code, demo.err() + demo.out()).to.equal(0);
    const transcript = demo.out();
    expect(transcript).not.to.contain('starts its own');
    const titles = [...transcript.matchAll(/^(\d+)\. (.+)$/gm)].map((match) => match[2]);
    expect(titles).to.deep.equal([
      'Sign up with an address the stack refuses',
      'Someone signs up and never confirms (the reminder workflow takes it from here)',
      'Sign up properly',
      'Read the code from the mailbox and confirm',
      'Sign in with SRP',
      '5 wrong passwords, then the right one is refused',
      'Recover with forgot-password and sign in again',
      'The unconfirmed user is reminded after 24 h, then deleted after 7 more days',
    ]);
    expect(transcript).to.contain('→ refused: PreSignUp failed with error Disposable email addresses cannot be used to sign up');
    expect(transcript).to.contain('right password → PreAuthentication failed with error Too many failed sign-in attempts, please try again later.');
    expect(transcript).to.match(/Done: 8 steps shown\. Open http:\/\/127\.0\.0\.1:\d+ to look around\./);
  });

  describe('the console in Chromium', () => {
    let browser: Browser;
    let page: Page;
    let console: ConsoleClient;
    const email = 'grace@example.com';
    const password = 'grace has a long enough passphrase';
    let username = '';

    before(async function () {
      if (!existsSync(CHROMIUM)) {
        // CI installs it (.ci/run); elsewhere the console test says what it needs instead of failing.
        if (process.env['CI']) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install chromium, or set CHROMIUM_PATH`);
        this.skip();
      }
      mkdirSync(SCREENSHOTS, { recursive: true });
      browser = await puppeteer.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'], headless: true });
      page = await browser.newPage();
      await page.setViewport({ width: 1280, height: 800 });
      console = new ConsoleClient(String(running.endpoints.console));

      // A user locked out by wrong passwords, for the unlock: five failures, and the sixth attempt locks.
      const cognito = new CognitoIdentityProviderClient({
        endpoint: running.endpoints.cognito,
        region: running.region,
        credentials: { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' },
      });
      username = String((await cognito.send(new SignUpCommand({ ClientId: running.clientId, Username: email, Password: password, UserAttributes: [{ Name: 'email', Value: email }] }))).UserSub);
      await cognito.send(new ConfirmSignUpCommand({ ClientId: running.clientId, Username: email, ConfirmationCode: await console.waitForCode(email, 0) }));
      cognito.destroy();
      const pool = { endpoint: String(running.endpoints.cognito), userPoolId: running.userPoolId, clientId: running.clientId };
      for (let attempt = 0; attempt < 6; attempt += 1) await signInFailure(signInWithSrp(pool, email, 'not grace at all'));
    });
    after(async () => {
      await browser?.close();
    });

    const open = async (hash: string, name: string) => {
      await page.goto(`${running.endpoints.console}/${hash}`);
      await page.waitForSelector(`main#page[data-page="${name}"][data-ready="true"]`);
    };
    const shoot = async (name: string) => {
      const file = join(SCREENSHOTS, `console-${name}.png`);
      await page.screenshot({ path: file, fullPage: true });
      expect(statSync(file).size).to.be.greaterThan(10_000);
    };

    it('shows the mailbox, newest first, with the codes the journey used', async () => {
      await open('#/mailbox', 'mailbox');
      const entries = await page.$$eval('.mail-entry', (nodes) => nodes.map((node) => ({ kind: node.getAttribute('data-kind'), code: node.querySelector('.code')?.textContent ?? '' })));
      expect(entries.length).to.be.greaterThanOrEqual(4);
      expect(entries.every((entry) => entry.kind !== 'code' || /^\d{6}$/.test(entry.code.trim()))).to.equal(true);
      expect(entries[0]?.code.trim()).to.equal((await console.mailbox())[0]?.code);
      await shoot('mailbox');
    });

    it('lists users with their status and protection, and unlocks a locked one (who then signs in)', async () => {
      await open('#/users', 'users');
      const row = `tr.user-row[data-username="${username}"]`;
      expect(await page.$eval(row, (node) => node.getAttribute('data-locked'))).to.equal('true');
      const statuses = await page.$$eval('tr.user-row', (nodes) => nodes.map((node) => node.textContent ?? ''));
      expect(statuses.some((text) => text.includes('CONFIRMED'))).to.equal(true);
      await shoot('users');
      await page.click(`${row} button.unlock`);
      await page.waitForSelector('#status[data-outcome="unlocked"]');
      await page.waitForSelector(`${row}[data-locked="false"]`);
      const session = await signInWithSrp({ endpoint: String(running.endpoints.cognito), userPoolId: running.userPoolId, clientId: running.clientId }, email, password);
      expect(session.isValid()).to.equal(true);
    });

    it("shows an account's details and its audit trail, the console's unlock included", async () => {
      await open(`#/users/${encodeURIComponent(username)}`, 'account');
      const outcomes = await page.$$eval('tr.audit-row', (nodes) => nodes.map((node) => node.getAttribute('data-outcome')));
      expect(outcomes.slice(0, 3)).to.deep.equal(['success', 'attempt', 'unlocked']);
      expect(outcomes).to.include('lockout');
      await shoot('account');
    });

    it('shows the audit trail across accounts, naming the operator of an unlock', async () => {
      await open('#/audit', 'audit');
      const unlock = await page.$eval('tr.audit-row[data-outcome="unlocked"]', (node) => node.textContent ?? '');
      expect(unlock).to.contain('sandbox console');
      expect(await page.$$('tr.audit-row[data-outcome="deleted-unconfirmed"]')).to.have.length(1);
      await shoot('audit');
    });

    it("shows the reminder workflow's executions", async () => {
      await open('#/workflows', 'workflows');
      const statuses = await page.$$eval('tr.workflow-row', (nodes) => nodes.map((node) => node.getAttribute('data-status')));
      expect(statuses).to.include('SUCCEEDED');
      await shoot('workflows');
    });

    it("shows the functions' metrics and the stack's alarms evaluated on them", async () => {
      await open('#/metrics', 'metrics');
      const alarms = await page.$$eval('tr.alarm-row', (nodes) => nodes.map((node) => [node.querySelector('.mono')?.textContent, node.getAttribute('data-state')]));
      expect(alarms).to.deep.include(['gatehouse-dev-lockouts', 'OK']);
      expect(alarms).to.deep.include(['gatehouse-dev-pre-authentication-duration', 'AWS only']);
      const metrics = await page.$$eval('tr.metric-row', (nodes) => nodes.map((node) => node.textContent ?? ''));
      expect(metrics.some((text) => text.includes('Gatehouse/Invocations') && text.includes('trigger=PreAuthentication') && text.includes('outcome=lockout'))).to.equal(true);
      await shoot('metrics');
    });

    it('refuses an unlock from another origin and requests for another host', async () => {
      const endpoint = String(running.endpoints.console);
      const plain = await fetch(`${endpoint}/api/users/${encodeURIComponent(username)}/unlock`, { method: 'POST' });
      expect(plain.status).to.equal(403);
      const rebound = await new Promise<number>((resolve, reject) => {
        const url = new URL(`${endpoint}/api/users`);
        // fetch will not set Host; a raw request plays a page whose name was rebound to 127.0.0.1.
        void import('node:http').then(({ request }) =>
          request({ host: url.hostname, port: url.port, path: url.pathname, headers: { host: 'evil.example' } }, (response) => resolve(response.statusCode ?? 0))
            .on('error', reject)
            .end(),
        );
      });
      expect(rebound).to.equal(421);
    });
  });
});
