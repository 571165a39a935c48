import { UpdateItemCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { AccountStore, Confirmation, SignIn } from '../../domain';
import { keyAttributes, numberValue, stringValue } from './attribute-values';
import { storeFailure } from './store-errors';
import { accountKey } from './table-keys';

/**
 * Account records on the single table: one item per account, kept without TTL, under the account's
 * key. Only confirmed sign-ups and successful sign-ins write here, so the username it keeps is a real
 * account's. Both merge into the one item, whichever comes first.
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

  async recordConfirmation(confirmation: Confirmation): Promise<'created' | 'existing'> {
    // Every attribute only if absent: a retried confirmation, or one arriving after a sign-in already
    // created the item, keeps what is there. The old confirmation time tells a retry apart.
    const assignments = [
      'username = if_not_exists(username, :username)',
      '#status = if_not_exists(#status, :confirmed)',
      'createdAt = if_not_exists(createdAt, :at)',
      'confirmedAt = if_not_exists(confirmedAt, :at)',
    ];
    const names: Record<string, string> = { '#status': 'status' };
    const values: Record<string, AttributeValue> = {
      ':username': stringValue(confirmation.username),
      ':confirmed': stringValue('CONFIRMED'),
      ':at': numberValue(confirmation.at),
    };
    if (confirmation.sub !== undefined) {
      assignments.push('#sub = if_not_exists(#sub, :sub)');
      names['#sub'] = 'sub';
      values[':sub'] = stringValue(confirmation.sub);
    }
    if (confirmation.email !== undefined) {
      assignments.push('email = if_not_exists(email, :email)');
      values[':email'] = stringValue(confirmation.email);
    }
    try {
      const result = await this.dynamo.send(
        new UpdateItemCommand({
          TableName: this.options.tableName,
          Key: keyAttributes(accountKey(confirmation.account.key)),
          UpdateExpression: `SET ${assignments.join(', ')}`,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ReturnValues: 'UPDATED_OLD',
        }),
      );
      return result.Attributes?.['confirmedAt'] === undefined ? 'created' : 'existing';
    } catch (error) {
      throw storeFailure('UpdateItem (record confirmation)', error);
    }
  }
}
