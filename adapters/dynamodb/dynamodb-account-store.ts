import { UpdateItemCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { AccountStore, SignIn } from '../../domain';
import { keyAttributes, numberValue, stringValue } from './attribute-values';
import { storeFailure } from './store-errors';
import { accountKey } from './table-keys';

/**
 * Account records on the single table: one item per account, kept without TTL, under the account's
 * key. Only successful sign-ins write here, so the username it keeps is a real account's.
 */
export class DynamoDbAccountStore implements AccountStore {
  constructor(
    private readonly dynamo: DynamoDBClient,
    private readonly options: { readonly tableName: string },
  ) {}

  async recordSignIn(signIn: SignIn): Promise<void> {
    try {
      const assignments = ['username = :username', 'lastSignInAt = :at', 'firstSeenAt = if_not_exists(firstSeenAt, :at)'];
      const values: Record<string, AttributeValue> = {
        ':username': stringValue(signIn.username),
        ':at': numberValue(signIn.at),
        ':one': numberValue(1),
      };
      if (signIn.sub !== undefined) {
        assignments.push('#sub = :sub');
        values[':sub'] = stringValue(signIn.sub);
      }
      if (signIn.email !== undefined) {
        assignments.push('email = :email');
        values[':email'] = stringValue(signIn.email);
      }
      await this.dynamo.send(
        new UpdateItemCommand({
          TableName: this.options.tableName,
          Key: keyAttributes(accountKey(signIn.account.key)),
          UpdateExpression: `SET ${assignments.join(', ')} ADD signInCount :one`,
          ...(signIn.sub !== undefined ? { ExpressionAttributeNames: { '#sub': 'sub' } } : {}),
          ExpressionAttributeValues: values,
        }),
      );
    } catch (error) {
      throw storeFailure('UpdateItem (record sign-in)', error);
    }
  }
}
