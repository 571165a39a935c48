import * as aws from '@pulumi/aws';
import type * as pulumi from '@pulumi/pulumi';

export interface SecureParameterArgs {
  readonly parameterName: string;
  readonly description: string;
  readonly value: pulumi.Input<string>;
  /** The stack's KMS key: the SecureString is encrypted under it. */
  readonly keyArn: pulumi.Input<string>;
  readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/** A secret of the stack as an SSM SecureString under the stack's key (Standard tier: no charge). */
export function secureParameter(name: string, args: SecureParameterArgs, parent: pulumi.Resource): aws.ssm.Parameter {
  return new aws.ssm.Parameter(
    name,
    {
      name: args.parameterName,
      description: args.description,
      type: 'SecureString',
      keyId: args.keyArn,
      value: args.value,
      tier: 'Standard',
      ...(args.tags ? { tags: args.tags } : {}),
    },
    { parent },
  );
}
