import {
  DeleteItemCommand,
  GetItemCommand,
  UpdateItemCommand,
  type AttributeValue,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import {
  isLocked,
  StoreUnavailableError,
  windowFloor,
  type AccountRef,
  type AttemptLedger,
  type CountedAttempt,
  type LockEngagement,
  type LoginAttempts,
} from '../../domain';
import { booleanValue, keyAttributes, numberValue, stringValue } from './attribute-values';
import { isConditionalCheckFailure, storeFailure } from './store-errors';
import { attemptsKey, expiresAt, lockoutDay, RECENT_LOCKOUTS, TTL_ATTRIBUTE } from './table-keys';

export interface DynamoDbAttemptLedgerOptions {
  readonly tableName: string;
  /** How long an attempts item outlives its last write (TTL). */
  readonly retentionSeconds: number;
}

/** A lapsed window or a concurrent reset can make a count take another round; never loop for ever. */
const MAX_ROUNDS = 3;

const NOT_LOCKED = '(attribute_not_exists(lockedUntil) OR lockedUntil <= :now)';

/**
 * The attempt ledger on the single table, one item per account. Each transition of
 * domain/policy/lockout-transitions.ts is one conditional request, so concurrent sign-ins of one
 * account never lose a count. Counting an attempt is one `UpdateItem` on the common path; when its
 * condition fails, DynamoDB returns the item as it was (`ReturnValuesOnConditionCheckFailure`), so a
 * refusal while locked costs one request too.
 */
export class DynamoDbAttemptLedger implements AttemptLedger {
  constructor(
    private readonly dynamo: DynamoDBClient,
    private readonly options: DynamoDbAttemptLedgerOptions,
  ) {}

  async countAttempt(account: AccountRef, now: number, windowSeconds: number): Promise<CountedAttempt> {
    const floor = windowFloor(now, windowSeconds);
    for (let round = 0; round < MAX_ROUNDS; round += 1) {
      const counted = await this.countInOpenWindow(account, now, floor);
      if ('outcome' in counted) return counted;
      const seen = counted.seen;
      if (seen === undefined) continue; // cleared between the two requests: count again
      if (isLocked(seen, now)) return { outcome: 'refused-locked', state: seen };
      // Read back separately (not returned with the failure), the item may have changed in between:
      // only a lapsed window may be restarted, anything else is counted again on the common path.
      if (seen.windowStartedAt === undefined || seen.windowStartedAt > floor) continue;
      // The window has lapsed: start a new one, unless another attempt just did.
      const restarted = await this.restartWindow(account, seen, now);
      if (restarted) return { outcome: 'counted', state: restarted };
    }
    throw new StoreUnavailableError(`DynamoDB UpdateItem kept losing races after ${MAX_ROUNDS} rounds`);
  }

  async engageLock(account: AccountRef, lock: LockEngagement, now: number): Promise<boolean> {
    try {
      await this.dynamo.send(
        new UpdateItemCommand({
          TableName: this.options.tableName,
          Key: keyAttributes(attemptsKey(account.key)),
          UpdateExpression:
            'SET attemptsInWindow = :zero, lockedUntil = :until, lockouts = :level, #at = :now, #day = :day, ' +
            `resetRequired = :reset, #ttl = :ttl${lock.forceReset ? ', streak = :zero' : ''} REMOVE windowStartedAt`,
          ConditionExpression: `attribute_exists(pk) AND ${NOT_LOCKED}`,
          // The lock's day and time are the recent-lockouts index's keys: indexed by this very request.
          ExpressionAttributeNames: { '#ttl': TTL_ATTRIBUTE, '#at': RECENT_LOCKOUTS.atAttribute, '#day': RECENT_LOCKOUTS.dayAttribute },
          ExpressionAttributeValues: {
            ':zero': numberValue(0),
            ':until': numberValue(lock.lockedUntil),
            ':level': numberValue(lock.level),
            ':now': numberValue(now),
            ':day': stringValue(lockoutDay(now)),
            ':reset': booleanValue(lock.forceReset),
            ':ttl': this.ttl(now),
          },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailure(error)) return false;
      throw storeFailure('UpdateItem (engage lock)', error);
    }
  }

  async withdrawResetRequirement(account: AccountRef): Promise<void> {
    try {
      await this.dynamo.send(
        new UpdateItemCommand({
          TableName: this.options.tableName,
          Key: keyAttributes(attemptsKey(account.key)),
          UpdateExpression: 'SET resetRequired = :false',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':false': booleanValue(false) },
        }),
      );
    } catch (error) {
      if (isConditionalCheckFailure(error)) return; // cleared meanwhile: nothing to withdraw
      throw storeFailure('UpdateItem (withdraw reset requirement)', error);
    }
  }

  async clearAfterSuccess(account: AccountRef, now: number): Promise<void> {
    try {
      await this.dynamo.send(
        new DeleteItemCommand({
          TableName: this.options.tableName,
          Key: keyAttributes(attemptsKey(account.key)),
          ConditionExpression: NOT_LOCKED,
          ExpressionAttributeValues: { ':now': numberValue(now) },
        }),
      );
    } catch (error) {
      // A lock engaged while this sign-in was under way stands (see clearAfterSuccess in the domain).
      if (isConditionalCheckFailure(error)) return;
      throw storeFailure('DeleteItem (clear after success)', error);
    }
  }

  async clearAfterRecovery(account: AccountRef): Promise<void> {
    try {
      await this.dynamo.send(
        new DeleteItemCommand({ TableName: this.options.tableName, Key: keyAttributes(attemptsKey(account.key)) }),
      );
    } catch (error) {
      throw storeFailure('DeleteItem (clear after recovery)', error);
    }
  }

  /** The common path: count in one request, or learn (from the same request) why not. */
  private async countInOpenWindow(
    account: AccountRef,
    now: number,
    floor: number,
  ): Promise<CountedAttempt | { seen: LoginAttempts | undefined }> {
    try {
      const output = await this.dynamo.send(
        new UpdateItemCommand({
          TableName: this.options.tableName,
          Key: keyAttributes(attemptsKey(account.key)),
          UpdateExpression:
            'ADD attemptsInWindow :one, streak :one SET windowStartedAt = if_not_exists(windowStartedAt, :now), #ttl = :ttl',
          ConditionExpression: `${NOT_LOCKED} AND (attribute_not_exists(windowStartedAt) OR windowStartedAt > :floor)`,
          ExpressionAttributeNames: { '#ttl': TTL_ATTRIBUTE },
          ExpressionAttributeValues: {
            ':one': numberValue(1),
            ':now': numberValue(now),
            ':floor': numberValue(floor),
            ':ttl': this.ttl(now),
          },
          ReturnValues: 'ALL_NEW',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return { outcome: 'counted', state: attemptsOf(output.Attributes) };
    } catch (error) {
      if (!isConditionalCheckFailure(error)) throw storeFailure('UpdateItem (count attempt)', error);
      // DynamoDB attaches the item as it was to the condition failure, in its wire format.
      if (error.Item) return { seen: attemptsOf(error.Item) };
      return { seen: await this.read(account) };
    }
  }

  private async restartWindow(account: AccountRef, seen: LoginAttempts, now: number): Promise<LoginAttempts | undefined> {
    try {
      const output = await this.dynamo.send(
        new UpdateItemCommand({
          TableName: this.options.tableName,
          Key: keyAttributes(attemptsKey(account.key)),
          UpdateExpression: 'SET attemptsInWindow = :one, windowStartedAt = :now, #ttl = :ttl ADD streak :one',
          ConditionExpression: `windowStartedAt = :seen AND ${NOT_LOCKED}`,
          ExpressionAttributeNames: { '#ttl': TTL_ATTRIBUTE },
          ExpressionAttributeValues: {
            ':one': numberValue(1),
            ':now': numberValue(now),
            ':seen': numberValue(seen.windowStartedAt ?? -1),
            ':ttl': this.ttl(now),
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return attemptsOf(output.Attributes);
    } catch (error) {
      if (isConditionalCheckFailure(error)) return undefined;
      throw storeFailure('UpdateItem (restart window)', error);
    }
  }

  /**
   * Only when the store did not return the item with a condition failure. DynamoDB does; dynalite 4,
   * the in-memory stand-in of the tests, ignores `ReturnValuesOnConditionCheckFailure` and sends no
   * item, so under test a refusal while locked costs this strongly consistent read as well.
   */
  private async read(account: AccountRef): Promise<LoginAttempts | undefined> {
    try {
      const output = await this.dynamo.send(
        new GetItemCommand({ TableName: this.options.tableName, Key: keyAttributes(attemptsKey(account.key)), ConsistentRead: true }),
      );
      return output.Item ? attemptsOf(output.Item) : undefined;
    } catch (error) {
      throw storeFailure('GetItem (attempts)', error);
    }
  }

  private ttl(now: number): AttributeValue.NMember {
    return numberValue(expiresAt(now, this.options.retentionSeconds));
  }
}

/** An attempts item as DynamoDB returns it (wire format), as the domain's state. */
function attemptsOf(item: Record<string, AttributeValue> | undefined): LoginAttempts {
  return toLoginAttempts(item ? unmarshall(item) : {});
}

function optionalNumber(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined;
}

/**
 * The state of an attempts item (as `unmarshall` returns it), with absent times left out (as the
 * domain's transitions leave them out).
 */
export function toLoginAttempts(item: Record<string, unknown>): LoginAttempts {
  const windowStartedAt = optionalNumber(item.windowStartedAt);
  const lockedUntil = optionalNumber(item.lockedUntil);
  const lastLockedAt = optionalNumber(item.lastLockedAt);
  return {
    attemptsInWindow: optionalNumber(item.attemptsInWindow) ?? 0,
    ...(windowStartedAt !== undefined ? { windowStartedAt } : {}),
    streak: optionalNumber(item.streak) ?? 0,
    ...(lockedUntil !== undefined ? { lockedUntil } : {}),
    lockouts: optionalNumber(item.lockouts) ?? 0,
    ...(lastLockedAt !== undefined ? { lastLockedAt } : {}),
    resetRequired: item.resetRequired === true,
  };
}
