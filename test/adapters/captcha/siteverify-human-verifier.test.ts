import { expect } from 'chai';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import sinon from 'sinon';
import {
  SiteverifyHumanVerifier,
  type SiteverifyHumanVerifierOptions,
} from '../../../adapters/captcha/siteverify-human-verifier';
import { withDeadline } from '../../../adapters/invocation-deadline';
import { StoreRejectedError, StoreUnavailableError, type HumanVerdict } from '../../../domain';
import { SiteverifyEndpoint, type SiteverifyDialect } from '../../../sandbox/captcha/siteverify-endpoint';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** The contract, per provider: which of its error codes blame Gatehouse's setup, which the provider or the request. */
const CODES: Record<SiteverifyDialect, { setup: string[]; provider: string[]; spent: string; expired: string }> = {
  turnstile: {
    setup: ['missing-input-secret', 'invalid-input-secret', 'invalid-widget-id', 'invalid-parsed-secret'],
    provider: ['internal-error', 'bad-request'],
    spent: 'timeout-or-duplicate',
    expired: 'timeout-or-duplicate',
  },
  recaptcha: {
    setup: ['missing-input-secret', 'invalid-input-secret'],
    provider: ['bad-request'],
    spent: 'timeout-or-duplicate',
    expired: 'timeout-or-duplicate',
  },
  hcaptcha: {
    setup: [
      'missing-input-secret',
      'invalid-input-secret',
      'sitekey-secret-mismatch',
      'not-using-dummy-passcode',
      'invalid-sitekey',
      'missing-remoteip',
    ],
    provider: ['bad-request', 'invalid-remoteip'],
    spent: 'already-seen-response',
    expired: 'expired-input-response',
  },
};

/** A verifier of `dialect` asking the local endpoint, with its secret unless told otherwise. */
function localVerifier(dialect: SiteverifyDialect, endpoint: SiteverifyEndpoint, url: string) {
  return (options: Partial<SiteverifyHumanVerifierOptions> = {}) =>
    new SiteverifyHumanVerifier({ provider: dialect, secret: async () => endpoint.secret, timeoutMs: 2_000, endpoint: url, ...options });
}

function unavailable(reason: string, misconfigured = false): HumanVerdict {
  return { outcome: 'unavailable', reason, misconfigured };
}

