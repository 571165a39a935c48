import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';

export interface EncryptionKeyArgs {
  /** `alias/<something>`. */
  readonly aliasName: string;
  /** Pulumi `protect` on the key: what it encrypted (the account key secret) is unreadable without it. */
  readonly protect: boolean;
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * A symmetric KMS key with yearly rotation. Cognito encrypts the codes it hands to custom email and SMS
 * senders with it; the key exists before those senders so that adding them does not replace anything.
 */
export class EncryptionKey extends pulumi.ComponentResource {
  readonly arn: pulumi.Output<string>;
  readonly keyId: pulumi.Output<string>;
  readonly aliasName: pulumi.Output<string>;

  constructor(name: string, args: EncryptionKeyArgs, opts?: pulumi.ComponentResourceOptions) {
    super('gatehouse:security:EncryptionKey', name, {}, opts);

    const key = new aws.kms.Key(
      `${name}-key`,
      {
        description: 'Gatehouse: encrypts the codes Cognito passes to custom email and SMS senders',
        customerMasterKeySpec: 'SYMMETRIC_DEFAULT',
        keyUsage: 'ENCRYPT_DECRYPT',
        enableKeyRotation: true,
        deletionWindowInDays: 30,
        tags: args.tags,
      },
      { parent: this, protect: args.protect },
    );
    // An alias holds no data (and takes no tags): it follows the name prefix, unprotected.
    const alias = new aws.kms.Alias(`${name}-alias`, { name: args.aliasName, targetKeyId: key.keyId }, { parent: this });

    this.arn = key.arn;
    this.keyId = key.keyId;
    this.aliasName = alias.name;
    this.registerOutputs({ arn: this.arn, keyId: this.keyId, aliasName: this.aliasName });
  }
}
