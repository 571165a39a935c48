import { parseEmailAddress, type StackConfig } from './config-schema';

/**
 * The pool's own emails. Without `gatehouse:email.from` the pool keeps Cognito's default sender
 * (`COGNITO_DEFAULT`: about 50 emails a day, the rest dropped). With it, the pool sends through SES
 * (`DEVELOPER`) as a verified identity the stack provisions: the sender's domain, or the address itself.
 */
export interface Sender {
  /** As configured: `Example <no-reply@example.com>` or `no-reply@example.com`. */
  readonly from: string;
  readonly replyTo?: string;
  /** The bare address the mail comes from (what `ses:FromAddress` is compared with). */
  readonly address: string;
  /** What SES verifies: the domain (Easy DKIM) or the address (a link SES sends to it). */
  readonly identity: string;
  readonly kind: StackConfig['email']['identity'];
}

/**
 * The stack's SES sender, or undefined when the pool stays on Cognito's default: no `from`, or a stack
 * whose own mail goes through its SMTP server (Cognito cannot send through SMTP; its own emails would
 * need the custom email sender).
 */
export function senderOf(config: StackConfig): Sender | undefined {
  const { from, replyTo, identity: kind, provider } = config.email;
  if (from === undefined || provider !== 'ses') return undefined;
  const parsed = parseEmailAddress(from);
  // The configuration refuses what does not parse: this is only reached by a StackConfig built by hand.
  if (parsed === undefined) throw new Error(`gatehouse:email.from is not an email address: ${JSON.stringify(from)}`);
  return {
    from,
    ...(replyTo === undefined ? {} : { replyTo }),
    address: parsed.address,
    identity: kind === 'domain' ? parsed.domain : parsed.address,
    kind,
  };
}

export interface DnsRecord {
  readonly name: string;
  readonly type: 'CNAME';
  readonly value: string;
}

/** Easy DKIM: one CNAME per token SES hands out, `<token>._domainkey.<domain>` → `<token>.dkim.amazonses.com`. */
export function dkimRecords(domain: string, tokens: readonly string[]): DnsRecord[] {
  return tokens.map((token) => ({ name: `${token}._domainkey.${domain}`, type: 'CNAME', value: `${token}.dkim.amazonses.com` }));
}
