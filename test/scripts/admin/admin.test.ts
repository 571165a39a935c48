import { expect } from 'chai';
import { runAdmin } from '../../../scripts/admin';
import { confirmedUser } from '../../sandbox/cognito/sign-in';
import { OPERATOR_ARN, startOperatorStandIns, type OperatorStandIns } from '../../support/operator-stand-ins';

interface Run {
  readonly code: number;
  readonly out: string;
  readonly err: string;
  json<T = Record<string, unknown>>(): T;
}

describe('scripts/admin: the operator command against dynalite, cognito-local, SSM and STS stand-ins', function () {
  this.timeout(60_000);
  let env: OperatorStandIns;

  before(async () => {
    env = await startOperatorStandIns();
  });
  after(async () => {
    await env.stop();
  });
  beforeEach(() => env.dynamo.resetCounts());

  const run = async (argv: readonly string[], flags: readonly string[] = env.flags()): Promise<Run> => {
    let out = '';
    let err = '';
    const code = await runAdmin([...argv, ...flags], { stdout: (text) => (out += text), stderr: (text) => (err += text), now: () => env.clock.now() });
    return { code, out, err, json: <T>() => JSON.parse(out) as T };
  };
  const lockOut = async (name: string, accountExists = true) => {
    for (let attempt = 0; attempt < 6; attempt += 1) await env.attempt(name, accountExists);
  };

  describe('status', () => {
    it('of a fresh pool user found by email: the pool’s username, nothing counted, no lock', async () => {
      const result = await run(['status', env.ada.email, '--json']);
      expect(result.code, result.err).to.equal(0);
      const status = result.json<{ kind: string; user: { username: string }; locked: boolean; protection: { attemptsInWindow: number; streak: number } }>();
      expect(status).to.deep.include({ kind: 'pool-user', locked: false });
      expect(status.user.username).to.equal(env.ada.username);
      expect(status.protection).to.include({ attemptsInWindow: 0, streak: 0 });
      expect(env.writes()).to.deep.equal({});
      const text = await run(['status', env.ada.email]);
      expect(text.out).to.contain(`${env.ada.email} — user ${env.ada.username} of the pool (CONFIRMED, enabled, email ${env.ada.email})`);
      expect(text.out).to.contain('not locked');
    });

    it('of an account with attempts, counted under the pool’s username as PreAuthentication counts them', async () => {
      const bea = await confirmedSecondUser();
      await env.attempt(bea.username);
      await env.attempt(bea.username);
      for (const identifier of [bea.email, bea.username]) {
        const status = (await run(['status', identifier, '--json'])).json<{ protection: { attemptsInWindow: number }; audit: { outcome: string }[] }>();
        expect(status.protection.attemptsInWindow, identifier).to.equal(2);
        expect(status.audit.map((entry) => entry.outcome)).to.deep.equal(['attempt', 'attempt']);
      }
    });

    it('of a locked account: locked until when, at which backoff level', async () => {
      const cy = await confirmedSecondUser('cy');
      await lockOut(cy.username);
      const result = await run(['status', cy.email]);
      expect(result.code).to.equal(0);
      expect(result.out).to.match(/protection {6}LOCKED until \S+ \(in 5 min\)/);
      expect(result.out).to.contain('backoff level   1 (last lockout');
      expect((await run(['status', cy.email, '--json'])).json()).to.deep.include({ locked: true });
    });

    it('of a name the pool does not know but attempts were typed under: shown as such', async () => {
      await env.attempt('Eve@Example.com', false);
      const result = await run(['status', 'eve@example.com']);
      expect(result.code).to.equal(0);
      expect(result.out).to.contain('no user of the pool has this name');
      expect(result.out).to.contain('attempts        1');
    });
  });

  describe('unlock', () => {
    it('unlocks a locked account, audited with who ran it (STS), and the next sign-in attempt is allowed', async () => {
      const dee = await confirmedSecondUser('dee');
      await lockOut(dee.username);
      expect((await env.attempt(dee.username)).verdict).to.equal('deny');
      env.dynamo.resetCounts();
      env.clock.advance(1000);

      const result = await run(['unlock', dee.email]);
      expect(result.code, result.err).to.equal(0);
      expect(result.out).to.contain(`Unlocked ${dee.email} (user ${dee.username})`);
      expect(result.out).to.contain(`audit entry    unlocked, by ${OPERATOR_ARN}`);
      expect(env.writes()).to.deep.equal({ DeleteItem: 1, PutItem: 1 });
      expect(env.sts.calls.at(-1)).to.deep.equal({ action: 'GetCallerIdentity', accessKeyId: process.env.AWS_ACCESS_KEY_ID });

      env.clock.advance(1000);
      const next = await env.attempt(dee.username);
      expect(next.verdict).to.equal('allow');
      const status = (await run(['status', dee.email, '--json'])).json<{ locked: boolean; audit: { outcome: string; operator?: string }[] }>();
      expect(status.locked).to.equal(false);
      expect(status.audit.slice(0, 2).map((entry) => [entry.outcome, entry.operator])).to.deep.equal([
        ['attempt', undefined],
        ['unlocked', OPERATOR_ARN],
      ]);
    });

    it('says there was nothing to unlock, and writes nothing', async () => {
      const result = await run(['unlock', env.ada.email, '--json']);
      expect(result.code).to.equal(0);
      expect(result.json()).to.deep.include({ outcome: 'nothing-to-unlock', operator: OPERATOR_ARN });
      // The adapter's conditional delete finds no item: refused by its condition, nothing removed or added.
      expect(await run(['audit', env.ada.email, '--json']).then((audit) => audit.json<{ audit: unknown[] }>().audit)).to.deep.equal([]);
    });
  });

  it('audit --since lists the trail from then on, newest first', async () => {
    const fay = await confirmedSecondUser('fay');
    await env.attempt(fay.username);
    env.clock.advance(3_600_000);
    await env.attempt(fay.username);
    const all = (await run(['audit', fay.email, '--json'])).json<{ audit: { at: string }[] }>();
    const recent = (await run(['audit', fay.email, '--since', '30m', '--json'])).json<{ audit: { at: string }[] }>();
    expect(all.audit).to.have.length(2);
    expect(recent.audit).to.deep.equal(all.audit.slice(0, 1));
    const text = await run(['audit', fay.email, '--since', new Date(env.clock.now() + 60_000).toISOString()]);
    expect(text.out).to.contain('audit           no entries since');
  });

  it('recent-lockouts lists locks across accounts through the index: known accounts named, unknown names by key only', async () => {
    const gus = await confirmedSecondUser('gus');
    await env.confirm(gus.username, gus.email);
    await lockOut(gus.username);
    await lockOut('mallory@example.com', false);
    env.dynamo.resetCounts();
    const listed = (await run(['recent-lockouts', '--json'])).json<{ lockouts: { email?: string; partitionKey: string; locked: boolean }[] }>();
    const gusLock = listed.lockouts.find((lockout) => lockout.email === gus.email);
    expect(gusLock).to.include({ locked: true });
    expect(listed.lockouts.filter((lockout) => lockout.email === undefined).length).to.be.greaterThan(0);
    expect(JSON.stringify(listed)).to.not.contain('mallory');
    const text = await run(['recent-lockouts', '--since', '1h']);
    expect(text.out).to.match(/locked at\s+lock\s+level\s+reset\s+account/);
    expect(text.out).to.contain(gus.email);
    expect(text.out).to.contain('unknown username (ACCT#');
    expect(env.writes()).to.deep.equal({});
  });

  it('costs a handful of requests per command: counted at each stand-in', async () => {
    const ivy = await confirmedSecondUser('ivy');
    await lockOut(ivy.username);
    const counts = async (argv: string[]) => {
      env.dynamo.resetCounts();
      env.cognito.resetCounts();
      const ssmBefore = env.ssm.calls.length;
      const stsBefore = env.sts.calls.length;
      const result = await run(argv);
      expect(result.code, result.err).to.equal(0);
      return {
        ...Object.fromEntries(env.dynamo.requests),
        ...Object.fromEntries(env.cognito.requests),
        ...(env.ssm.calls.length > ssmBefore ? { GetParameter: env.ssm.calls.length - ssmBefore } : {}),
        ...(env.sts.calls.length > stsBefore ? { GetCallerIdentity: env.sts.calls.length - stsBefore } : {}),
      };
    };
    // By email: the pool's user, the secret, the account (state and trail), the typed address's state.
    expect(await counts(['status', ivy.email])).to.deep.equal({ AdminGetUser: 1, GetParameter: 1, Query: 3 });
    expect(await counts(['status', ivy.username])).to.deep.equal({ AdminGetUser: 1, GetParameter: 1, Query: 2 });
    // No key to derive: the secret is never read. One query per UTC day the last 24 hours touch, one batch of records.
    expect(await counts(['recent-lockouts'])).to.deep.equal({ Query: 2, BatchGetItem: 1 });
    expect(await counts(['unlock', ivy.email])).to.deep.equal({ GetCallerIdentity: 1, AdminGetUser: 1, GetParameter: 1, Query: 2, DeleteItem: 1, PutItem: 1 });
  });

  describe('failures write nothing', () => {
    it('an unknown user: exit 3, for status and for unlock', async () => {
      for (const command of ['status', 'unlock']) {
        const result = await run([command, 'nobody@example.com']);
        expect(result.code, command).to.equal(3);
        expect(result.err).to.contain('unknown account: the pool has no user nobody@example.com');
      }
      expect(env.writes()).to.deep.equal({});
    });

    it('a name nobody has, even with attempts and a lock under it: refused to unlock', async () => {
      await lockOut('zed@example.com', false);
      env.dynamo.resetCounts();
      const result = await run(['unlock', 'zed@example.com']);
      expect(result.code).to.equal(3);
      expect(result.err).to.contain('lock no one out');
      expect(env.writes()).to.deep.equal({});
    });

    it('no table, no parameter, no pool: named, with the flag to check', async () => {
      const table = await run(['unlock', env.ada.email], env.flags({ table: 'gatehouse-gone' }));
      expect(table).to.deep.include({ code: 1 });
      expect(table.err).to.contain('no table gatehouse-gone (table gatehouse-gone, region eu-west-1): check --table and --region');
      const parameter = await run(['status', env.ada.email], env.flags({ parameter: '/gone/account-key' }));
      expect(parameter.err).to.contain('no parameter /gone/account-key');
      const pool = await run(['status', env.ada.email], env.flags({ pool: 'local_gone0000' }));
      expect(pool.code).to.equal(1);
      expect(pool.err).to.contain('no user pool local_gone0000');
      expect(env.writes()).to.deep.equal({});
    });

    it('bad arguments: exit 2 with the usage, before anything is asked', async () => {
      for (const argv of [['status'], ['lock', 'x'], ['status', 'x', '--since', 'yesterday'], ['recent-lockouts', '--limit', '0'], ['status', 'x', '--sandbox', '--stack', 'prod']]) {
        const result = await run(argv, []);
        expect(result.code, argv.join(' ')).to.equal(2);
        expect(result.err).to.contain('usage: npm run admin');
      }
      expect(Object.fromEntries(env.dynamo.requests)).to.deep.equal({});
      const tooLong = await run(['recent-lockouts', '--since', '91d']);
      expect(tooLong).to.deep.include({ code: 2, err: 'admin: the period may span at most 90 days\n' });
    });

    it('credentials STS refuses: the unlock stops before reading or writing anything', async () => {
      const previous = process.env.AWS_ACCESS_KEY_ID;
      process.env.AWS_ACCESS_KEY_ID = 'AKIAUNKNOWN';
      try {
        const result = await run(['unlock', env.ada.email]);
        expect(result.code).to.equal(1);
        expect(result.err).to.contain('AWS refused the credentials (InvalidClientTokenId)');
      } finally {
        process.env.AWS_ACCESS_KEY_ID = previous;
      }
      expect(Object.fromEntries(env.dynamo.requests)).to.deep.equal({});
    });
  });

  it('without a pool, takes the identifier as the username the triggers receive', async () => {
    const hal = await confirmedSecondUser('hal');
    await env.attempt(hal.username);
    const flags = env.flags().slice(0, 4).concat(['--region', 'eu-west-1']);
    const byUsername = await run(['status', hal.username, '--json'], flags);
    expect(byUsername.code, byUsername.err).to.equal(0);
    expect(byUsername.json()).to.deep.include({ kind: 'keyed-name' });
    const byEmail = await run(['status', hal.email], flags);
    expect(byEmail.code).to.equal(3);
    expect(byEmail.err).to.contain('give the pool to look up an email address');
  });

  it('policy prints the least-privilege policy for the stack’s resources', async () => {
    const result = await run(['policy', '--read-only', '--key-arn', 'arn:aws:kms:eu-west-1:123456789012:key/k']);
    expect(result.code, result.err).to.equal(0);
    const policy = result.json<{ Statement: { Sid: string }[] }>();
    expect(policy.Statement.map((statement) => statement.Sid)).to.deep.equal(['ReadAccounts', 'ReadRecentLockouts', 'ReadAccountKeySecret', 'DecryptAccountKeySecret', 'FindPoolUsers']);
  });

  let users = 0;
  async function confirmedSecondUser(name = 'bea'): Promise<{ email: string; username: string }> {
    users += 1;
    const email = `${name}${users}@example.com`;
    return { email, username: await confirmedUser(env.cognito, email) };
  }
});
