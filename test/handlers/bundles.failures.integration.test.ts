/**
 * The built bundles, invoked as Lambda invokes them, when something is wrong: a store that cannot
 * answer (transient: the stack's failure mode applies) versus one that answers with a refusal (a
 * defect or misconfiguration: never an open door), a missing or unreachable secret, and what the table
 * and the logs keep of what a user typed.
 */
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { expect } from 'chai';
import { AnsweringEndpoint, BarrierProxy } from '../support/answering-endpoint';
import { postAuthenticationEvent, preAuthenticationEvent, unknownUserPreAuthenticationEvent } from '../support/cognito-events';
import { ANSWERS, people, settle } from '../support/answers';
import { useBundleStandIns } from '../support/bundle-stand-ins';
import { loadBundle, withEnvironment } from '../support/lambda-bundle';

const GENERIC = ANSWERS.generic;
const person = people(10_000_000, 'failures');

describe('bundles when something is wrong', function () {
  const standIns = useBundleStandIns({ CLIENT_TIMEOUT_MS: '1000', CLIENT_MAX_ATTEMPTS: '1' });
  const { logs } = standIns;

  const flowLines = () => logs.entries().filter((entry) => entry.message === 'flow');

  /** Runs `work` with DynamoDB answering every request with one error. */
  async function withDynamoAnswering<T>(status: number, type: string, work: (endpoint: AnsweringEndpoint) => Promise<T>): Promise<T> {
    const endpoint = new AnsweringEndpoint(status, type);
    const restore = withEnvironment({ AWS_ENDPOINT_URL_DYNAMODB: await endpoint.start() });
    try {
      return await work(endpoint);
    } finally {
      restore();
      await endpoint.stop();
    }
  }

  describe('pre-authentication in open mode', () => {
    it('answers a missing table with the generic message, never letting the attempt through', async () => {
      const restore = withEnvironment({ TABLE_NAME: 'gatehouse-no-such-table' });
      try {
        const answer = await settle(loadBundle('pre-authentication')(preAuthenticationEvent(person(1))));
        expect(answer).to.deep.equal({ ok: false, message: GENERIC });
        const [flow] = flowLines();
        expect(flow).to.deep.include({ level: 'ERROR', result: 'failed' });
        expect(JSON.stringify(flow)).to.contain('STORE_REJECTED').and.to.contain('ResourceNotFoundException');
        expect(logs.entries().some((entry) => entry.incident === 'STORE_UNAVAILABLE')).to.equal(false);
      } finally {
        restore();
      }
    });

    it('answers a missing permission (AccessDeniedException) with the generic message', async () => {
      await withDynamoAnswering(400, 'AccessDeniedException', async () => {
        const answer = await settle(loadBundle('pre-authentication')(preAuthenticationEvent(person(2))));
        expect(answer).to.deep.equal({ ok: false, message: GENERIC });
        expect(JSON.stringify(flowLines())).to.contain('STORE_REJECTED').and.to.contain('AccessDeniedException');
      });
    });

    for (const [status, type] of [
      [500, 'InternalServerError'],
      [400, 'ProvisionedThroughputExceededException'],
    ] as const) {
      it(`lets the attempt through when DynamoDB cannot answer (${status} ${type}), as the stack chose`, async () => {
        await withDynamoAnswering(status, type, async () => {
          const answer = await settle(loadBundle('pre-authentication')(preAuthenticationEvent(person(3))));
          expect(answer).to.deep.equal({ ok: true });
          expect(logs.entries().filter((entry) => entry.incident).map((entry) => entry.incident)).to.deep.equal([
            'STORE_UNAVAILABLE',
            'AUDIT_SKIPPED',
          ]);
          expect(flowLines()).to.have.length(1);
          expect(flowLines()[0]).to.include({ result: 'accepted', outcome: 'unprotected' });
        });
      });
    }

    it('answers a missing account key secret with the generic message, writing nothing', async () => {
      const restore = withEnvironment({ ACCOUNT_KEY_PARAMETER: '/gatehouse-test/no-such-parameter' });
      try {
        const answer = await settle(loadBundle('pre-authentication')(preAuthenticationEvent(person(4))));
        expect(answer).to.deep.equal({ ok: false, message: GENERIC });
        expect(JSON.stringify(flowLines())).to.contain('STORE_REJECTED').and.to.contain('ParameterNotFound');
        expect(Object.fromEntries(standIns.dynamo.requests)).to.deep.equal({});
      } finally {
        restore();
      }
    });

    it('lets the attempt through when SSM cannot be reached on a cold start, writing nothing', async () => {
      const restore = withEnvironment({ AWS_ENDPOINT_URL_SSM: 'http://127.0.0.1:9' });
      try {
        const answer = await settle(loadBundle('pre-authentication')(preAuthenticationEvent(person(5))));
        expect(answer).to.deep.equal({ ok: true });
        expect(flowLines()[0]).to.include({ result: 'accepted', outcome: 'unprotected' });
        expect(Object.fromEntries(standIns.dynamo.requests)).to.deep.equal({});
      } finally {
        restore();
      }
    });
  });

  it('post-authentication: never fails a right password over a missing table, and names the refusal', async () => {
    const restore = withEnvironment({ TABLE_NAME: 'gatehouse-no-such-table' });
    try {
      const event = postAuthenticationEvent(person(6));
      expect(await loadBundle('post-authentication')(event)).to.deep.equal(event);
      const incidents = logs.entries().filter((entry) => entry.incident);
      expect(incidents.map((entry) => entry.incident).sort()).to.deep.equal(['AUDIT_FAILED', 'CLEAR_ATTEMPTS_FAILED', 'RECORD_SIGN_IN_FAILED']);
      // A refusal is an error whatever the step, and is never reported as an outage.
      expect(incidents.every((entry) => entry.level === 'ERROR')).to.equal(true);
      expect(JSON.stringify(incidents)).to.contain('STORE_REJECTED').and.not.to.contain('STORE_UNAVAILABLE');
    } finally {
      restore();
    }
  });

  it('sends the count and the audit entry side by side: one round trip when the attempt is allowed', async () => {
    const barrier = new BarrierProxy(standIns.dynamo.endpoint, 2);
    const restore = withEnvironment({ AWS_ENDPOINT_URL_DYNAMODB: await barrier.start() });
    try {
      const preAuthentication = loadBundle('pre-authentication');
      // Warm: the cold start's secret is read first (SSM, not DynamoDB).
      const answer = await settle(preAuthentication(preAuthenticationEvent(person(7))));
      // Two requests had to be in flight at once for the barrier to let either through.
      expect(answer).to.deep.equal({ ok: true });
      expect(flowLines()[0]).to.include({ result: 'accepted', outcome: 'attempt' });
      expect(Object.fromEntries(standIns.dynamo.requests)).to.deep.equal({ UpdateItem: 1, PutItem: 1 });
    } finally {
      restore();
      await barrier.stop();
    }
  });

  it('names the service of every log line after POWERTOOLS_SERVICE_NAME', async () => {
    const restore = withEnvironment({ POWERTOOLS_SERVICE_NAME: 'gatehouse-staging' });
    try {
      await loadBundle('pre-authentication')(preAuthenticationEvent(person(8)));
      expect(logs.entries().length).to.be.greaterThan(0);
      expect(new Set(logs.entries().map((entry) => entry.service))).to.deep.equal(new Set(['gatehouse-staging']));
    } finally {
      restore();
    }
  });

  it('keeps no typed identifier in clear, in the table or in the logs', async () => {
    const typed = ['Jane.Typo@Example.com', 'hunter2-Typed-In-The-Wrong-Field!', person(9).userName];
    const preAuthentication = loadBundle('pre-authentication');
    for (const username of typed) {
      for (let i = 0; i < 7; i += 1) await settle(preAuthentication(unknownUserPreAuthenticationEvent(username)));
    }
    const client = new DynamoDBClient({});
    const items = JSON.stringify((await client.send(new ScanCommand({ TableName: standIns.dynamo.tableName }))).Items);
    client.destroy();
    expect(items.length).to.be.greaterThan(100);
    for (const username of typed) {
      for (const spelling of [username, username.toLowerCase()]) {
        expect(items).to.not.contain(spelling);
        expect(logs.text).to.not.contain(spelling);
      }
    }
    expect(items).to.match(/ACCT#[0-9a-f]{64}/);
  });
});
