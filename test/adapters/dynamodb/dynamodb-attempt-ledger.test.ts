import {
  ConditionalCheckFailedException,
  GetItemCommand,
  UpdateItemCommand,
  type AttributeValue,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { expect } from 'chai';
import fc from 'fast-check';
import sinon from 'sinon';
import { keyAttributes } from '../../../adapters/dynamodb/attribute-values';
import { createDynamoDbClient } from '../../../adapters/dynamodb/dynamodb-client';
import { DynamoDbAttemptLedger, toLoginAttempts } from '../../../adapters/dynamodb/dynamodb-attempt-ledger';
import { attemptsKey } from '../../../adapters/dynamodb/table-keys';
import { NO_ATTEMPTS, StoreUnavailableError, type LoginAttempts } from '../../../domain';
import { history, PROPERTY_OPTIONS, validPolicy } from '../../domain/policy/lockout-arbitraries';
import { startDynalite, type DynaliteHandle } from '../../support/dynalite';
import { replayHistory } from '../../support/replay-history';

const T0 = Date.parse('2026-11-23T10:00:00Z');
const MINUTE = 60_000;
const RETENTION = 90_000;
let accounts = 0;
/** Absent and undefined times mean the same: compare states without undefined entries. */
const normalised = (state: LoginAttempts) => JSON.parse(JSON.stringify(state)) as LoginAttempts;
const freshAccount = () => ({ key: `account-${(accounts += 1)}` });

describe('adapters/dynamodb/DynamoDbAttemptLedger against dynalite', () => {
  let dynamo: DynaliteHandle;
  let client: DynamoDBClient;
  let ledger: DynamoDbAttemptLedger;

  before(async () => {
    dynamo = await startDynalite();
    client = createDynamoDbClient({ timeoutMs: 4000, maxAttempts: 1 });
    ledger = new DynamoDbAttemptLedger(client, { tableName: dynamo.tableName, retentionSeconds: RETENTION });
  });
  after(async () => {
    client.destroy();
    await dynamo.stop();
  });
  beforeEach(() => dynamo.resetCounts());

  const rawItem = async (username: string) => {
    const { Item } = await client.send(new GetItemCommand({ TableName: dynamo.tableName, Key: keyAttributes(attemptsKey(username)) }));
    return Item && unmarshall(Item);
  };
  const stateOf = async (username: string): Promise<LoginAttempts | undefined> => {
    const item = await rawItem(username);
    return item ? toLoginAttempts(item) : undefined;
  };
  const requests = () => Object.fromEntries(dynamo.requests);

  it('counts the first attempt with one UpdateItem and opens a window', async () => {
    const account = freshAccount();
    const counted = await ledger.countAttempt(account, T0, 900);
    expect(requests()).to.deep.equal({ UpdateItem: 1 });
    expect(counted).to.deep.equal({
      outcome: 'counted',
      state: { ...NO_ATTEMPTS, attemptsInWindow: 1, windowStartedAt: T0, streak: 1 },
    });
    const item = await rawItem(account.key);
    expect(item?.expiresAt).to.equal(T0 / 1000 + RETENTION);
  });

  it('counts 200 concurrent attempts on one account exactly', async () => {
    const account = freshAccount();
    const results = await Promise.all(Array.from({ length: 200 }, () => ledger.countAttempt(account, T0, 900)));
    expect(requests()).to.deep.equal({ UpdateItem: 200 });
    const seen = results.map((r) => r.state.attemptsInWindow).sort((a, b) => a - b);
    expect(seen).to.deep.equal(Array.from({ length: 200 }, (_, i) => i + 1));
    expect(await stateOf(account.key)).to.include({ attemptsInWindow: 200, streak: 200 });
  });

  it('starts a new window when the last one has lapsed, keeping the streak', async () => {
    const account = freshAccount();
    await ledger.countAttempt(account, T0, 900);
    await ledger.countAttempt(account, T0 + 1000, 900);
    dynamo.resetCounts();
    const counted = await ledger.countAttempt(account, T0 + 16 * MINUTE, 900);
    expect(counted.state).to.include({ attemptsInWindow: 1, windowStartedAt: T0 + 16 * MINUTE, streak: 3 });
    // The failed condition, the item read back (dynalite returns no item with it), the restart.
    expect(requests()).to.deep.equal({ UpdateItem: 2, GetItem: 1 });
  });

  it('indexes the lock it engages in the same UpdateItem: the recent-lockouts keys, day and time', async () => {
    const account = freshAccount();
    await ledger.countAttempt(account, T0, 900);
    expect(await rawItem(account.key)).to.not.have.any.keys('lockoutDay', 'lastLockedAt');
    dynamo.resetCounts();
    const late = Date.parse('2026-11-23T23:59:59.900Z');
    expect(await ledger.engageLock(account, { lockedUntil: late + 5 * MINUTE, level: 1, forceReset: false }, late)).to.equal(true);
    expect(requests()).to.deep.equal({ UpdateItem: 1 });
    expect(await rawItem(account.key)).to.include({ lockoutDay: 'LOCKOUTS#2026-11-23', lastLockedAt: late });
    // The next lock moves the item to its own day; counting between locks leaves the keys alone.
    const next = Date.parse('2026-11-24T00:10:00Z');
    await ledger.countAttempt(account, next, 900);
    expect(await rawItem(account.key)).to.include({ lockoutDay: 'LOCKOUTS#2026-11-23' });
    await ledger.engageLock(account, { lockedUntil: next + 10 * MINUTE, level: 2, forceReset: false }, next);
    expect(await rawItem(account.key)).to.include({ lockoutDay: 'LOCKOUTS#2026-11-24', lastLockedAt: next });
  });

  it('engages a lock once, refuses while it lasts without counting or extending it', async () => {
    const account = freshAccount();
    for (let i = 0; i < 6; i += 1) await ledger.countAttempt(account, T0, 900);
    const lock = { lockedUntil: T0 + 5 * MINUTE, level: 1, forceReset: false };
    dynamo.resetCounts();
    expect(await ledger.engageLock(account, lock, T0)).to.equal(true);
    expect(requests()).to.deep.equal({ UpdateItem: 1 });
    expect(await ledger.engageLock(account, { ...lock, lockedUntil: T0 + 99 * MINUTE }, T0)).to.equal(false);
    const locked = await stateOf(account.key);
    expect(locked).to.deep.equal({
      attemptsInWindow: 0,
      streak: 6,
      lockedUntil: T0 + 5 * MINUTE,
      lockouts: 1,
      lastLockedAt: T0,
      resetRequired: false,
    });

    dynamo.resetCounts();
    const refused = await ledger.countAttempt(account, T0 + MINUTE, 900);
    expect(refused).to.deep.equal({ outcome: 'refused-locked', state: locked });
    // DynamoDB returns the item with the failed condition; dynalite does not, hence the read.
    expect(requests()).to.deep.equal({ UpdateItem: 1, GetItem: 1 });
    expect((await rawItem(account.key))?.expiresAt).to.equal(T0 / 1000 + RETENTION);
    expect(await stateOf(account.key)).to.deep.equal(locked);

    const afterLock = await ledger.countAttempt(account, T0 + 5 * MINUTE, 900);
    expect(afterLock.outcome).to.equal('counted');
    expect(afterLock.state).to.include({ attemptsInWindow: 1, streak: 7, lockouts: 1 });
  });

  it('does not engage a lock on an account cleared meanwhile', async () => {
    const account = freshAccount();
    expect(await ledger.engageLock(account, { lockedUntil: T0 + MINUTE, level: 1, forceReset: false }, T0)).to.equal(false);
    expect(await rawItem(account.key)).to.equal(undefined);
  });

  it('withdraws a reset requirement but keeps the lock', async () => {
    const account = freshAccount();
    await ledger.countAttempt(account, T0, 900);
    await ledger.engageLock(account, { lockedUntil: T0 + MINUTE, level: 1, forceReset: true }, T0);
    expect(await stateOf(account.key)).to.include({ resetRequired: true, streak: 0 });
    await ledger.withdrawResetRequirement(account);
    expect(await stateOf(account.key)).to.include({ resetRequired: false, lockedUntil: T0 + MINUTE });
    await ledger.withdrawResetRequirement(freshAccount()); // nothing there: nothing created
  });

  it('clears after a success with one DeleteItem, but leaves an active lock standing', async () => {
    const unlocked = freshAccount();
    await ledger.countAttempt(unlocked, T0, 900);
    dynamo.resetCounts();
    await ledger.clearAfterSuccess(unlocked, T0 + 1000);
    expect(requests()).to.deep.equal({ DeleteItem: 1 });
    expect(await rawItem(unlocked.key)).to.equal(undefined);

    const locked = freshAccount();
    await ledger.countAttempt(locked, T0, 900);
    await ledger.engageLock(locked, { lockedUntil: T0 + MINUTE, level: 1, forceReset: false }, T0);
    await ledger.clearAfterSuccess(locked, T0 + 1000);
    expect(await stateOf(locked.key)).to.include({ lockedUntil: T0 + MINUTE });
    await ledger.clearAfterSuccess(locked, T0 + MINUTE);
    expect(await rawItem(locked.key)).to.equal(undefined);
  });

  it('clears an active lock after a recovery', async () => {
    const account = freshAccount();
    await ledger.countAttempt(account, T0, 900);
    await ledger.engageLock(account, { lockedUntil: T0 + MINUTE, level: 1, forceReset: false }, T0);
    dynamo.resetCounts();
    await ledger.clearAfterRecovery(account);
    expect(requests()).to.deep.equal({ DeleteItem: 1 });
    expect(await rawItem(account.key)).to.equal(undefined);
  });

  it('follows the pure lockout transitions for any policy and history (model-based)', async function () {
    this.timeout(120_000);
    await fc.assert(
      fc.asyncProperty(validPolicy, history, async (policy, events) => {
        const account = freshAccount();
        await replayHistory({
          ledger,
          policy,
          events,
          username: account.key,
          accountExists: true,
          check: async ({ result, decision, model }) => {
            if (result && decision) expect(result.verdict).to.equal(decision.kind === 'allow' ? 'allow' : 'deny');
            expect((await stateOf(account.key)) ?? NO_ATTEMPTS).to.deep.equal(normalised(model.state));
          },
        });
      }),
      { ...PROPERTY_OPTIONS, numRuns: 20 },
    );
  });
});

describe('adapters/dynamodb/DynamoDbAttemptLedger with DynamoDB answers dynalite cannot give', () => {
  const lockedItem = { ...attemptsKey('alice'), attemptsInWindow: 0, streak: 6, lockouts: 1, lockedUntil: T0 + MINUTE, lastLockedAt: T0, resetRequired: false };
  /** A failed condition as the low-level client raises it: the item, if any, in DynamoDB's wire format. */
  const conditionFailed = (item?: Record<string, AttributeValue>) =>
    new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {}, ...(item ? { Item: item } : {}) });
  const ledgerOver = (send: sinon.SinonStub) =>
    new DynamoDbAttemptLedger({ send } as unknown as DynamoDBClient, { tableName: 't', retentionSeconds: 60 });

  it('refuses while locked with one request when the condition failure carries the item', async () => {
    const send = sinon.stub().rejects(conditionFailed(marshall(lockedItem)));
    const refused = await ledgerOver(send).countAttempt({ key: 'alice' }, T0 + 1000, 900);
    expect(send.callCount).to.equal(1);
    expect(send.firstCall.args[0]).to.be.instanceOf(UpdateItemCommand);
    const input = send.firstCall.args[0].input as Record<string, unknown>;
    expect(input).to.include({ ReturnValues: 'ALL_NEW', ReturnValuesOnConditionCheckFailure: 'ALL_OLD' });
    expect(input.Key).to.deep.equal({ pk: { S: 'ACCT#alice' }, sk: { S: 'ATTEMPTS' } });
    expect(input.ExpressionAttributeValues).to.deep.equal({
      ':one': { N: '1' },
      ':now': { N: String(T0 + 1000) },
      ':floor': { N: String(T0 + 1000 - 900_000) },
      ':ttl': { N: String((T0 + 1000) / 1000 + 60) },
    });
    expect(refused).to.deep.equal({
      outcome: 'refused-locked',
      state: { attemptsInWindow: 0, streak: 6, lockouts: 1, lockedUntil: T0 + MINUTE, lastLockedAt: T0, resetRequired: false },
    });
  });

  it('counts again, without restarting the window, when the item read back has changed meanwhile', async () => {
    const reopened = { ...attemptsKey('alice'), attemptsInWindow: 1, windowStartedAt: T0 - 1000, streak: 1, lockouts: 0 };
    const counted = { ...reopened, attemptsInWindow: 2, streak: 2 };
    const send = sinon.stub();
    send.onCall(0).rejects(conditionFailed());
    send.onCall(1).resolves({ Item: marshall(reopened) });
    send.onCall(2).resolves({ Attributes: marshall(counted) });
    const result = await ledgerOver(send).countAttempt({ key: 'alice' }, T0, 900);
    expect(send.callCount).to.equal(3);
    expect(send.secondCall.args[0]).to.be.instanceOf(GetItemCommand);
    expect(send.secondCall.args[0].input).to.include({ ConsistentRead: true });
    expect(send.thirdCall.args[0]).to.be.instanceOf(UpdateItemCommand);
    expect(send.thirdCall.args[0].input.UpdateExpression).to.match(/^ADD attemptsInWindow :one, streak :one/);
    expect(result).to.deep.equal({ outcome: 'counted', state: toLoginAttempts(counted) });
  });

  it('gives up with StoreUnavailableError when it keeps losing races', async () => {
    const lapsed = { ...attemptsKey('alice'), attemptsInWindow: 2, windowStartedAt: T0 - 3_600_000, streak: 2, lockouts: 0 };
    const send = sinon.stub().rejects(conditionFailed(marshall(lapsed)));
    const error = await ledgerOver(send).countAttempt({ key: 'alice' }, T0, 900).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(StoreUnavailableError);
    expect(send.callCount).to.equal(6); // three rounds of count + restart
  });
});

