import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { expect } from 'chai';
import { createDynamoDbClient } from '../../../adapters/dynamodb/dynamodb-client';
import { DynamoDbAttemptLedger } from '../../../adapters/dynamodb/dynamodb-attempt-ledger';
import { DeadlineExceededError, MIN_REQUEST_MS, withDeadline } from '../../../adapters/invocation-deadline';
import { StoreUnavailableError } from '../../../domain';
import { startDynalite, type DynaliteHandle } from '../../support/dynalite';

const T0 = Date.parse('2026-11-23T10:00:00Z');

describe('adapters/dynamodb/createDynamoDbClient', () => {
  let dynamo: DynaliteHandle;
  let client: DynamoDBClient;
  let ledger: DynamoDbAttemptLedger;

  before(async () => {
    dynamo = await startDynalite();
    client = createDynamoDbClient({ timeoutMs: 2000, maxAttempts: 3 });
    ledger = new DynamoDbAttemptLedger(client, { tableName: dynamo.tableName, retentionSeconds: 60 });
  });
  after(async () => {
    client.destroy();
    await dynamo.stop();
  });
  beforeEach(() => dynamo.resetCounts());

  it('is the low-level client, with the attempts it was given', async () => {
    expect(client).to.be.instanceOf(DynamoDBClient);
    expect(await client.config.maxAttempts()).to.equal(3);
  });

  it('is bound by the invocation deadline: the adapters send nothing that cannot complete in time', async () => {
    const error = (await withDeadline(Date.now() + MIN_REQUEST_MS - 5, () => ledger.countAttempt({ key: 'late' }, T0, 900)).catch(
      (e: unknown) => e,
    )) as Error;
    expect(error).to.be.instanceOf(StoreUnavailableError);
    expect(error.cause).to.be.instanceOf(DeadlineExceededError);
    expect(Object.fromEntries(dynamo.requests)).to.deep.equal({});
  });

  it('sends within a deadline that leaves time', async () => {
    const counted = await withDeadline(Date.now() + 2_000, () => ledger.countAttempt({ key: 'in-time' }, T0, 900));
    expect(counted.outcome).to.equal('counted');
    expect(Object.fromEntries(dynamo.requests)).to.deep.equal({ UpdateItem: 1 });
  });
});
