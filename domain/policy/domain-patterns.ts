import { normaliseDomainName } from '../model/email-address';

/**
 * A domain rule of a sign-up policy. `example.com` matches exactly that domain; `*.example.com` matches
 * its subdomains at any depth (`a.example.com`, `b.a.example.com`) but not `example.com` itself — list
 * both to match both.
 */
export type DomainPattern =
  | { readonly kind: 'exact'; readonly domain: string }
  | { readonly kind: 'subdomains'; readonly of: string };

/** Parses and normalises a pattern; undefined when it is not one. */
export function parseDomainPattern(text: string): DomainPattern | undefined {
  const trimmed = text.trim();
  if (trimmed.startsWith('*.')) {
    const of = normaliseDomainName(trimmed.slice(2));
    return of === undefined ? undefined : { kind: 'subdomains', of };
  }
  const domain = normaliseDomainName(trimmed);
  return domain === undefined ? undefined : { kind: 'exact', domain };
}

export function formatDomainPattern(pattern: DomainPattern): string {
  return pattern.kind === 'exact' ? pattern.domain : `*.${pattern.of}`;
}

/** `domain` is normalised (see `normaliseDomainName`). */
export function matchesDomain(pattern: DomainPattern, domain: string): boolean {
  return pattern.kind === 'exact' ? domain === pattern.domain : domain.endsWith(`.${pattern.of}`);
}
