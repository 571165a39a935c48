import { expect } from 'chai';
import { parseArguments, parseSince, UsageError } from '../../../scripts/admin/arguments';

const NOW = Date.parse('2026-11-23T10:00:00Z');
const parse = (...argv: string[]) => parseArguments(argv, NOW);
const refusal = (...argv: string[]) => {
  try {
    parse(...argv);
  } catch (error) {
    expect(error).to.be.instanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error(`${argv.join(' ')} was accepted`);
};

describe('scripts/admin/arguments', () => {
  it('reads a command, its account and a target in any order', () => {
    expect(parse('status', 'jane@example.com', '--stack', 'prod', '--json')).to.deep.include({ command: 'status', identifier: 'jane@example.com', json: true, target: { stack: 'prod' } });
    expect(parse('--table=t', '--account-key-parameter', '/p/account-key', 'unlock', 'jane').target).to.deep.equal({ table: 't', accountKeyParameter: '/p/account-key' });
  });

  it('takes the sandbox’s stack when one follows --sandbox, and dev otherwise', () => {
    expect(parse('--sandbox', 'showcase', 'status', 'jane').target).to.deep.equal({ sandbox: 'showcase' });
    expect(parse('--sandbox', 'status', 'jane')).to.deep.include({ identifier: 'jane', target: { sandbox: 'dev' } });
    expect(parse('status', '--sandbox', 'jane')).to.deep.include({ identifier: 'jane', target: { sandbox: 'dev' } });
    expect(parse('status', 'jane', '--sandbox', 'senders').target).to.deep.equal({ sandbox: 'senders' });
    expect(parse('recent-lockouts', '--sandbox', 'senders').target).to.deep.equal({ sandbox: 'senders' });
    expect(parse('recent-lockouts', '--sandbox=showcase', '--data', '/tmp/d').target).to.deep.equal({ sandbox: 'showcase', data: '/tmp/d' });
  });

  it('reads --since as a duration back from now or as an ISO date or time', () => {
    expect(parseSince('30m', NOW)).to.equal(NOW - 1_800_000);
    expect(parseSince('24h', NOW)).to.equal(NOW - 86_400_000);
    expect(parseSince('7d', NOW)).to.equal(NOW - 7 * 86_400_000);
    expect(parseSince('2026-11-20', NOW)).to.equal(Date.parse('2026-11-20T00:00:00Z'));
    expect(parseSince('2026-11-20T08:30:00+01:00', NOW)).to.equal(Date.parse('2026-11-20T07:30:00Z'));
    for (const bad of ['yesterday', '7 days', '-1d', '2026-13-45', '']) expect(() => parseSince(bad, NOW), bad).to.throw(UsageError);
  });

  it('refuses what it cannot run, saying why', () => {
    expect(refusal()).to.equal('name a command');
    expect(refusal('lock', 'jane')).to.equal('unknown command "lock"');
    expect(refusal('unlock')).to.equal('unlock takes a username or an email address');
    expect(refusal('status', 'a', 'b')).to.equal('unexpected argument "b"');
    expect(refusal('recent-lockouts', 'jane')).to.equal('unexpected argument "jane"');
    expect(refusal('status', 'jane', '--force')).to.equal('unknown option --force');
    expect(refusal('status', 'jane', '--stack')).to.equal('--stack takes a value');
    expect(refusal('audit', 'jane', '--limit', 'ten')).to.contain('--limit takes a whole number');
    expect(refusal('status', 'jane', '--since', '1d')).to.equal('--since is an option of audit and recent-lockouts');
    expect(refusal('status', 'jane', '--read-only')).to.equal('--read-only is an option of policy');
    expect(refusal('status', 'jane', '--sandbox', '--table', 't')).to.contain('--sandbox runs against the local sandbox');
    expect(refusal('status', 'jane', '--data', '/tmp')).to.contain('use it with --sandbox');
  });

  it('asks for help without a command', () => {
    expect(parse('--help')).to.deep.include({ help: true });
  });
});
