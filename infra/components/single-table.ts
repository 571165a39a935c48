import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';

export interface SingleTableArgs {
  /** The table's name in AWS (see `infra/naming.ts`). */
  readonly tableName: string;
  readonly deletionProtection: boolean;
  /** Pulumi `protect`: replacing or deleting the table loses every item in it. */
  readonly protect: boolean;
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * The one DynamoDB table of the single-table design: `pk`/`sk` strings, on demand, and a TTL attribute
 * that expires attempts, audit entries and other ephemeral items.
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
        hashKey: 'pk',
        rangeKey: 'sk',
        attributes: [
          { name: 'pk', type: 'S' },
          { name: 'sk', type: 'S' },
        ],
        ttl: { attributeName: 'expiresAt', enabled: true },
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
