// The community list of disposable-email-domains/disposable-email-domains, as published on npm by
// disposable-email-domains-js (CC0-1.0, pinned exactly in package.json). Imported statically as plain
// JSON so that esbuild bundles it as data: no runtime code of the package ships, nothing is read from
// disk or the network at run time. Update it by bumping the pinned version (see README).
import listedDomains from 'disposable-email-domains-js/dist/dict/disposable_email_blocklist.json';
import type { DisposableDomains } from '../../domain';

let listed: ReadonlySet<string> | undefined;

/** The published list as a set, built once per cold start, on first use. */
function publishedList(): ReadonlySet<string> {
  listed ??= new Set(listedDomains);
  return listed;
}

/**
 * Disposable domains from the list published on npm plus the stack's own entries.
 *
 * A domain is disposable when it, or one of its parent domains, is listed — `mx.mailinator.com` because
 * `mailinator.com` is — but a bare top-level domain never is. Both the domain asked about and the extra
 * entries must already be normalised (lowercase ASCII/punycode, no trailing dot, see
 * `normaliseDomainName`): the caller normalises, this adapter only looks up. A lookup costs one set
 * probe per label.
 */
export class ListedDisposableDomains implements DisposableDomains {
  private readonly listed = publishedList();
  private readonly extra: ReadonlySet<string>;

  /** @param extra the stack's own entries, normalised; their subdomains are disposable too. */
  constructor(extra: readonly string[] = []) {
    this.extra = new Set(extra);
  }

  /** How many domains the published list holds (a guard that the bundle carries the data). */
  static get listedCount(): number {
    return publishedList().size;
  }

  isDisposable(domain: string): boolean {
    let candidate = domain;
    // Every suffix that still has a dot: the domain itself, then each parent down to the registrable
    // level, never the top-level label alone.
    for (let dot = candidate.indexOf('.'); dot > 0; dot = candidate.indexOf('.')) {
      if (this.listed.has(candidate) || this.extra.has(candidate)) return true;
      candidate = candidate.slice(dot + 1);
    }
    return false;
  }
}
