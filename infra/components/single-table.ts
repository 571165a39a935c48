import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { RECENT_LOCKOUTS_INDEX, TABLE_SCHEMA } from '../table-schema';

export interface SingleTableArgs {
  /** The table's name in AWS (see `infra/naming.ts`). */
  readonly tableName: string;
  readonly deletionProtection: boolean;
  /** Pulumi `protect`: replacing or deleting the table loses every item in it. */
  readonly protect: boolean;
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * The one DynamoDB table of the single-table design: `pk`/`sk` strings, on demand, a TTL attribute
 * that expires attempts, audit entries and other ephemeral items, and the sparse index of recent
 * lockouts that operators list.
 */
export class SingleTable extends pulumi.ComponentResource {
  readonly name: pulumi.Output<string>;
  readonly arn: pulumi.Output<string>;

  constructor(name: string, args: SingleTableArgs, opts?: pulumi.ComponentResourceOptions) {
    super('gatehouse:storage:SingleTable', name, {}, opts);

    const table = new aws.dynamodb.Table(
      `${name}-table`,
      {
        name: args.tableName,
        billingMode: 'PAY_PER_REQUEST',
        hashKey: TABLE_SCHEMA.partitionKey,
        rangeKey: TABLE_SCHEMA.sortKey,
        attributes: [
          { name: TABLE_SCHEMA.partitionKey, type: TABLE_SCHEMA.keyType },
          { name: TABLE_SCHEMA.sortKey, type: TABLE_SCHEMA.keyType },
          { name: RECENT_LOCKOUTS_INDEX.partitionKey, type: RECENT_LOCKOUTS_INDEX.partitionKeyType },
          { name: RECENT_LOCKOUTS_INDEX.sortKey, type: RECENT_LOCKOUTS_INDEX.sortKeyType },
        ],
        // Adding an index to a deployed table is an in-place UpdateTable: DynamoDB backfills it while
        // the table keeps serving, and queries on it wait until it is ACTIVE.
        globalSecondaryIndexes: [
          {
            name: RECENT_LOCKOUTS_INDEX.name,
            keySchemas: [
              { attributeName: RECENT_LOCKOUTS_INDEX.partitionKey, keyType: 'HASH' },
              { attributeName: RECENT_LOCKOUTS_INDEX.sortKey, keyType: 'RANGE' },
            ],
            projectionType: 'INCLUDE',
            nonKeyAttributes: [...RECENT_LOCKOUTS_INDEX.projectedAttributes],
          },
        ],
        ttl: { attributeName: TABLE_SCHEMA.ttlAttribute, enabled: true },
        pointInTimeRecovery: { enabled: true },
        serverSideEncryption: { enabled: true },
        deletionProtectionEnabled: args.deletionProtection,
        tags: args.tags,
      },
      { parent: this, protect: args.protect },
    );

    this.name = table.name;
    this.arn = table.arn;
    this.registerOutputs({ name: this.name, arn: this.arn });
  }
}
