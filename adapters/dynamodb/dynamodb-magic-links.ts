import {
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
  type AttributeValue,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import type { AccountRef, IssuedLink, MagicLinkStore, Redemption } from '../../domain';
import { keyAttributes, numberValue, stringValue } from './attribute-values';
import { isConditionalCheckFailure, storeFailure } from './store-errors';
import { expiresAt, linkRequestsKey, magicLinkKey, TTL_ATTRIBUTE } from './table-keys';

export interface DynamoDbMagicLinksOptions {
  readonly tableName: string;
}

/**
 * Sign-in links on the single table, in the account's partition: `MAGIC_LINK` holds the hash of the
 * account's one live link, `LINK_REQUESTS#<window start>` counts the links asked for in one window.
 * Each method is one request; the TTL attribute clears both once they no longer matter (DynamoDB's TTL
 * removes items late, so a link's own `validUntil` is what the use of a link is checked against).
 */
export class DynamoDbMagicLinks implements MagicLinkStore {
  constructor(
    private readonly dynamo: DynamoDBClient,
    private readonly options: DynamoDbMagicLinksOptions,
  ) {}

  async countRequest(account: AccountRef, now: number, windowSeconds: number): Promise<number> {
    // Fixed windows aligned on the epoch: one atomic ADD, never a read, whatever runs at the same time.
    const windowStart = Math.floor(now / 1000 / windowSeconds) * windowSeconds;
    try {
      const output = await this.dynamo.send(
        new UpdateItemCommand({
          TableName: this.options.tableName,
          Key: keyAttributes(linkRequestsKey(account.key, windowStart)),
          UpdateExpression: 'ADD requests :one SET #ttl = :ttl',
          ExpressionAttributeNames: { '#ttl': TTL_ATTRIBUTE },
          ExpressionAttributeValues: { ':one': numberValue(1), ':ttl': numberValue(windowStart + windowSeconds) },
          ReturnValues: 'UPDATED_NEW',
        }),
      );
      return Number(output.Attributes?.requests?.N ?? '1');
    } catch (error) {
      throw storeFailure('UpdateItem (count link request)', error);
    }
  }

  async issue(account: AccountRef, link: IssuedLink): Promise<void> {
    try {
      await this.dynamo.send(
        new PutItemCommand({
          TableName: this.options.tableName,
          Item: {
            ...keyAttributes(magicLinkKey(account.key)),
            secretHash: stringValue(link.secretHash),
            validUntil: numberValue(link.validUntil),
            [TTL_ATTRIBUTE]: numberValue(expiresAt(link.validUntil, 0)),
          },
        }),
      );
    } catch (error) {
      throw storeFailure('PutItem (magic link)', error);
    }
  }

  async redeem(account: AccountRef, secretHash: string, now: number): Promise<Redemption> {
    try {
      await this.dynamo.send(
        new DeleteItemCommand({
          TableName: this.options.tableName,
          Key: keyAttributes(magicLinkKey(account.key)),
          // Used up in the request that checks it: two answers with one link cannot both succeed.
          ConditionExpression: 'secretHash = :hash AND validUntil > :now',
          ExpressionAttributeValues: { ':hash': stringValue(secretHash), ':now': numberValue(now) },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return 'redeemed';
    } catch (error) {
      if (!isConditionalCheckFailure(error)) throw storeFailure('DeleteItem (redeem magic link)', error);
      // Why it failed only matters to the flow line (expired or wrong): the answer is no either way.
      const item = error.Item ?? (await this.read(account));
      return item?.secretHash?.S === secretHash ? 'expired' : 'wrong';
    }
  }

  /**
   * Only when the failed condition came back without the item: DynamoDB attaches it whenever there was
   * one; dynalite, the tests' stand-in, never does.
   */
  private async read(account: AccountRef): Promise<Record<string, AttributeValue> | undefined> {
    try {
      const output = await this.dynamo.send(
        new GetItemCommand({ TableName: this.options.tableName, Key: keyAttributes(magicLinkKey(account.key)), ConsistentRead: true }),
      );
      return output.Item;
    } catch (error) {
      throw storeFailure('GetItem (magic link)', error);
    }
  }
}
