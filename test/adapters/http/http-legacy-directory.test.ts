import { expect } from 'chai';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpLegacyDirectory } from '../../../adapters/http/http-legacy-directory';
import { signLegacyRequest, verifyLegacyRequest } from '../../../adapters/http/legacy-request-signature';
import { withDeadline } from '../../../adapters/invocation-deadline';
import { LegacyDirectoryRejectedError, LegacyDirectoryUnavailableError, StoreRejectedError, StoreUnavailableError } from '../../../domain';
import { LegacyEndpoint } from '../../../sandbox/legacy/legacy-endpoint';

const SECRET = 'legacy-endpoint-test-secret';
const PASSWORD = 'Old-Password-1';

describe('adapters/http/HttpLegacyDirectory against a local legacy endpoint', () => {
  const endpoint = new LegacyEndpoint(SECRET, {
    'alice@example.com': { password: PASSWORD, email: 'alice@example.com', emailVerified: true, attributes: { given_name: 'Alice', level: '3' } },
  });
  let url: string;
  const directory = (options: { secret?: () => Promise<string>; timeoutMs?: number; at?: string } = {}) =>
    new HttpLegacyDirectory({ url: options.at ?? url, secret: options.secret ?? (async () => SECRET), timeoutMs: options.timeoutMs ?? 1000 });

  before(async () => {
    url = await endpoint.start();
  });
  after(() => endpoint.stop());
  beforeEach(() => {
    endpoint.calls.length = 0;
    endpoint.answerWith = undefined;
    endpoint.delayMs = 0;
  });

  it('authenticates a legacy user with a signed request and reads the record', async () => {
    expect(await directory().authenticate('Alice@Example.com', PASSWORD)).to.deep.equal({
      outcome: 'authenticated',
      user: { email: 'alice@example.com', emailVerified: true, attributes: { given_name: 'Alice', level: '3' } },
    });
    expect(endpoint.calls).to.deep.equal([{ action: 'authenticate', username: 'Alice@Example.com', verdict: 'valid' }]);
  });

  it('tells a wrong password from an unknown user, and looks a user up without a password', async () => {
    expect(await directory().authenticate('alice@example.com', 'wrong')).to.deep.equal({ outcome: 'rejected' });
    expect(await directory().authenticate('nobody@example.com', PASSWORD)).to.deep.equal({ outcome: 'unknown' });
    expect((await directory().lookUp('alice@example.com')).outcome).to.equal('found');
    expect(await directory().lookUp('nobody@example.com')).to.deep.equal({ outcome: 'unknown' });
  });

  it('is refused with another secret: LegacyDirectoryRejectedError, never an answer about the user', async () => {
    const error = await directory({ secret: async () => 'not-the-secret' }).authenticate('alice@example.com', PASSWORD).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(LegacyDirectoryRejectedError);
    expect((error as Error).message).to.equal('the legacy endpoint answered authenticate with HTTP 401');
    expect(endpoint.calls[0]?.verdict).to.equal('bad-signature');
  });

  for (const [status, kind] of [
    [503, LegacyDirectoryUnavailableError],
    [500, LegacyDirectoryUnavailableError],
    [429, LegacyDirectoryUnavailableError],
    [404, LegacyDirectoryRejectedError],
    [302, LegacyDirectoryRejectedError],
  ] as const) {
    it(`reads HTTP ${status} as ${kind.name}`, async () => {
      endpoint.answerWith = { status };
      const error = await directory().lookUp('alice@example.com').catch((e: unknown) => e);
      expect(error).to.be.instanceOf(kind);
    });
  }

  it('refuses an answer it cannot read, and a result outside the contract', async () => {
    endpoint.answerWith = { status: 200, body: '<html>maintenance</html>' };
    expect(await directory().lookUp('alice@example.com').catch((e: unknown) => e)).to.be.instanceOf(LegacyDirectoryRejectedError);
    endpoint.answerWith = { status: 200, body: JSON.stringify({ result: 'maybe' }) };
    const error = await directory().authenticate('alice@example.com', PASSWORD).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(LegacyDirectoryRejectedError);
    expect((error as Error).message).to.equal('the legacy endpoint answered authenticate with result "maybe"');
  });

  it('gives up after its timeout, and never outlasts the invocation\'s deadline', async () => {
    // Answered in full after two seconds: only a request cut short can fail here.
    endpoint.delayMs = 2000;
    const late = await directory({ timeoutMs: 100 }).authenticate('alice@example.com', PASSWORD).catch((e: unknown) => e);
    expect(late).to.be.instanceOf(LegacyDirectoryUnavailableError);
    expect((late as Error).message).to.equal('the legacy endpoint did not answer authenticate (timeout)');
    const cut = await withDeadline(Date.now() + 150, () => directory({ timeoutMs: 4000 }).lookUp('alice@example.com')).catch((e: unknown) => e);
    expect(cut).to.be.instanceOf(LegacyDirectoryUnavailableError);
    expect((cut as Error).message).to.equal('the legacy endpoint did not answer lookUp (timeout)');
  });

  it('reports an endpoint nobody listens on as unavailable', async () => {
    const server: Server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const error = await directory({ at: `http://127.0.0.1:${port}/legacy` }).lookUp('alice@example.com').catch((e: unknown) => e);
    expect(error).to.be.instanceOf(LegacyDirectoryUnavailableError);
  });

  it('keeps the secret\'s failure class: a missing secret is a refusal, an unreachable one an outage', async () => {
    const rejected = await directory({ secret: () => Promise.reject(new StoreRejectedError('ParameterNotFound')) }).lookUp('a@example.com').catch((e: unknown) => e);
    expect(rejected).to.be.instanceOf(LegacyDirectoryRejectedError);
    const unavailable = await directory({ secret: () => Promise.reject(new StoreUnavailableError('timeout')) }).lookUp('a@example.com').catch((e: unknown) => e);
    expect(unavailable).to.be.instanceOf(LegacyDirectoryUnavailableError);
    expect(endpoint.calls).to.deep.equal([]);
  });

  it('never repeats the password in what it throws', async () => {
    for (const status of [500, 401]) {
      endpoint.answerWith = { status, body: `echo ${PASSWORD}` };
      const error = (await directory().authenticate('alice@example.com', PASSWORD).catch((e: unknown) => e)) as Error;
      expect(`${error.message} ${String(error.cause)}`).not.to.include(PASSWORD);
    }
  });

  it('accepts https, and plain http only to the loopback', () => {
    expect(() => directory({ at: 'https://legacy.example.com/gatehouse' })).not.to.throw();
    expect(() => directory({ at: 'http://localhost:8080/x' })).not.to.throw();
    expect(() => directory({ at: 'http://legacy.example.com/gatehouse' })).to.throw(RangeError, 'must use https');
    expect(() => directory({ at: 'https://user:pw@legacy.example.com/' })).to.throw(RangeError, 'credentials');
  });
});

describe('adapters/http/legacy-request-signature', () => {
  it('signs the timestamp and the exact body, and an endpoint can check both and the freshness', () => {
    const body = '{"action":"lookUp","username":"alice@example.com"}';
    const signature = signLegacyRequest(SECRET, 1_800_000_000, body);
    expect(signature).to.match(/^v1=[0-9a-f]{64}$/);
    expect(verifyLegacyRequest(SECRET, { timestamp: '1800000000', signature, body }, 1_800_000_100)).to.equal('valid');
    expect(verifyLegacyRequest(SECRET, { timestamp: '1800000000', signature, body: `${body} ` }, 1_800_000_100)).to.equal('bad-signature');
    expect(verifyLegacyRequest(SECRET, { timestamp: '1800000001', signature, body }, 1_800_000_100)).to.equal('bad-signature');
    expect(verifyLegacyRequest('other', { timestamp: '1800000000', signature, body }, 1_800_000_100)).to.equal('bad-signature');
    expect(verifyLegacyRequest(SECRET, { timestamp: '1800000000', signature, body }, 1_800_000_301)).to.equal('stale');
  });
});