/** A loopback URL on which nothing listens: connections are refused at once. */
async function refusingEndpoint(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/siteverify`;
}

for (const dialect of ['turnstile', 'recaptcha', 'hcaptcha'] as const) {
  describe(`adapters/captcha/SiteverifyHumanVerifier: ${dialect} against a local siteverify endpoint`, () => {
    const codes = CODES[dialect];
    let endpoint: SiteverifyEndpoint;
    let url: string;

    before(async () => {
      endpoint = new SiteverifyEndpoint(dialect);
      url = await endpoint.start();
    });
    after(() => endpoint.stop());
    beforeEach(() => {
      endpoint.calls.length = 0;
      endpoint.behaviour = { kind: 'verify' };
    });

    const verifier = (options: Partial<SiteverifyHumanVerifierOptions> = {}) => localVerifier(dialect, endpoint, url)(options);

    /** Spends a token as another server would: the same secret, no idempotency key. */
    const spendElsewhere = async (token: string) => {
      const answer = await fetch(url, { method: 'POST', body: new URLSearchParams({ secret: endpoint.secret, response: token }) });
      expect(((await answer.json()) as { success: boolean }).success).to.equal(true);
    };

    const reply = (status: number, body: unknown) => {
      endpoint.behaviour = { kind: 'reply', status, body: typeof body === 'string' ? body : JSON.stringify(body) };
    };

    it('passes a token the provider vouches for, asking once with a form-encoded secret and response', async () => {
      const token = endpoint.issue();
      expect(await verifier().verify(token)).to.deep.equal({ outcome: 'passed' });
      expect(endpoint.requests).to.equal(1);
      const [call] = endpoint.calls;
      expect(call?.method).to.equal('POST');
      expect(call?.contentType).to.match(/^application\/x-www-form-urlencoded\b/);
      expect(call?.form.secret).to.equal(endpoint.secret);
      expect(call?.form.response).to.equal(token);
      if (dialect === 'turnstile') expect(call?.form.idempotency_key).to.match(UUID);
      else expect(call?.form).not.to.have.property('idempotency_key');
    });

    it('fails a token the provider does not know, with its error code', async () => {
      expect(await verifier().verify('not-a-token-it-issued')).to.deep.equal({ outcome: 'failed', reasons: ['invalid-input-response'] });
    });

    it(`fails a token already verified by someone else (${codes.spent})`, async () => {
      const token = endpoint.issue();
      await spendElsewhere(token);
      expect(await verifier().verify(token)).to.deep.equal({ outcome: 'failed', reasons: [codes.spent] });
    });

    it(`fails a token past its lifetime (${codes.expired})`, async () => {
      expect(await verifier().verify(endpoint.issue({ expired: true }))).to.deep.equal({ outcome: 'failed', reasons: [codes.expired] });
    });

    it('passes a retried verification of a token that passed without asking again (nor reading the secret)', async () => {
      const secret = sinon.stub<[], Promise<string>>().resolves(endpoint.secret);
      const checker = verifier({ secret });
      const token = endpoint.issue();
      expect(await checker.verify(token)).to.deep.equal({ outcome: 'passed' });
      expect(await checker.verify(token)).to.deep.equal({ outcome: 'passed' });
      expect(await checker.verify(token)).to.deep.equal({ outcome: 'passed' });
      expect(endpoint.requests).to.equal(1);
      expect(secret.callCount).to.equal(1);
    });

    it('does not remember refusals: a token that failed is asked about again', async () => {
      const checker = verifier({ expectedHostnames: ['elsewhere.example.com'] });
      const token = endpoint.issue();
      expect(await checker.verify(token)).to.deep.equal({ outcome: 'failed', reasons: ['hostname-mismatch'] });
      expect((await checker.verify(token)).outcome).to.equal('failed');
      expect(endpoint.requests).to.equal(2);
    });

    it('passes a token solved on an expected hostname (compared without case), and fails others with hostname-mismatch', async () => {
      const checker = verifier({ expectedHostnames: ['Signup.Example.com', 'www.example.com'] });
      expect(await checker.verify(endpoint.issue({ hostname: 'signup.example.com' }))).to.deep.equal({ outcome: 'passed' });
      expect(await checker.verify(endpoint.issue({ hostname: 'WWW.example.com' }))).to.deep.equal({ outcome: 'passed' });
      expect(await checker.verify(endpoint.issue({ hostname: 'evil.example.net' }))).to.deep.equal({
        outcome: 'failed',
        reasons: ['hostname-mismatch'],
      });
      reply(200, { success: true, challenge_ts: new Date().toISOString() });
      expect(await checker.verify('answer-without-hostname')).to.deep.equal({ outcome: 'failed', reasons: ['hostname-mismatch'] });
    });

    it('accepts any hostname when none is expected', async () => {
      expect(await verifier().verify(endpoint.issue({ hostname: 'anything.example.org' }))).to.deep.equal({ outcome: 'passed' });
    });

    it('is unavailable and misconfigured when the provider refuses the secret', async () => {
      const verdict = await verifier({ secret: async () => 'not-the-secret' }).verify(endpoint.issue());
      expect(verdict).to.deep.equal(unavailable('setup-refused: invalid-input-secret', true));
    });

    for (const code of codes.setup) {
      it(`is unavailable and misconfigured on ${code}`, async () => {
        reply(200, { success: false, 'error-codes': [code] });
        expect(await verifier().verify(endpoint.issue())).to.deep.equal(unavailable(`setup-refused: ${code}`, true));
      });
    }

    for (const code of codes.provider) {
      it(`is unavailable, not misconfigured, on ${code}`, async () => {
        reply(200, { success: false, 'error-codes': [code] });
        expect(await verifier().verify(endpoint.issue())).to.deep.equal(unavailable(`provider-error: ${code}`));
      });
    }

    it('puts the setup first when a refusal blames both the setup and the token', async () => {
      reply(200, { success: false, 'error-codes': ['invalid-input-response', 'invalid-input-secret'] });
      expect(await verifier().verify(endpoint.issue())).to.include({ outcome: 'unavailable', misconfigured: true });
    });

    it('passes on the codes of a refusal it has no rule for, and names a refusal without codes', async () => {
      reply(200, { success: false, 'error-codes': ['some-new-code', 'invalid-input-response'] });
      expect(await verifier().verify(endpoint.issue())).to.deep.equal({
        outcome: 'failed',
        reasons: ['some-new-code', 'invalid-input-response'],
      });
      reply(200, { success: false });
      expect(await verifier().verify(endpoint.issue())).to.deep.equal({ outcome: 'failed', reasons: ['no-error-codes'] });
    });

    it('is unavailable, not misconfigured, when the endpoint answers 500', async () => {
      reply(500, 'upstream failure');
      expect(await verifier().verify(endpoint.issue())).to.deep.equal(unavailable('http-status-500'));
    });

    it('never takes a pass or a token refusal from an error status, but does take a refusal of the setup', async () => {
      reply(503, { success: true, hostname: 'signup.example.com' });
      expect(await verifier().verify(endpoint.issue())).to.deep.equal(unavailable('http-status-503'));
      reply(400, { success: false, 'error-codes': ['invalid-input-response'] });
      expect(await verifier().verify(endpoint.issue())).to.deep.equal(unavailable('http-status-400'));
      reply(403, { success: false, 'error-codes': ['invalid-input-secret'] });
      expect(await verifier().verify(endpoint.issue())).to.deep.equal(unavailable('setup-refused: invalid-input-secret', true));
    });

    it('does not follow a redirect (it would carry the secret along): unavailable', async () => {
      endpoint.behaviour = { kind: 'reply', status: 307, body: '', headers: { location: `${url}?again` } };
      expect(await verifier().verify(endpoint.issue())).to.deep.equal(unavailable('http-status-307'));
      expect(endpoint.requests).to.equal(1);
    });

    it('is unavailable when the answer is not JSON, or JSON of another shape', async () => {
      reply(200, '<html>captcha service maintenance</html>');
      expect(await verifier().verify(endpoint.issue())).to.deep.equal(unavailable('answer-not-understood'));
      for (const body of [{ ok: true }, { success: 'true' }, [true], 'null']) {
        reply(200, body);
        const verdict = await verifier().verify(endpoint.issue());
        expect(verdict, JSON.stringify(body)).to.deep.equal(unavailable('answer-not-understood'));
      }
    });

    it('is unavailable, not misconfigured, when the endpoint never answers (its own timeout)', async () => {
      endpoint.behaviour = { kind: 'stall' };
      expect(await verifier({ timeoutMs: 150 }).verify(endpoint.issue())).to.deep.equal(unavailable('timeout'));
      expect(endpoint.requests).to.equal(1);
    });

    it("gives up at the invocation's deadline when it comes before its own timeout", async () => {
      endpoint.behaviour = { kind: 'stall' };
      const verdict = await withDeadline(Date.now() + 300, () => verifier({ timeoutMs: 60_000 }).verify(endpoint.issue()));
      expect(verdict).to.deep.equal(unavailable('timeout'));
    });

    it('does not send a request the deadline leaves no time for', async () => {
      const verdict = await withDeadline(Date.now() + 5, () => verifier().verify(endpoint.issue()));
      expect(verdict).to.deep.equal(unavailable('deadline-too-close'));
      expect(endpoint.requests).to.equal(0);
    });

    it('is unavailable, not misconfigured, when the endpoint cannot be reached', async () => {
      const verdict = await verifier({ endpoint: await refusingEndpoint() }).verify(endpoint.issue());
      expect(verdict).to.deep.equal(unavailable('network-error (ECONNREFUSED)'));
    });

    it('maps an unreadable secret: refused → misconfigured, unavailable → not, empty → misconfigured; never asks', async () => {
      const rejected = sinon
        .stub<[], Promise<string>>()
        .rejects(new StoreRejectedError('SSM GetParameter (/p) failed (AccessDeniedException)'));
      expect(await verifier({ secret: rejected }).verify(endpoint.issue())).to.deep.equal(unavailable('secret-rejected', true));
      const outage = sinon.stub<[], Promise<string>>().rejects(new StoreUnavailableError('SSM GetParameter (/p) failed (TimeoutError)'));
      expect(await verifier({ secret: outage }).verify(endpoint.issue())).to.deep.equal(unavailable('secret-unavailable'));
      expect(await verifier({ secret: async () => '' }).verify(endpoint.issue())).to.deep.equal(unavailable('secret-empty', true));
      expect(endpoint.requests).to.equal(0);
    });

    it('does not repeat anything of a refusal that does not look like an error code', async () => {
      const token = endpoint.issue();
      reply(200, { success: false, 'error-codes': [token, 'bad code with spaces', 42] });
      expect(await verifier().verify(token)).to.deep.equal({
        outcome: 'failed',
        reasons: ['unrecognised-error-code'],
      });
    });

    it('never puts the token or the secret in a verdict, whatever the verdict', async () => {
      const seen: { token: string; verdict: HumanVerdict }[] = [];
      const check = async (options: Partial<SiteverifyHumanVerifierOptions>, token = endpoint.issue()) => {
        seen.push({ token, verdict: await verifier(options).verify(token) });
      };
      await check({});
      await check({}, `forged-${'x'.repeat(40)}`);
      await check({ expectedHostnames: ['elsewhere.example.com'] });
      await check({ secret: async () => `wrong-${endpoint.secret}` });
      await check({ secret: () => Promise.reject(new StoreRejectedError(`secret ${endpoint.secret} refused`)) });
      await check({ endpoint: await refusingEndpoint() });
      reply(500, 'failure');
      await check({});
      endpoint.behaviour = { kind: 'stall' };
      await check({ timeoutMs: 100 });
      endpoint.behaviour = { kind: 'verify' };
      expect(new Set(seen.map(({ verdict }) => verdict.outcome))).to.deep.equal(new Set(['passed', 'failed', 'unavailable']));
      for (const { token, verdict } of seen) {
        const text = JSON.stringify(verdict);
        expect(text).not.to.include(token);
        expect(text).not.to.include(token.slice(0, 16));
        expect(text).not.to.include(endpoint.secret);
      }
    });
  });
}

describe('adapters/captcha/SiteverifyHumanVerifier: what each provider adds', () => {
  const started: SiteverifyEndpoint[] = [];
  const local = async (dialect: SiteverifyDialect) => {
    const endpoint = new SiteverifyEndpoint(dialect);
    started.push(endpoint);
    return { endpoint, url: await endpoint.start() };
  };
  after(() => Promise.all(started.map((endpoint) => endpoint.stop())));

  describe('Turnstile', () => {
    let endpoint: SiteverifyEndpoint;
    let url: string;
    before(async () => ({ endpoint, url } = await local('turnstile')));
    beforeEach(() => (endpoint.calls.length = 0));
    const verifier = (options: Partial<SiteverifyHumanVerifierOptions> = {}) => localVerifier('turnstile', endpoint, url)(options);

    it('passes a retry served by another execution environment: the same idempotency key verifies the token again', async () => {
      const token = endpoint.issue();
      expect(await verifier().verify(token)).to.deep.equal({ outcome: 'passed' });
      expect(await verifier().verify(token)).to.deep.equal({ outcome: 'passed' });
      expect(endpoint.requests).to.equal(2);
      const [first, second] = endpoint.calls;
      expect(second?.form.idempotency_key).to.equal(first?.form.idempotency_key);
    });

    it('derives a different idempotency key for every token, and one that reveals nothing of it', async () => {
      const tokens = [endpoint.issue(), endpoint.issue(), endpoint.issue()];
      for (const token of tokens) await verifier().verify(token);
      const keys = endpoint.calls.map((call) => call.form.idempotency_key);
      expect(new Set(keys).size).to.equal(3);
      for (const [index, key] of keys.entries()) {
        expect(key).to.match(UUID);
        expect(tokens[index]).not.to.include(key?.replaceAll('-', '').slice(0, 12));
      }
    });

    it('checks the action when one is expected', async () => {
      const checker = verifier({ expectedAction: 'sign-up' });
      expect(await checker.verify(endpoint.issue({ action: 'sign-up' }))).to.deep.equal({ outcome: 'passed' });
      expect(await checker.verify(endpoint.issue({ action: 'login' }))).to.deep.equal({ outcome: 'failed', reasons: ['action-mismatch'] });
      expect(await checker.verify(endpoint.issue())).to.deep.equal({ outcome: 'failed', reasons: ['action-mismatch'] });
    });

    it('reports every unmet expectation at once', async () => {
      const checker = verifier({ expectedAction: 'sign-up', expectedHostnames: ['signup.example.com'] });
      expect(await checker.verify(endpoint.issue({ action: 'login', hostname: 'evil.example.net' }))).to.deep.equal({
        outcome: 'failed',
        reasons: ['hostname-mismatch', 'action-mismatch'],
      });
    });
  });

  describe('reCAPTCHA', () => {
    let endpoint: SiteverifyEndpoint;
    let url: string;
    before(async () => ({ endpoint, url } = await local('recaptcha')));
    beforeEach(() => (endpoint.calls.length = 0));
    const verifier = (options: Partial<SiteverifyHumanVerifierOptions> = {}) => localVerifier('recaptcha', endpoint, url)(options);

    it('v3: fails a score below minScore (0.5 unless configured) with score-too-low, passes one at or above it', async () => {
      expect(await verifier().verify(endpoint.issue({ score: 0.3, action: 'signup' }))).to.deep.equal({
        outcome: 'failed',
        reasons: ['score-too-low'],
      });
      expect(await verifier().verify(endpoint.issue({ score: 0.5, action: 'signup' }))).to.deep.equal({ outcome: 'passed' });
      expect(await verifier({ minScore: 0.7 }).verify(endpoint.issue({ score: 0.6, action: 'signup' }))).to.deep.equal({
        outcome: 'failed',
        reasons: ['score-too-low'],
      });
      expect(await verifier({ minScore: 0.7 }).verify(endpoint.issue({ score: 0.9, action: 'signup' }))).to.deep.equal({
        outcome: 'passed',
      });
    });

    it('v2: an answer without a score is not scored', async () => {
      expect(await verifier({ minScore: 0.9 }).verify(endpoint.issue())).to.deep.equal({ outcome: 'passed' });
    });

    it('v3: checks the action when one is expected; a v2 answer (no action) does not meet it', async () => {
      const checker = verifier({ expectedAction: 'signup' });
      expect(await checker.verify(endpoint.issue({ score: 0.9, action: 'signup' }))).to.deep.equal({ outcome: 'passed' });
      expect(await checker.verify(endpoint.issue({ score: 0.1, action: 'login' }))).to.deep.equal({
        outcome: 'failed',
        reasons: ['action-mismatch', 'score-too-low'],
      });
      expect(await checker.verify(endpoint.issue())).to.deep.equal({ outcome: 'failed', reasons: ['action-mismatch'] });
    });

    it('fails a retry served by another execution environment (no idempotency at the provider): the remaining limitation', async () => {
      const token = endpoint.issue({ score: 0.9, action: 'signup' });
      expect(await verifier().verify(token)).to.deep.equal({ outcome: 'passed' });
      expect(await verifier().verify(token)).to.deep.equal({ outcome: 'failed', reasons: ['timeout-or-duplicate'] });
    });
  });

  describe('hCaptcha', () => {
    let endpoint: SiteverifyEndpoint;
    let url: string;
    before(async () => ({ endpoint, url } = await local('hcaptcha')));
    const verifier = (options: Partial<SiteverifyHumanVerifierOptions> = {}) => localVerifier('hcaptcha', endpoint, url)(options);

    it("does not hold an Enterprise risk score to minScore (higher means riskier there: the opposite scale)", async () => {
      expect(await verifier({ minScore: 0.5 }).verify(endpoint.issue({ score: 0.1 }))).to.deep.equal({ outcome: 'passed' });
      expect(await verifier({ minScore: 0.5 }).verify(endpoint.issue({ score: 0.95 }))).to.deep.equal({ outcome: 'passed' });
    });

    it('refuses an expected action at construction: its answers carry none', () => {
      expect(() => verifier({ expectedAction: 'signup' })).to.throw(RangeError, /hCaptcha answers carry no action/);
    });

    it('fails a retry served by another execution environment (no idempotency at the provider): the remaining limitation', async () => {
      const token = endpoint.issue();
      expect(await verifier().verify(token)).to.deep.equal({ outcome: 'passed' });
      expect(await verifier().verify(token)).to.deep.equal({ outcome: 'failed', reasons: ['already-seen-response'] });
    });
  });
});

describe('adapters/captcha/SiteverifyHumanVerifier: construction', () => {
  const options = (extra: Partial<SiteverifyHumanVerifierOptions> = {}): SiteverifyHumanVerifierOptions => ({
    provider: 'turnstile',
    secret: async () => 'secret',
    timeoutMs: 1_000,
    ...extra,
  });

  it("uses each provider's own siteverify endpoint by default, and takes https anywhere", () => {
    for (const provider of ['turnstile', 'recaptcha', 'hcaptcha'] as const) {
      expect(() => new SiteverifyHumanVerifier(options({ provider }))).not.to.throw();
    }
    expect(() => new SiteverifyHumanVerifier(options({ endpoint: 'https://captcha-proxy.example.com/siteverify' }))).not.to.throw();
  });

  it('takes plain http to a loopback address only', () => {
    for (const endpoint of ['http://127.0.0.1:8080/siteverify', 'http://localhost:8080/siteverify', 'http://[::1]:8080/siteverify']) {
      expect(() => new SiteverifyHumanVerifier(options({ endpoint })), endpoint).not.to.throw();
    }
    for (const endpoint of ['http://captcha.example.com/siteverify', 'http://10.0.0.5/siteverify', 'http://127.0.0.1.example.com/x']) {
      expect(() => new SiteverifyHumanVerifier(options({ endpoint })), endpoint).to.throw(RangeError, /must use https/);
    }
  });

  it('refuses what is not an http(s) URL, and a URL carrying credentials', () => {
    expect(() => new SiteverifyHumanVerifier(options({ endpoint: 'ftp://127.0.0.1/siteverify' }))).to.throw(RangeError, /must use https/);
    expect(() => new SiteverifyHumanVerifier(options({ endpoint: 'siteverify' }))).to.throw(RangeError, /not a URL/);
    expect(() => new SiteverifyHumanVerifier(options({ endpoint: 'https://user:pass@example.com/siteverify' }))).to.throw(
      RangeError,
      /credentials/,
    );
  });

  it('refuses an unknown provider, a timeout that is not positive, and a minScore outside 0..1', () => {
    expect(() => new SiteverifyHumanVerifier(options({ provider: 'friendlycaptcha' as never }))).to.throw(
      RangeError,
      /unknown captcha provider/,
    );
    for (const timeoutMs of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => new SiteverifyHumanVerifier(options({ timeoutMs })), String(timeoutMs)).to.throw(RangeError, /timeoutMs/);
    }
    for (const minScore of [-0.1, 1.5, Number.NaN]) {
      const build = () => new SiteverifyHumanVerifier(options({ provider: 'recaptcha', minScore }));
      expect(build, String(minScore)).to.throw(RangeError, /minScore/);
    }
  });

  it('refuses an empty list of hostnames (it would refuse everyone) and an empty action', () => {
    expect(() => new SiteverifyHumanVerifier(options({ expectedHostnames: [] }))).to.throw(RangeError, /expectedHostnames/);
    const withBlank = () => new SiteverifyHumanVerifier(options({ expectedHostnames: ['ok.example.com', ' '] }));
    expect(withBlank).to.throw(RangeError, /expectedHostnames/);
    expect(() => new SiteverifyHumanVerifier(options({ expectedAction: '' }))).to.throw(RangeError, /expectedAction/);
  });

  it('reads no secret at construction', () => {
    const secret = sinon.stub<[], Promise<string>>().resolves('secret');
    new SiteverifyHumanVerifier(options({ secret }));
    expect(secret.callCount).to.equal(0);
  });
});
