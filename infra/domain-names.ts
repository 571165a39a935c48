/**
 * Domain names and domain patterns as the sign-up settings (`gatehouse:signUp`) take them, in the one
 * spelling the PreSignUp function compares: lowercase, without a trailing dot, internationalised names
 * in their ASCII (punycode) form. The function normalises what it reads again in the same way, so what
 * infra renders is already in that form and a stack learns of a bad entry at `pulumi up`, not at the
 * first sign-up. (infra/ imports no domain code: these rules are stated here again, for the stack file.)
 */

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
const MAX_DOMAIN_LENGTH = 253;
/** Characters that would make the URL parser read a path, a query, credentials or a port. */
const NOT_IN_A_HOST_NAME = /[\s/\\?#@:[\]%]/;
/** The prefix of a pattern that matches the subdomains of a domain (at any depth), not the domain itself. */
export const SUBDOMAINS_PREFIX = '*.';

/**
 * The normalised form of a domain name, or undefined when it is not one a mailbox can live at: after
 * trimming, lowercasing, dropping one trailing dot and converting to ASCII (the WHATWG URL parser's
 * IDNA processing), at least two labels of 1–63 letters, digits and hyphens (no hyphen first or last),
 * at most 253 characters, and a top-level label that is not all digits.
 */
export function normaliseDomainName(name: string): string | undefined {
  let candidate = name.trim().toLowerCase();
  if (candidate.endsWith('.')) candidate = candidate.slice(0, -1);
  if (candidate.length === 0 || NOT_IN_A_HOST_NAME.test(candidate)) return undefined;
  let ascii: string;
  try {
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

/**
 * The normalised form of a domain pattern — `example.com` (exactly that domain) or `*.example.com` (its
 * subdomains at any depth) — or undefined when it is not one.
 */
export function normaliseDomainPattern(pattern: string): string | undefined {
  const trimmed = pattern.trim();
  if (!trimmed.startsWith(SUBDOMAINS_PREFIX)) return normaliseDomainName(trimmed);
  const domain = normaliseDomainName(trimmed.slice(SUBDOMAINS_PREFIX.length));
  return domain === undefined ? undefined : `${SUBDOMAINS_PREFIX}${domain}`;
}
