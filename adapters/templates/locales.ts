/** Every template exists in this locale: the fallback when neither the user's nor the stack's has one. */
export const FALLBACK_LOCALE = 'en';

/**
 * The locales to try for a requested one, most specific first, in canonical form: `fr_CA` and `FR-ca`
 * give `fr-CA`, `fr`; `zh-hant-tw` gives `zh-Hant-TW`, `zh-Hant`, `zh`. None for what is not a
 * language tag (a user's `locale` attribute is free text).
 */
export function localeCandidates(requested: string | undefined): string[] {
  const tag = requested?.trim().replace(/_/g, '-') ?? '';
  if (tag.length === 0 || tag.length > 64) return [];
  let canonical: string | undefined;
  try {
    [canonical] = Intl.getCanonicalLocales(tag);
  } catch {
    return [];
  }
  if (canonical === undefined) return [];
  const subtags = canonical.split('-');
  // A language of ISO 639 (two or three letters): `English` is valid syntax, but no language code.
  if (!/^[a-z]{2,3}$/.test(subtags[0] ?? '')) return [];
  // Extensions and private use (`-u-ca-buddhist`, `-x-…`) never name a template.
  const singleton = subtags.findIndex((subtag, index) => index > 0 && subtag.length === 1);
  const base = singleton === -1 ? subtags : subtags.slice(0, singleton);
  return base.map((_, index) => base.slice(0, base.length - index).join('-'));
}

/**
 * The locale to render in: the requested one, then its language (and any level between), then the
 * stack's default likewise, then `en`. `available` holds canonical tags; matching ignores case.
 * Undefined only when not even `en` is available.
 */
export function resolveLocale(requested: string | undefined, available: readonly string[], defaultLocale: string): string | undefined {
  const byKey = new Map(available.map((locale) => [locale.toLowerCase(), locale]));
  for (const candidate of [...localeCandidates(requested), ...localeCandidates(defaultLocale), FALLBACK_LOCALE]) {
    const found = byKey.get(candidate.toLowerCase());
    if (found !== undefined) return found;
  }
  return undefined;
}
