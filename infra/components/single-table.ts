import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';

export interface SingleTableArgs {
  readonly deletionProtection: boolean;
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
      },
      { parent: this },
    );

    this.name = table.name;
    this.arn = table.arn;
    this.registerOutputs({ name: this.name, arn: this.arn });
  }
}
