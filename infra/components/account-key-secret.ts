import * as pulumi from '@pulumi/pulumi';
import * as random from '@pulumi/random';
import { secureParameter } from './secure-parameter';

export interface AccountKeySecretArgs {
  /** See `accountKeyParameterName`. */
  readonly parameterName: string;
  /** The stack's KMS key: the SecureString is encrypted under it. */
  readonly keyArn: pulumi.Input<string>;
  readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/**
 * The per-stack secret the functions key every account with (a keyed hash of the username): 32 random
 * bytes, generated once by Pulumi, kept in Pulumi's state as a secret and in SSM as a SecureString
 * under the stack's key. Changing it re-keys every account (counts, locks and trails start afresh), so
 * it is never regenerated: protect it like the table.
 */
export class AccountKeySecret extends pulumi.ComponentResource {
  readonly parameterName: pulumi.Output<string>;
  readonly parameterArn: pulumi.Output<string>;

  constructor(name: string, args: AccountKeySecretArgs, opts?: pulumi.ComponentResourceOptions) {
    super('gatehouse:security:AccountKeySecret', name, {}, opts);

    const bytes = new random.RandomBytes(`${name}-bytes`, { length: 32 }, { parent: this });
    const parameter = secureParameter(
      `${name}-parameter`,
      {
        parameterName: args.parameterName,
        description: 'Gatehouse: the secret that account keys in the table are derived with (HMAC-SHA256)',
        value: bytes.base64,
        keyArn: args.keyArn,
        ...(args.tags ? { tags: args.tags } : {}),
      },
      this,
    );

    this.parameterName = parameter.name;
    this.parameterArn = parameter.arn;
    this.registerOutputs({ parameterName: this.parameterName, parameterArn: this.parameterArn });
  }
}
