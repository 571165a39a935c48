import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  IdempotencyAlreadyInProgressError,
  IdempotencyConfig,
  IdempotencyPersistenceLayerError,
  makeIdempotent,
} from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { Context } from 'aws-lambda';
import type { OnceOnly } from '../../domain';
import { remainingMs } from '../invocation-deadline';
import { storeFailure } from './store-errors';
import { TTL_ATTRIBUTE } from './table-keys';

export interface DynamoDbOnceOnlyOptions {
  readonly tableName: string;
  /** Names this kind of work: part of every record's key. */
  readonly purpose: string;
  /** How long a finished run keeps later ones away: far longer than Cognito's retries take. */
  readonly expiresAfterSeconds: number;
}

/** Where the records live on the single table: one partition of their own, away from the accounts. */
export const ONCE_ONLY_PARTITION = 'ONCE';

/**
 * `OnceOnly` with Powertools Idempotency on the single table: a record per key under the `ONCE`
 * partition (sort key `<purpose>#<hash of the key>`), `INPROGRESS` while the work runs and
 * `COMPLETED` after, expiring through the table's TTL attribute. A run that dies mid-way (a timeout)
 * holds its key only until the invocation's own deadline, so Cognito's retry can take over; a run
 * whose work throws releases its key at once.
 *
 * One partition takes about 1,000 writes a second and each run writes twice: ample for sign-ups.
 */
export class DynamoDbOnceOnly implements OnceOnly {
  private readonly persistenceStore: DynamoDBPersistenceLayer;

  constructor(
    dynamo: DynamoDBClient,
    private readonly options: DynamoDbOnceOnlyOptions,
  ) {
    this.persistenceStore = new DynamoDBPersistenceLayer({
      tableName: options.tableName,
      keyAttr: 'pk',
      sortKeyAttr: 'sk',
      staticPkValue: ONCE_ONLY_PARTITION,
      expiryAttr: TTL_ATTRIBUTE,
      awsSdkV3Client: dynamo,
    });
  }

  async run(key: string, work: () => Promise<void>): Promise<'done' | 'already-done' | 'in-progress'> {
    const config = new IdempotencyConfig({ expiresAfterSeconds: this.options.expiresAfterSeconds, useLocalCache: false });
    // The in-progress record expires with the invocation: Powertools reads the time left from a context.
    // Outside an invocation (a script), it lasts as long as the record.
    const fallbackMs = this.options.expiresAfterSeconds * 1000;
    config.registerLambdaContext({ getRemainingTimeInMillis: () => remainingMs() ?? fallbackMs } as Context);
    let ran = false;
    const once = makeIdempotent(
      async (_payload: { readonly key: string }) => {
        ran = true;
        await work();
        return true;
      },
      { persistenceStore: this.persistenceStore, config, keyPrefix: this.options.purpose },
    );
    try {
      await once({ key });
      return ran ? 'done' : 'already-done';
    } catch (error) {
      if (error instanceof IdempotencyAlreadyInProgressError) return 'in-progress';
      // The work's own failure comes back as it was thrown; a failure to keep the record is the store's.
      if (error instanceof IdempotencyPersistenceLayerError) throw storeFailure(`once-only record (${this.options.purpose})`, error.cause ?? error);
      throw error;
    }
  }
}
