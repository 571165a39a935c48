/**
 * The built bundles against services that answer only the second attempt of every request: each
 * request then costs its whole client timeout before the retry succeeds, and a path of several calls
 * in a row would run past Cognito's budget. One deadline per invocation must keep every path inside
 * the function's time, with the right answer.
 *
 * Scaled down so the suite stays quick: 400 ms per attempt and 2,500 ms for the invocation (the
 * defaults are 1,000 ms and 5,000 ms); the deadline keeps DEADLINE_MARGIN_MS (500 ms) in hand.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { expect } from 'chai';
import { accountKey } from '../../adapters/crypto/hmac-account-keys';
import { CognitoEndpoint } from '../support/cognito-endpoint';
import { postAuthenticationEvent, postConfirmationEvent, preAuthenticationEvent, type Person } from '../support/cognito-events';
import { ANSWERS, people } from '../support/answers';
import { startDynalite, type DynaliteHandle } from '../support/dynalite';
import {
  functionEnvironment,
  loadBundle,
  LogCapture,
  startSecrets,
  TEST_ACCOUNT_KEY_SECRET,
  withEnvironment,
} from '../support/lambda-bundle';
import { SecondAttemptProxy } from '../support/second-attempt-proxy';

const BUDGET_MS = 2500;
const { locked: LOCKED, reset: RESET } = ANSWERS;
const person = people(20_000_000, 'deadline');

interface Answer {
  readonly ok: boolean;
  readonly message?: string;
  readonly elapsedMs: number;
}

async function timed(promise: Promise<unknown>): Promise<Answer> {
  const started = Date.now();
  try {
    await promise;
    return { ok: true, elapsedMs: Date.now() - started };
  } catch (error) {
    return { ok: false, message: (error as Error).message, elapsedMs: Date.now() - started };
  }
}

describe('bundles against services that answer only the second attempt', function () {
  this.timeout(30_000);
  let dynamo: DynaliteHandle;
  let secrets: Awaited<ReturnType<typeof startSecrets>>;
  let cognito: CognitoEndpoint;
  const proxies: SecondAttemptProxy[] = [];
  let restoreEnv: () => void;
  let documents: DynamoDBDocumentClient;
  const logs = new LogCapture();

  before(async () => {
    dynamo = await startDynalite();
    secrets = await startSecrets();
    cognito = new CognitoEndpoint();
    const direct = { dynamodb: dynamo.endpoint, ssm: process.env.AWS_ENDPOINT_URL_SSM ?? '', cognito: await cognito.start() };
    const [dynamodb, ssm, idp] = await Promise.all(
      [direct.dynamodb, direct.ssm, direct.cognito].map(async (target) => {
        const proxy = new SecondAttemptProxy(target);
        proxies.push(proxy);
        return proxy.start();
      }),
    );
    restoreEnv = withEnvironment({
      ...functionEnvironment(dynamo.tableName, { CLIENT_TIMEOUT_MS: '400', CLIENT_MAX_ATTEMPTS: '2' }),
      AWS_ENDPOINT_URL_DYNAMODB: dynamodb!,
      AWS_ENDPOINT_URL_SSM: ssm!,
      AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: idp!,
    });
    documents = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: direct.dynamodb }));
  });
  after(async () => {
    documents.destroy();
    restoreEnv();
    await Promise.all(proxies.map((proxy) => proxy.stop()));
    await cognito.stop();
    await secrets.stop();
    await dynamo.stop();
  });
  beforeEach(() => {
    logs.clear();
    logs.start();
  });
  afterEach(() => logs.stop());

  const flaky = (on: boolean) => proxies.forEach((proxy) => (proxy.flaky = on));
  const heldSoFar = () => proxies.reduce((sum, proxy) => sum + proxy.held.length, 0);
  const incidents = () => logs.entries().filter((entry) => entry.incident).map((entry) => entry.incident);
  const lockOf = async (p: Person) =>
    (
      await documents.send(
        new GetCommand({ TableName: dynamo.tableName, Key: { pk: `ACCT#${accountKey(TEST_ACCOUNT_KEY_SECRET, p.userName)}`, sk: 'ATTEMPTS' } }),
      )
    ).Item?.lockedUntil as number | undefined;

  /** A warm function (its secret read through a healthy service), then the flaky services. */
  async function warm(trigger: string, extraEnv: Record<string, string> = {}) {
    const restore = withEnvironment(extraEnv);
    const invoke = loadBundle(trigger, { remainingMs: BUDGET_MS });
    flaky(false);
    return {
      invoke: async (event: unknown) => {
        flaky(true);
        const held = heldSoFar();
        const answer = await timed(invoke(event));
        flaky(false);
        return { ...answer, held: heldSoFar() - held };
      },
      prepare: (event: unknown) => timed(invoke(event)),
      restore,
    };
  }

  const withinBudget = (answer: Answer) => expect(answer.elapsedMs, `answered after ${answer.elapsedMs} ms`).to.be.below(BUDGET_MS);

  it('pre-authentication, an allowed attempt: one round trip, retried once', async () => {
    const fn = await warm('pre-authentication');
    try {
      await fn.prepare(preAuthenticationEvent(person(0)));
      const answer = await fn.invoke(preAuthenticationEvent(person(1)));
      expect(answer).to.include({ ok: true, held: 2 });
      withinBudget(answer);
      expect(incidents()).to.deep.equal([]);
    } finally {
      fn.restore();
    }
  });

  it('pre-authentication, the attempt that engages a lock: count, lock and the refusal written', async () => {
    const fn = await warm('pre-authentication');
    try {
      for (let i = 0; i < 5; i += 1) await fn.prepare(preAuthenticationEvent(person(2)));
      const answer = await fn.invoke(preAuthenticationEvent(person(2)));
      expect(answer).to.include({ ok: false, message: LOCKED });
      withinBudget(answer);
      expect(await lockOf(person(2))).to.be.a('number');
    } finally {
      fn.restore();
    }
  });

  it('pre-authentication, refused while locked', async () => {
    const fn = await warm('pre-authentication');
    try {
      for (let i = 0; i < 6; i += 1) await fn.prepare(preAuthenticationEvent(person(3)));
      const answer = await fn.invoke(preAuthenticationEvent(person(3)));
      expect(answer).to.include({ ok: false, message: LOCKED });
      withinBudget(answer);
    } finally {
      fn.restore();
    }
  });

  it('pre-authentication, a forced reset: count, lock, Cognito, the refusal written', async () => {
    const fn = await warm('pre-authentication', { FORCED_RESET_ENABLED: 'true', FORCED_RESET_AFTER_LOCKOUTS: '1' });
    try {
      for (let i = 0; i < 5; i += 1) await fn.prepare(preAuthenticationEvent(person(4)));
      const answer = await fn.invoke(preAuthenticationEvent(person(4)));
      expect(answer).to.include({ ok: false, message: RESET });
      withinBudget(answer);
      expect(cognito.calls.filter((call) => call.body.Username === person(4).userName)).to.have.length(1);
    } finally {
      fn.restore();
    }
  });

  it('pre-authentication, a forced reset Cognito refuses: five calls in a row, cut at the deadline', async () => {
    const fn = await warm('pre-authentication', { FORCED_RESET_ENABLED: 'true', FORCED_RESET_AFTER_LOCKOUTS: '1' });
    cognito.failWith = { type: 'InvalidParameterException', status: 400 };
    try {
      for (let i = 0; i < 5; i += 1) await fn.prepare(preAuthenticationEvent(person(5)));
      const answer = await fn.invoke(preAuthenticationEvent(person(5)));
      // The lock stands as a plain lockout; the calls that no longer fit are not made or cut short.
      expect(answer).to.include({ ok: false, message: LOCKED });
      withinBudget(answer);
      expect(incidents()).to.include('FORCED_RESET_FAILED');
      expect(JSON.stringify(logs.entries())).to.match(/DeadlineExceededError|AbortError/);
    } finally {
      cognito.failWith = undefined;
      fn.restore();
    }
  });

  it('pre-authentication on a cold start: the secret, then the decision', async () => {
    const invoke = loadBundle('pre-authentication', { remainingMs: BUDGET_MS });
    flaky(true);
    try {
      const answer = await timed(invoke(preAuthenticationEvent(person(6))));
      expect(answer.ok).to.equal(true);
      withinBudget(answer);
    } finally {
      flaky(false);
    }
  });

  it('post-authentication: three writes side by side', async () => {
    const fn = await warm('post-authentication');
    try {
      await fn.prepare(postAuthenticationEvent(person(0)));
      const event = postAuthenticationEvent(person(7));
      const answer = await fn.invoke(event);
      expect(answer).to.include({ ok: true, held: 3 });
      withinBudget(answer);
      expect(incidents()).to.deep.equal([]);
    } finally {
      fn.restore();
    }
  });

  it('post-confirmation after a password reset: the lock cleared', async () => {
    const pre = loadBundle('pre-authentication');
    for (let i = 0; i < 6; i += 1) await timed(pre(preAuthenticationEvent(person(8))));
    expect(await lockOf(person(8))).to.be.a('number');
    const fn = await warm('post-confirmation');
    try {
      await fn.prepare(postConfirmationEvent(person(0), 'PostConfirmation_ConfirmForgotPassword'));
      const answer = await fn.invoke(postConfirmationEvent(person(8), 'PostConfirmation_ConfirmForgotPassword'));
      expect(answer).to.include({ ok: true, held: 2 });
      withinBudget(answer);
      expect(await lockOf(person(8))).to.equal(undefined);
    } finally {
      fn.restore();
    }
  });
});