describe('adapters/dynamodb/DynamoDbAttemptLedger when DynamoDB cannot be reached', () => {
  let restore: string | undefined;
  let client: DynamoDBClient;
  let ledger: DynamoDbAttemptLedger;
  before(() => {
    restore = process.env.AWS_ENDPOINT_URL_DYNAMODB;
    process.env.AWS_ENDPOINT_URL_DYNAMODB = 'http://127.0.0.1:9';
    client = createDynamoDbClient({ timeoutMs: 300, maxAttempts: 1 });
    ledger = new DynamoDbAttemptLedger(client, { tableName: 't-offline', retentionSeconds: 60 });
  });
  after(() => {
    client.destroy();
    if (restore === undefined) delete process.env.AWS_ENDPOINT_URL_DYNAMODB;
    else process.env.AWS_ENDPOINT_URL_DYNAMODB = restore;
  });

  const calls: [string, () => Promise<unknown>][] = [
    ['countAttempt', () => ledger.countAttempt({ key: 'a' }, T0, 900)],
    ['engageLock', () => ledger.engageLock({ key: 'a' }, { lockedUntil: T0 + 1, level: 1, forceReset: false }, T0)],
    ['withdrawResetRequirement', () => ledger.withdrawResetRequirement({ key: 'a' })],
    ['clearAfterSuccess', () => ledger.clearAfterSuccess({ key: 'a' }, T0)],
    ['clearAfterRecovery', () => ledger.clearAfterRecovery({ key: 'a' })],
  ];
  for (const [name, call] of calls) {
    it(`${name} fails with StoreUnavailableError, the cause attached`, async () => {
      const error = (await call().catch((e: unknown) => e)) as StoreUnavailableError;
      expect(error).to.be.instanceOf(StoreUnavailableError);
      expect(error.message).to.match(/^DynamoDB \w+/);
      expect(error.cause).to.be.instanceOf(Error);
    });
  }
});

