/**
 * The built bundles (dist/lambda/*), invoked as Lambda invokes them, against dynalite: real SDK
 * clients, the real table layout, realistic Cognito events.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { expect } from 'chai';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { accountKey } from '../../adapters/crypto/hmac-account-keys';
import { CognitoEndpoint } from '../support/cognito-endpoint';
import {
  jane,
  POOL_ID,
  postAuthenticationEvent,
  postConfirmationEvent,
  preAuthenticationEvent,
  unknownUserPreAuthenticationEvent,
  type Person,
} from '../support/cognito-events';
import { ANSWERS, people, settle } from '../support/answers';
import { useBundleStandIns } from '../support/bundle-stand-ins';
import {
  loadBundle,
  TEST_ACCOUNT_KEY_SECRET,
  withEnvironment,
} from '../support/lambda-bundle';

/** Where the bundles keep an account: under a keyed hash of its normalised username, never the name. */
const partitionOf = (username: string) => `ACCT#${accountKey(TEST_ACCOUNT_KEY_SECRET, username.trim().toLowerCase())}`;

const { locked: LOCKED, reset: RESET, unavailable: UNAVAILABLE, generic: GENERIC } = ANSWERS;
const person = people(0, 'person');

describe('bundles against dynalite', function () {
  const standIns = useBundleStandIns();
  const { logs } = standIns;
  let documents: DynamoDBDocumentClient;
  before(() => {
    documents = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: standIns.dynamo.endpoint }));
  });
  after(() => documents.destroy());

  const requests = () => Object.fromEntries(standIns.dynamo.requests);
  const attemptsOf = async (p: Person) =>
    (await documents.send(new GetCommand({ TableName: standIns.dynamo.tableName, Key: { pk: partitionOf(p.userName), sk: 'ATTEMPTS' } }))).Item;
  const accountOf = async (p: Person) =>
    (await documents.send(new GetCommand({ TableName: standIns.dynamo.tableName, Key: { pk: partitionOf(p.userName), sk: 'ACCOUNT' } }))).Item;
  const trailOf = async (username: string) =>
    ((
      await documents.send(
        new QueryCommand({
          TableName: standIns.dynamo.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :audit)',
          ExpressionAttributeValues: { ':pk': partitionOf(username), ':audit': 'AUDIT#' },
        }),
      )
    ).Items ?? []) as { outcome: string; expiresAt: number }[];

  describe('pre-authentication', () => {
    it('decides the common path with one DynamoDB request (plus one audit write) and returns the event', async () => {
      const preAuthentication = loadBundle('pre-authentication');
      const event = preAuthenticationEvent(person(1));
      const answer = await preAuthentication(event);
      expect(answer).to.deep.equal(event);
      expect(requests()).to.deep.equal({ UpdateItem: 1, PutItem: 1 });
      expect(await attemptsOf(person(1))).to.include({ attemptsInWindow: 1, streak: 1 });
    });

    it('counts a burst of 200 concurrent attempts exactly', async () => {
      const restore = withEnvironment({ LOCKOUT_MAX_FAILURES: '1000' });
      try {
        const preAuthentication = loadBundle('pre-authentication');
        const answers = await Promise.all(
          Array.from({ length: 200 }, () => settle(preAuthentication(preAuthenticationEvent(person(2))))),
        );
        expect(answers.filter((a) => a.ok)).to.have.length(200);
        expect(requests()).to.deep.equal({ UpdateItem: 200, PutItem: 200 });
        expect(await attemptsOf(person(2))).to.include({ attemptsInWindow: 200, streak: 200 });
      } finally {
        restore();
      }
    });

    it('lets exactly maxFailures of 200 concurrent attempts through, then locks', async () => {
      const preAuthentication = loadBundle('pre-authentication');
      const answers = await Promise.all(
        Array.from({ length: 200 }, () => settle(preAuthentication(preAuthenticationEvent(person(3))))),
      );
      expect(answers.filter((a) => a.ok)).to.have.length(5);
      const refusals = answers.filter((a): a is { ok: false; message: string } => !a.ok);
      expect(refusals).to.have.length(195);
      expect(new Set(refusals.map((r) => r.message))).to.deep.equal(new Set([LOCKED]));

      const state = await attemptsOf(person(3));
      expect(state).to.include({ lockouts: 1, attemptsInWindow: 0 });
      const lockSeconds = ((state?.lockedUntil as number) - (state?.lastLockedAt as number)) / 1000;
      expect(lockSeconds).to.equal(300);

      const trail = await trailOf(person(3).userName);
      const outcomes = trail.reduce<Record<string, number>>((acc, e) => ({ ...acc, [e.outcome]: (acc[e.outcome] ?? 0) + 1 }), {});
      expect(outcomes).to.deep.equal({ attempt: 5, lockout: 1, rejected: 194 });
      // One provisional entry per attempt, alongside its count; the 195 other outcomes are written over theirs.
      expect(requests().PutItem).to.equal(200 + 195);
    });

    it('refuses while locked without counting or extending the lock', async () => {
      const preAuthentication = loadBundle('pre-authentication');
      for (let i = 0; i < 6; i += 1) await settle(preAuthentication(preAuthenticationEvent(person(4))));
      const locked = await attemptsOf(person(4));
      standIns.dynamo.resetCounts();

      const answer = await settle(preAuthentication(preAuthenticationEvent(person(4))));
      expect(answer).to.deep.equal({ ok: false, message: LOCKED });
      // DynamoDB returns the item with the condition failure (ReturnValuesOnConditionCheckFailure), so
      // the refusal costs one UpdateItem there; dynalite ignores that parameter and the ledger falls back
      // to one GetItem. test/adapters/dynamodb covers the one-request path with DynamoDB's answer. The
      // provisional audit entry goes out with the count; the refusal is written over it afterwards.
      expect(requests()).to.deep.equal({ UpdateItem: 1, GetItem: 1, PutItem: 2 });
      expect(await attemptsOf(person(4))).to.deep.equal(locked);
    });

    it('counts each invocation in the embedded metric format of CloudWatch: namespace, stack, trigger, result, outcome, never a username', async () => {
      const preAuthentication = loadBundle('pre-authentication');
      const before = logs.metrics().length;
      for (let i = 0; i < 7; i += 1) await settle(preAuthentication(preAuthenticationEvent(person(12))));
      const metrics = logs.metrics().slice(before);
      const counted = metrics.map((entry) => {
        const [directive] = (entry['_aws'] as { CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string; Unit: string }[] }[] }).CloudWatchMetrics;
        return { namespace: directive?.Namespace, dimensions: directive?.Dimensions, metric: directive?.Metrics, outcome: entry['outcome'], result: entry['result'], value: entry['Invocations'] };
      });
      // Five attempts counted, the sixth engages the lock, the seventh is refused while locked.
      expect(counted.map((each) => `${String(each.result)}:${String(each.outcome)}`)).to.deep.equal([
        ...Array(5).fill('accepted:attempt'),
        'refused:lockout',
        'refused:rejected',
      ]);
      for (const each of counted) {
        expect(each).to.deep.include({ namespace: 'Gatehouse', metric: [{ Name: 'Invocations', Unit: 'Count' }], value: 1 });
        // The detailed set, and the one without the outcome that the per-trigger alarms read.
        expect(each.dimensions).to.deep.equal([
          ['service', 'stack', 'trigger', 'result', 'outcome'],
          ['service', 'stack', 'trigger', 'result'],
        ]);
      }
      expect(metrics[0]).to.include({ service: 'gatehouse', stack: 'test', trigger: 'PreAuthentication' });
      expect(JSON.stringify(metrics)).to.not.include(person(12).userName);
    });

    it('answers an unknown username exactly like a real account', async () => {
      const preAuthentication = loadBundle('pre-authentication');
      const known: unknown[] = [];
      const unknown: unknown[] = [];
      for (let i = 0; i < 8; i += 1) {
        known.push(await settle(preAuthentication(preAuthenticationEvent(person(5)))));
        unknown.push(await settle(preAuthentication(unknownUserPreAuthenticationEvent('Nobody@Example.com'))));
      }
      expect(unknown).to.deep.equal(known);
      const outcomes = async (username: string) => (await trailOf(username)).map((e) => e.outcome).sort();
      expect(await outcomes('nobody@example.com')).to.deep.equal(await outcomes(person(5).userName));
      expect(logs.text).to.not.include('nobody@example.com');
    });

    it('forces a password reset through Cognito when the stack opts in', async () => {
      const cognito = new CognitoEndpoint();
      const restore = withEnvironment({
        FORCED_RESET_ENABLED: 'true',
        FORCED_RESET_AFTER_LOCKOUTS: '1',
        AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: await cognito.start(),
      });
      try {
        const preAuthentication = loadBundle('pre-authentication');
        const answers = [];
        for (let i = 0; i < 7; i += 1) answers.push(await settle(preAuthentication(preAuthenticationEvent(person(6)))));
        expect(answers.slice(0, 5).every((a) => a.ok)).to.equal(true);
        expect(answers[5]).to.deep.equal({ ok: false, message: RESET });
        expect(answers[6]).to.deep.equal({ ok: false, message: RESET });
        expect(cognito.calls).to.deep.equal([
          { operation: 'AdminResetUserPassword', body: { UserPoolId: POOL_ID, Username: person(6).userName } },
        ]);
      } finally {
        restore();
        await cognito.stop();
      }
    });

    it('fails open when the table cannot be reached, and logs it', async () => {
      const restore = withEnvironment({ AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:9', CLIENT_TIMEOUT_MS: '300' });
      try {
        const preAuthentication = loadBundle('pre-authentication');
        const answer = await settle(preAuthentication(preAuthenticationEvent(person(7))));
        expect(answer).to.deep.equal({ ok: true });
        expect(logs.entries().some((e) => e.level === 'ERROR' && e.incident === 'STORE_UNAVAILABLE')).to.equal(true);
      } finally {
        restore();
      }
    });

    it('fails open within its client budget when the table accepts connections but never answers', async () => {
      const silent = createServer(() => undefined);
      let received = 0;
      silent.on('request', () => (received += 1));
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
      const restore = withEnvironment({
        AWS_ENDPOINT_URL_DYNAMODB: `http://127.0.0.1:${(silent.address() as AddressInfo).port}`,
        CLIENT_TIMEOUT_MS: '300',
        CLIENT_MAX_ATTEMPTS: '2',
      });
      try {
        const preAuthentication = loadBundle('pre-authentication');
        expect(await settle(preAuthentication(preAuthenticationEvent(person(13))))).to.deep.equal({ ok: true });
        // The count and the provisional audit entry, side by side, each tried twice; nothing more is
        // sent to a store that just timed out.
        expect(received).to.equal(4);
        const incidents = logs.entries().map((e) => e.incident).filter(Boolean);
        expect(incidents).to.deep.equal(['STORE_UNAVAILABLE', 'AUDIT_SKIPPED']);
        // Each incident is counted too, by its code: what an alarm on degraded protection watches.
        const incidentLines = logs.metrics().filter((entry) => entry['Incidents'] === 1);
        expect(incidentLines.map((entry) => entry['incident'])).to.include.members(['STORE_UNAVAILABLE', 'AUDIT_SKIPPED']);
        // By trigger and code, and by code alone: the set the stack's STORE_UNAVAILABLE alarm reads.
        for (const entry of incidentLines) {
          const [directive] = (entry['_aws'] as { CloudWatchMetrics: { Dimensions: string[][] }[] }).CloudWatchMetrics;
          expect(directive?.Dimensions).to.deep.equal([
            ['service', 'stack', 'trigger', 'incident'],
            ['service', 'stack', 'incident'],
          ]);
        }
      } finally {
        restore();
        silent.closeAllConnections();
        await new Promise<void>((resolve) => silent.close(() => resolve()));
      }
    });

    it('fails closed when the stack says so', async () => {
      const restore = withEnvironment({
        AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:9',
        CLIENT_TIMEOUT_MS: '300',
        STORE_FAILURE_MODE: 'closed',
      });
      try {
        const preAuthentication = loadBundle('pre-authentication');
        const answer = await settle(preAuthentication(preAuthenticationEvent(person(8))));
        expect(answer).to.deep.equal({ ok: false, message: UNAVAILABLE });
        expect(logs.entries().some((e) => e.level === 'ERROR' && e.incident === 'STORE_UNAVAILABLE')).to.equal(true);
      } finally {
        restore();
      }
    });
  });

  describe('post-authentication', () => {
    it('clears the count and records the sign-in in one round trip of three requests', async () => {
      const preAuthentication = loadBundle('pre-authentication');
      const postAuthentication = loadBundle('post-authentication');
      for (let i = 0; i < 4; i += 1) await preAuthentication(preAuthenticationEvent(person(9)));
      standIns.dynamo.resetCounts();

      const event = postAuthenticationEvent(person(9));
      expect(await postAuthentication(event)).to.deep.equal(event);
      expect(requests()).to.deep.equal({ DeleteItem: 1, UpdateItem: 1, PutItem: 1 });
      expect(await attemptsOf(person(9))).to.equal(undefined);
      expect(await accountOf(person(9))).to.include({ signInCount: 1, sub: person(9).sub, email: person(9).email });
      expect((await trailOf(person(9).userName)).map((e) => e.outcome)).to.include('success');

      // After the success, the next five attempts are allowed again.
      for (let i = 0; i < 5; i += 1) await preAuthentication(preAuthenticationEvent(person(9)));
    });

    it('never fails a sign-in whose password was right when the table is unreachable', async () => {
      const restore = withEnvironment({ AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:9', CLIENT_TIMEOUT_MS: '300' });
      try {
        const postAuthentication = loadBundle('post-authentication');
        const event = postAuthenticationEvent(person(10));
        expect(await postAuthentication(event)).to.deep.equal(event);
        expect(logs.entries().filter((e) => e.level === 'ERROR' || e.level === 'WARN')).to.have.length(3);
      } finally {
        restore();
      }
    });
  });

  describe('post-confirmation', () => {
    it('lifts a lockout once the password was reset (recovery beats lockout)', async () => {
      const preAuthentication = loadBundle('pre-authentication');
      const postConfirmation = loadBundle('post-confirmation');
      for (let i = 0; i < 6; i += 1) await settle(preAuthentication(preAuthenticationEvent(person(11))));
      expect(await settle(preAuthentication(preAuthenticationEvent(person(11))))).to.deep.equal({ ok: false, message: LOCKED });

      standIns.dynamo.resetCounts();
      const event = postConfirmationEvent(person(11), 'PostConfirmation_ConfirmForgotPassword');
      expect(await postConfirmation(event)).to.deep.equal(event);
      expect(requests()).to.deep.equal({ DeleteItem: 1, PutItem: 1 });
      expect(await settle(preAuthentication(preAuthenticationEvent(person(11))))).to.deep.equal({ ok: true });
    });

    it('records a confirmed sign-up\'s account in one request, and again changes nothing', async () => {
      const postConfirmation = loadBundle('post-confirmation');
      const event = postConfirmationEvent(person(12), 'PostConfirmation_ConfirmSignUp');
      expect(await postConfirmation(event)).to.deep.equal(event);
      expect(requests()).to.deep.equal({ UpdateItem: 1 });
      expect(await postConfirmation(event)).to.deep.equal(event);
      expect(requests()).to.deep.equal({ UpdateItem: 2 });
    });
  });

  describe('malformed events', () => {
    const valid = () => preAuthenticationEvent(jane) as Record<string, unknown>;
    const cases: [string, () => unknown][] = [
      ['no userName', () => ({ ...valid(), userName: undefined })],
      ['no userPoolId', () => ({ ...valid(), userPoolId: undefined })],
      ['no request', () => ({ ...valid(), request: undefined })],
      ['an unknown trigger source', () => ({ ...valid(), triggerSource: 'PreAuthentication_Sorcery' })],
      ['not an object', () => 'hello'],
    ];
    for (const [name, event] of cases) {
      it(`refuses an event with ${name}: generic message, logged, nothing written`, async () => {
        const preAuthentication = loadBundle('pre-authentication');
        expect(await settle(preAuthentication(event()))).to.deep.equal({ ok: false, message: GENERIC });
        expect(requests()).to.deep.equal({});
        const errors = logs.entries().filter((e) => e.level === 'ERROR');
        expect(errors).to.have.length(1);
        expect(JSON.stringify(errors[0])).to.match(/malformed event|unknown trigger source/);
        expect(logs.text).to.not.include(jane.email);
      });
    }
  });

  it('logs no email address, attribute map or whole event', async () => {
    const preAuthentication = loadBundle('pre-authentication');
    const postAuthentication = loadBundle('post-authentication');
    await preAuthentication(preAuthenticationEvent(jane));
    await postAuthentication(postAuthenticationEvent(jane));
    expect(logs.entries().length).to.be.greaterThan(0);
    expect(logs.text).to.not.include(jane.email);
    expect(logs.text).to.not.include('userAttributes');
    expect(logs.text).to.not.include('cognito:user_status');
  });
});
