import { GetItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { isLocked, type AccountRef, type LockReader } from '../../domain';
import { keyAttributes } from './attribute-values';
import { toLoginAttempts } from './dynamodb-attempt-ledger';
import { storeFailure } from './store-errors';
import { attemptsKey } from './table-keys';

/**
 * The attempt ledger's lock, read and never written: one strongly consistent `GetItem` of the account's
 * attempts item (a lock PreAuthentication engaged a moment ago must be seen), only its lock attribute.
 */
export class DynamoDbLockReader implements LockReader {
  constructor(
    private readonly dynamo: DynamoDBClient,
    private readonly options: { readonly tableName: string },
  ) {}

  async isLocked(account: AccountRef, now: number): Promise<boolean> {
    try {
      const output = await this.dynamo.send(
        new GetItemCommand({
          TableName: this.options.tableName,
          Key: keyAttributes(attemptsKey(account.key)),
          ConsistentRead: true,
          ProjectionExpression: 'lockedUntil',
        }),
      );
      return output.Item !== undefined && isLocked(toLoginAttempts(unmarshall(output.Item)), now);
    } catch (error) {
      throw storeFailure('GetItem (lock)', error);
    }
  }
}
