/**
 * Email addresses as sign-up screening sees them: only the domain matters, normalised so that one
 * domain has one spelling — lowercase, without a trailing dot, internationalised names in their ASCII
 * (punycode) form.
 */
export interface EmailAddress {
  readonly local: string;
  /** Normalised: lowercase ASCII, no trailing dot. */
  readonly domain: string;
}

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
const MAX_DOMAIN_LENGTH = 253;

/**
 * The normalised form of a domain name, or undefined when it is not one a mailbox can live at: at
 * least two labels of letters, digits and hyphens (after conversion to ASCII), a top-level label that
 * is not all digits, at most 253 characters.
 */
export function normaliseDomainName(name: string): string | undefined {
  let candidate = name.trim().toLowerCase();
  if (candidate.endsWith('.')) candidate = candidate.slice(0, -1);
  if (candidate.length === 0 || /[\s/\\?#@:[\]%]/.test(candidate)) return undefined;
  let ascii: string;
  try {
    // The WHATWG URL parser applies IDNA (UTS #46) to hosts: the standard spelling of a domain name.
    ascii = new URL(`http://${candidate}`).hostname;
  } catch {
    return undefined;
  }
  const labels = ascii.split('.');
  if (ascii.length > MAX_DOMAIN_LENGTH || labels.length < 2) return undefined;
  if (!labels.every((label) => LABEL.test(label))) return undefined;
  if (/^[0-9]+$/.test(labels[labels.length - 1] ?? '')) return undefined;
  return ascii;
}

/** Splits an address at its last '@'; undefined without a local part or a valid domain. */
export function parseEmailAddress(address: string): EmailAddress | undefined {
  const at = address.lastIndexOf('@');
  if (at <= 0) return undefined;
  const domain = normaliseDomainName(address.slice(at + 1));
  return domain === undefined ? undefined : { local: address.slice(0, at), domain };
}
