import { GetItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import {
  LegacyDirectoryRejectedError,
  LegacyDirectoryUnavailableError,
  normaliseUsername,
  StoreRejectedError,
  type AccountKeys,
  type LegacyAuthentication,
  type LegacyDirectory,
  type LegacyLookUp,
  type LegacyUser,
} from '../../domain';
import { parseImportedHash, verifyImportedHash } from '../crypto/imported-password-hashes';
import { keyAttributes } from './attribute-values';
import { storeFailure } from './store-errors';
import { importedUserKey } from './table-keys';

/** An imported user's item as the import command writes it (scripts/import-users.ts). */
export interface ImportedUserItem {
  readonly passwordHash: string;
  readonly email?: string;
  readonly emailVerified?: boolean;
  readonly attributes?: Readonly<Record<string, string>>;
}

/**
 * The users exported from an old database and imported into the single table, each under its account's
 * key (never the username in clear), with the password hash the old system kept: the legacy directory
 * for a stack whose old system will not be running. A password is checked against the hash here, in the
 * function, without any other service.
 */
export class DynamoDbImportedUsers implements LegacyDirectory {
  constructor(
    private readonly dynamo: DynamoDBClient,
    private readonly keys: AccountKeys,
    private readonly options: { readonly tableName: string },
  ) {}

  async authenticate(username: string, password: string): Promise<LegacyAuthentication> {
    const item = await this.read(username);
    if (item === undefined) return { outcome: 'unknown' };
    const hash = parseImportedHash(item.passwordHash);
    // The import refuses such hashes: one found here was written by something else.
    if ('problem' in hash) throw new LegacyDirectoryRejectedError(`an imported user's password hash cannot be used: ${hash.problem}`);
    return (await verifyImportedHash(hash, password)) ? { outcome: 'authenticated', user: userOf(item) } : { outcome: 'rejected' };
  }

  async lookUp(username: string): Promise<LegacyLookUp> {
    const item = await this.read(username);
    return item === undefined ? { outcome: 'unknown' } : { outcome: 'found', user: userOf(item) };
  }

  private async read(username: string): Promise<ImportedUserItem | undefined> {
    let account;
    try {
      account = await this.keys.refFor(normaliseUsername(username));
    } catch (error) {
      throw error instanceof StoreRejectedError
        ? new LegacyDirectoryRejectedError('the account key cannot be derived', { cause: error })
        : new LegacyDirectoryUnavailableError('the account key could not be derived in time', { cause: error });
    }
    try {
      const output = await this.dynamo.send(
        new GetItemCommand({ TableName: this.options.tableName, Key: keyAttributes(importedUserKey(account.key)), ConsistentRead: true }),
      );
      if (output.Item === undefined) return undefined;
      const item = unmarshall(output.Item) as Partial<ImportedUserItem>;
      if (typeof item.passwordHash !== 'string') throw new LegacyDirectoryRejectedError('an imported user has no password hash');
      return item as ImportedUserItem;
    } catch (error) {
      if (error instanceof LegacyDirectoryRejectedError) throw error;
      const failure = storeFailure('GetItem (imported user)', error);
      throw failure instanceof StoreRejectedError
        ? new LegacyDirectoryRejectedError(failure.message, { cause: error })
        : new LegacyDirectoryUnavailableError(failure.message, { cause: error });
    }
  }
}

function userOf(item: ImportedUserItem): LegacyUser {
  const attributes: Record<string, string> = {};
  for (const [name, value] of Object.entries(item.attributes ?? {})) if (typeof value === 'string') attributes[name] = value;
  return { ...(typeof item.email === 'string' ? { email: item.email } : {}), emailVerified: item.emailVerified === true, attributes };
}
