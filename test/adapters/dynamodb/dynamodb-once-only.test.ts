import { QueryCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { expect } from 'chai';
import { createDynamoDbClient } from '../../../adapters/dynamodb/dynamodb-client';
import { DynamoDbOnceOnly, ONCE_ONLY_PARTITION } from '../../../adapters/dynamodb/dynamodb-once-only';
import { withDeadline } from '../../../adapters/invocation-deadline';
import { StoreRejectedError, StoreUnavailableError } from '../../../domain';
import { deferred } from '../../domain/use-cases/deferred';
import { startDynalite, type DynaliteHandle } from '../../support/dynalite';

describe('adapters/dynamodb/DynamoDbOnceOnly (Powertools Idempotency) against dynalite', () => {
  let dynamo: DynaliteHandle;
  let client: DynamoDBClient;
  let once: DynamoDbOnceOnly;

  before(async () => {
    dynamo = await startDynalite();
    client = createDynamoDbClient({ timeoutMs: 2000, maxAttempts: 1 });
    once = new DynamoDbOnceOnly(client, { tableName: dynamo.tableName, purpose: 'welcome-mail', expiresAfterSeconds: 86_400 });
  });
  after(async () => {
    client.destroy();
    await dynamo.stop();
  });

  const records = async () => {
    const { Items = [] } = await client.send(
      new QueryCommand({
        TableName: dynamo.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': { S: ONCE_ONLY_PARTITION } },
      }),
    );
    return Items.map((item) => unmarshall(item));
  };

  it('runs the work once per key, however often it is asked', async () => {
    let runs = 0;
    const work = async () => {
      runs += 1;
    };
    const answers = [];
    for (let i = 0; i < 3; i += 1) answers.push(await once.run('welcome#pool#sub-1', work));
    expect(answers).to.deep.equal(['done', 'already-done', 'already-done']);
    expect(runs).to.equal(1);
    expect(await once.run('welcome#pool#sub-2', work)).to.equal('done');
    expect(runs).to.equal(2);
  });

  it('keeps one completed record per key on the single table, under its own partition, expiring by TTL', async () => {
    const before = Math.floor(Date.now() / 1000);
    await once.run('welcome#pool#kept', async () => undefined);
    const mine = (await records()).filter((record) => String(record['sk']).startsWith('welcome-mail#'));
    expect(mine.length).to.be.greaterThan(0);
    for (const record of mine) {
      expect(record).to.include({ pk: 'ONCE', status: 'COMPLETED' });
      expect(record['expiresAt']).to.be.within(before + 86_400, before + 86_400 + 60);
      // The key is hashed: no user data in the table.
      expect(JSON.stringify(record)).to.not.include('kept');
    }
  });

  it('answers in-progress to a second call while the first one runs, and runs the work once', async () => {
    const gate = deferred();
    let runs = 0;
    const work = async () => {
      runs += 1;
      await gate.promise;
    };
    const first = once.run('welcome#pool#concurrent', work);
    // The second call must find the first one's record: wait until it is there.
    for (let i = 0; i < 50 && (await records()).every((record) => record['status'] !== 'INPROGRESS'); i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(await once.run('welcome#pool#concurrent', work)).to.equal('in-progress');
    gate.resolve();
    expect(await first).to.equal('done');
    expect(runs).to.equal(1);
  });

  it('rethrows the work\'s failure and releases the key, so that a retry does the work', async () => {
    const failure = new Error('mail down');
    const error = await once.run('welcome#pool#retry', async () => Promise.reject(failure)).catch((e: unknown) => e);
    expect(error).to.equal(failure);
    let runs = 0;
    expect(await once.run('welcome#pool#retry', async () => void (runs += 1))).to.equal('done');
    expect(runs).to.equal(1);
  });

  it('lets a retry take over a run that died, once the invocation that held it is past its deadline', async () => {
    // A run that never finishes inside a short invocation: its record says INPROGRESS until the deadline.
    const stuck = deferred();
    const held = withDeadline(Date.now() + 300, () => once.run('welcome#pool#stuck', () => stuck.promise));
    await new Promise((resolve) => setTimeout(resolve, 400));
    let runs = 0;
    expect(await withDeadline(Date.now() + 3000, () => once.run('welcome#pool#stuck', async () => void (runs += 1))), 'retry').to.equal(
      'done',
    );
    expect(runs).to.equal(1);
    stuck.resolve();
    await held.catch(() => undefined);
  });

  it('fails with the store\'s errors, without running the work, when the record cannot be kept', async () => {
    let runs = 0;
    const missing = new DynamoDbOnceOnly(client, { tableName: 'no-such-table', purpose: 'welcome-mail', expiresAfterSeconds: 60 });
    const rejected = await missing.run('k', async () => void (runs += 1)).catch((e: unknown) => e);
    expect(rejected).to.be.instanceOf(StoreRejectedError);

    const previous = process.env.AWS_ENDPOINT_URL_DYNAMODB;
    process.env.AWS_ENDPOINT_URL_DYNAMODB = 'http://127.0.0.1:9';
    const offline = createDynamoDbClient({ timeoutMs: 300, maxAttempts: 1 });
    const unavailable = await new DynamoDbOnceOnly(offline, { tableName: dynamo.tableName, purpose: 'p', expiresAfterSeconds: 60 })
      .run('k', async () => void (runs += 1))
      .catch((e: unknown) => e);
    offline.destroy();
    process.env.AWS_ENDPOINT_URL_DYNAMODB = previous;
    expect(unavailable).to.be.instanceOf(StoreUnavailableError);
    expect(runs).to.equal(0);
  });
});
