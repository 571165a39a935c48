import * as pulumi from '@pulumi/pulumi';
import { secureParameter } from './secure-parameter';

export interface StackSecretArgs {
  readonly parameterName: string;
  readonly description: string;
  /** The secret, as Pulumi holds it (`config.requireSecret`): it stays secret in Pulumi's state. */
  readonly value: pulumi.Output<string>;
  /** The stack's KMS key: the SecureString is encrypted under it. */
  readonly keyArn: pulumi.Input<string>;
  readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/**
 * A Pulumi secret of the stack (a captcha provider's secret, an SMTP password) as an SSM SecureString
 * under the stack's key: the functions get its name and read it once per cold start, so the value never
 * sits in an environment variable, a bundle or a log. `pulumi config set --secret` changes it at the
 * next `pulumi up`; warm functions keep the old value until their next cold start.
 */
export class StackSecret extends pulumi.ComponentResource {
  readonly parameterName: pulumi.Output<string>;
  readonly parameterArn: pulumi.Output<string>;

  constructor(name: string, args: StackSecretArgs, opts?: pulumi.ComponentResourceOptions) {
    super('gatehouse:security:StackSecret', name, {}, opts);
    const parameter = secureParameter(
      `${name}-parameter`,
      {
        parameterName: args.parameterName,
        description: args.description,
        value: pulumi.secret(args.value),
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
