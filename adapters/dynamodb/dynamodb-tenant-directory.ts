import { GetItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { AccountRef, TenantDirectory } from '../../domain';
import { keyAttributes } from './attribute-values';
import { storeFailure } from './store-errors';
import { accountKey } from './table-keys';

/** The attribute of an account's record that names its tenant (written by the operator who assigns it). */
export const TENANT_ATTRIBUTE = 'tenant';

/**
 * The tenant of an account from its record on the single table: one GetItem of the tenant alone
 * (projected, so a large record costs no more), eventually consistent (half the read capacity of a
 * strong read; a tenant assigned a second ago shows at the next sign-in or refresh).
 */
export class DynamoDbTenantDirectory implements TenantDirectory {
  constructor(
    private readonly dynamo: DynamoDBClient,
    private readonly options: { readonly tableName: string },
  ) {}

  async tenantOf(account: AccountRef): Promise<string | undefined> {
    try {
      const output = await this.dynamo.send(
        new GetItemCommand({
          TableName: this.options.tableName,
          Key: keyAttributes(accountKey(account.key)),
          ProjectionExpression: '#tenant',
          ExpressionAttributeNames: { '#tenant': TENANT_ATTRIBUTE },
        }),
      );
      const value = output.Item?.[TENANT_ATTRIBUTE];
      return value?.S;
    } catch (error) {
      throw storeFailure('GetItem (tenant)', error);
    }
  }
}
