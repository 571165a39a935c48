import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import type { StackConfig } from '../config-schema';
import { webAclInputs } from '../waf';

export interface PoolFirewallArgs {
  readonly config: StackConfig;
  readonly webAclName: string;
  readonly ruleName: string;
  readonly poolArn: pulumi.Input<string>;
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * A WAF web ACL with the stack's rate limit per IP (`infra/waf.ts`), associated with the user pool: its
 * API endpoints and managed login. Cognito takes one web ACL per pool.
 */
export class PoolFirewall extends pulumi.ComponentResource {
  readonly webAclArn: pulumi.Output<string>;
  readonly webAclName: pulumi.Output<string>;

  constructor(name: string, args: PoolFirewallArgs, opts?: pulumi.ComponentResourceOptions) {
    super('gatehouse:security:PoolFirewall', name, {}, opts);
    const inputs = webAclInputs(args.config, { webAcl: args.webAclName, rule: args.ruleName });
    const webAcl = new aws.wafv2.WebAcl(
      `${name}-acl`,
      {
        name: inputs.name,
        description: inputs.description,
        scope: inputs.scope,
        defaultAction: inputs.defaultAction,
        rules: inputs.rules.map((rule) => ({ ...rule })),
        visibilityConfig: inputs.visibilityConfig,
        tags: args.tags,
      },
      { parent: this },
    );
    new aws.wafv2.WebAclAssociation(`${name}-association`, { resourceArn: args.poolArn, webAclArn: webAcl.arn }, { parent: this });
    this.webAclArn = webAcl.arn;
    this.webAclName = webAcl.name;
    this.registerOutputs({ webAclArn: this.webAclArn, webAclName: this.webAclName });
  }
}
