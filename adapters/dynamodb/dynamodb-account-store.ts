import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AccountStore, SignIn } from '../../domain';
import { storeFailure } from './store-errors';
import { accountKey } from './table-keys';

/**
 * Account records on the single table: one item per account, kept without TTL, under the account's
 * key. Only successful sign-ins write here, so the username it keeps is a real account's.
 */
export class DynamoDbAccountStore implements AccountStore {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly options: { readonly tableName: string },
  ) {}

  async recordSignIn(signIn: SignIn): Promise<void> {
    const assignments = ['username = :username', 'lastSignInAt = :at', 'firstSeenAt = if_not_exists(firstSeenAt, :at)'];
    const values: Record<string, unknown> = { ':username': signIn.username, ':at': signIn.at, ':one': 1 };
    if (signIn.sub !== undefined) {
      assignments.push('#sub = :sub');
      values[':sub'] = signIn.sub;
    }
    if (signIn.email !== undefined) {
      assignments.push('email = :email');
      values[':email'] = signIn.email;
    }
    try {
      await this.documents.send(
        new UpdateCommand({
          TableName: this.options.tableName,
          Key: accountKey(signIn.account.key),
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
