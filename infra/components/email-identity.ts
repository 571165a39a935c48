import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { dkimRecords, type DnsRecord, type Sender } from '../email';

export interface EmailIdentityArgs {
  readonly sender: Sender;
  /**
   * Pulumi `protect` on the identity. Replacing or deleting it undoes its verification: a domain gets new
   * DKIM tokens (the published CNAME records stop matching), an address must click a new link, and
   * until then the pool cannot send recovery codes.
   */
  readonly protect: boolean;
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * The SES identity the pool sends as: the sender's domain (Easy DKIM, RSA 2048: three CNAME records for
 * the operator to publish) or the address itself (SES mails it a verification link). Cognito sends
 * through it with its service-linked role (AmazonCognitoIdpEmailServiceRolePolicy: `ses:SendEmail` and
 * `ses:SendRawEmail`), which it sets up when the pool is given a `DEVELOPER` email configuration.
 */
export class EmailIdentity extends pulumi.ComponentResource {
  readonly arn: pulumi.Output<string>;
  /** The DNS records to publish: the DKIM CNAMEs of a domain identity, none for an address. */
  readonly dnsRecords: pulumi.Output<DnsRecord[]>;

  constructor(name: string, args: EmailIdentityArgs, opts?: pulumi.ComponentResourceOptions) {
    super('gatehouse:email:EmailIdentity', name, {}, opts);
    const { sender } = args;
    const identity = new aws.sesv2.EmailIdentity(
      `${name}-identity`,
      {
        emailIdentity: sender.identity,
        ...(sender.kind === 'domain' ? { dkimSigningAttributes: { nextSigningKeyLength: 'RSA_2048_BIT' } } : {}),
        tags: args.tags,
      },
      { parent: this, protect: args.protect },
    );
    this.arn = identity.arn;
    this.dnsRecords =
      sender.kind === 'domain'
        ? identity.dkimSigningAttributes.apply((attributes) => dkimRecords(sender.identity, attributes?.tokens ?? []))
        : pulumi.output([]);
    this.registerOutputs({ arn: this.arn, dnsRecords: this.dnsRecords });
  }
}
