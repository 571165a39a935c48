import { GetItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { expect } from 'chai';
import fc from 'fast-check';
import { keyAttributes } from '../../../adapters/dynamodb/attribute-values';
import { createDynamoDbClient } from '../../../adapters/dynamodb/dynamodb-client';
import { DynamoDbAttemptLedger, toLoginAttempts } from '../../../adapters/dynamodb/dynamodb-attempt-ledger';
import { attemptsKey, expiresAt, TTL_ATTRIBUTE } from '../../../adapters/dynamodb/table-keys';
import {
  clearAfterSuccess,
  countAttempt,
  engageLock,
  isLocked,
  NO_ATTEMPTS,
  withdrawResetRequirement,
  type LockEngagement,
  type LoginAttempts,
} from '../../../domain';
import { PROPERTY_OPTIONS } from '../../domain/policy/lockout-arbitraries';
import { startDynalite, type DynaliteHandle } from '../../support/dynalite';

const T0 = Date.parse('2026-11-23T10:00:00Z');
const RETENTION = 3_600;

type Operation =
  | { readonly kind: 'count'; readonly gapMs: number; readonly windowSeconds: number }
  | { readonly kind: 'engage'; readonly gapMs: number; readonly lockMs: number; readonly level: number; readonly forceReset: boolean }
  | { readonly kind: 'withdraw'; readonly gapMs: number }
  | { readonly kind: 'success'; readonly gapMs: number }
  | { readonly kind: 'recovery'; readonly gapMs: number };

/** Whole seconds, often: times then land exactly on the end of a window or of a lock. */
const wholeSeconds = (max: number) => fc.integer({ min: 1, max }).map((s) => s * 1000);

// Mostly forward, sometimes a little backward: Lambda instances do not share one clock.
const gapMs = fc.oneof(
  { arbitrary: fc.constant(0), weight: 3 },
  { arbitrary: wholeSeconds(4), weight: 6 },
  { arbitrary: fc.integer({ min: 0, max: 5_000 }), weight: 2 },
  { arbitrary: fc.integer({ min: 0, max: 30 * 60_000 }), weight: 2 },
  { arbitrary: fc.integer({ min: -2_000, max: 0 }), weight: 1 },
);
const windowSeconds = fc.oneof(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 1_200 }));
const lockMs = fc.oneof(wholeSeconds(4), fc.integer({ min: 1, max: 20 * 60_000 }));

/** Every ledger call with any argument the port accepts, including locks no policy would ask for. */
const operation: fc.Arbitrary<Operation> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('count' as const), gapMs, windowSeconds }), weight: 8 },
  {
    arbitrary: fc.record({
      kind: fc.constant('engage' as const),
      gapMs,
      lockMs,
      level: fc.integer({ min: 1, max: 6 }),
      forceReset: fc.boolean(),
    }),
    weight: 3,
  },
  { arbitrary: fc.record({ kind: fc.constant('withdraw' as const), gapMs }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('success' as const), gapMs }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('recovery' as const), gapMs }), weight: 1 },
);

/** What the pure transitions predict: the item (absent once cleared) and when it was last written. */
interface Model {
  state: LoginAttempts | undefined;
  lastWriteAt: number;
}

const normalised = (state: LoginAttempts) => JSON.parse(JSON.stringify(state)) as LoginAttempts;

describe('adapters/dynamodb/DynamoDbAttemptLedger, each port call against the pure transitions (model-based)', () => {
  let dynamo: DynaliteHandle;
  let client: DynamoDBClient;
  let ledger: DynamoDbAttemptLedger;
  let accounts = 0;

  before(async () => {
    dynamo = await startDynalite();
    client = createDynamoDbClient({ timeoutMs: 4000, maxAttempts: 1 });
    ledger = new DynamoDbAttemptLedger(client, { tableName: dynamo.tableName, retentionSeconds: RETENTION });
  });
  after(async () => {
    client.destroy();
    await dynamo.stop();
  });

  const rawItem = async (username: string) => {
    const { Item } = await client.send(
      new GetItemCommand({ TableName: dynamo.tableName, Key: keyAttributes(attemptsKey(username)), ConsistentRead: true }),
    );
    return Item && unmarshall(Item);
  };

  async function step(username: string, op: Operation, now: number, model: Model): Promise<void> {
    const account = { key: username };
    switch (op.kind) {
      case 'count': {
        const predicted = countAttempt(model.state ?? NO_ATTEMPTS, now, op.windowSeconds);
        const actual = await ledger.countAttempt(account, now, op.windowSeconds);
        expect(actual.outcome).to.equal(predicted.outcome);
        expect(actual.state).to.deep.equal(normalised(predicted.state));
        if (predicted.outcome === 'counted') Object.assign(model, { state: predicted.state, lastWriteAt: now });
        return;
      }
      case 'engage': {
        const lock: LockEngagement = { lockedUntil: now + op.lockMs, level: op.level, forceReset: op.forceReset };
        const predicted = model.state !== undefined && !isLocked(model.state, now);
        expect(await ledger.engageLock(account, lock, now)).to.equal(predicted);
        if (predicted && model.state) Object.assign(model, { state: engageLock(model.state, lock, now), lastWriteAt: now });
        return;
      }
      case 'withdraw':
        await ledger.withdrawResetRequirement(account);
        if (model.state) model.state = withdrawResetRequirement(model.state);
        return;
      case 'success':
        await ledger.clearAfterSuccess(account, now);
        // The pure function keeps a standing lock as it is; anything it clears, the ledger deletes.
        if (model.state && clearAfterSuccess(model.state, now) !== model.state) model.state = undefined;
        return;
      case 'recovery':
        await ledger.clearAfterRecovery(account);
        model.state = undefined;
        return;
    }
  }

  it('leaves in DynamoDB exactly the state the pure functions predict, after every call', async function () {
    this.timeout(120_000);
    await fc.assert(
      fc.asyncProperty(fc.array(operation, { minLength: 1, maxLength: 40 }), async (operations) => {
        const username = `model-${(accounts += 1)}`;
        const model: Model = { state: undefined, lastWriteAt: T0 };
        let now = T0;
        for (const op of operations) {
          now += op.gapMs;
          await step(username, op, now, model);
          const item = await rawItem(username);
          if (model.state === undefined) {
            expect(item).to.equal(undefined);
          } else {
            expect(item && toLoginAttempts(item)).to.deep.equal(normalised(model.state));
            expect(item?.[TTL_ATTRIBUTE]).to.equal(expiresAt(model.lastWriteAt, RETENTION));
          }
        }
      }),
      { ...PROPERTY_OPTIONS, numRuns: 25 },
    );
  });
});
