import { expect } from 'chai';
import fc from 'fast-check';
import { formatDomainPattern, normaliseDomainName as handlerDomainName, parseDomainPattern } from '../../domain';
import { normaliseDomainName, normaliseDomainPattern } from '../../infra/domain-names';

/** What the PreSignUp function makes of a pattern it reads from its environment. */
const handlerPattern = (text: string) => {
  const pattern = parseDomainPattern(text);
  return pattern === undefined ? undefined : formatDomainPattern(pattern);
};

/** Pieces that exercise every rule: case, IDN, hyphens, dots (ASCII and ideographic), wildcards, URL syntax. */
const pieces = ['a', 'Z', '0', '9', '-', '.', '*.', '*', ' ', 'ü', 'ß', 'Ä', '例', '。', '_', '/', '@', ':', 'xn--', 'com', 'example'];
const noise = fc.array(fc.constantFrom(...pieces), { maxLength: 12 }).map((parts) => parts.join(''));
/** Mostly well-formed: labels (some long, some internationalised), a wildcard, a trailing dot, spaces around. */
const label = fc.oneof(
  fc.stringMatching(/^[a-zA-Z0-9]([a-zA-Z0-9-]{0,8}[a-zA-Z0-9])?$/),
  fc.constantFrom('Bücher', 'straße', '例え', 'テスト', 'xn--bcher-kva', '-a', 'a-', '123', 'a'.repeat(63), 'b'.repeat(64), ''),
);
const shaped = fc
  .tuple(
    fc.constantFrom('', '*.', ' *.', '*'),
    fc.array(label, { minLength: 1, maxLength: 5 }),
    fc.constantFrom('', '.', '..', ' '),
    fc.constantFrom('', ' ', '\t'),
  )
  .map(([wildcard, labels, end, space]) => `${space}${wildcard}${labels.join('.')}${end}${space}`);
const candidates = fc.oneof(shaped, shaped, noise);

describe('infra: domain names of the sign-up settings', () => {
  it('normalises case, one trailing dot and internationalised names', () => {
    expect(normaliseDomainName(' Bücher.Example. ')).to.equal('xn--bcher-kva.example');
    expect(normaliseDomainPattern('*.BÜCHER.example.')).to.equal('*.xn--bcher-kva.example');
    expect(normaliseDomainName('example.com..')).to.equal(undefined);
    expect(normaliseDomainName('*.example.com')).to.equal(undefined);
  });

  it('agrees with the PreSignUp function on every name and pattern (infra states the rules again: it imports no domain code)', () => {
    fc.assert(
      fc.property(candidates, (text) => {
        expect(normaliseDomainPattern(text), JSON.stringify(text)).to.equal(handlerPattern(text));
        expect(normaliseDomainName(text), JSON.stringify(text)).to.equal(handlerDomainName(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('renders what the function reads back unchanged: a normalised entry is its own normal form', () => {
    fc.assert(
      fc.property(candidates, (text) => {
        const pattern = normaliseDomainPattern(text);
        if (pattern !== undefined) expect(normaliseDomainPattern(pattern)).to.equal(pattern);
        const name = normaliseDomainName(text);
        if (name !== undefined) expect(normaliseDomainName(name)).to.equal(name);
      }),
      { numRuns: 2000 },
    );
  });
});
