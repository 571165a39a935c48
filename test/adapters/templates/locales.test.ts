import { expect } from 'chai';
import { localeCandidates, resolveLocale } from '../../../adapters/templates/locales';

describe('adapters/templates/locales', () => {
  describe('localeCandidates: what a user locale attribute asks for, most specific first', () => {
    const cases: [string | undefined, string[]][] = [
      ['fr-CA', ['fr-CA', 'fr']],
      ['fr_CA', ['fr-CA', 'fr']],
      ['FR-ca', ['fr-CA', 'fr']],
      ['FR', ['fr']],
      [' de ', ['de']],
      ['zh-hant-tw', ['zh-Hant-TW', 'zh-Hant', 'zh']],
      ['en-US-u-ca-buddhist', ['en-US', 'en']],
      ['de-DE-x-private', ['de-DE', 'de']],
      ['iw', ['he']], // a deprecated code, in its current form
      [undefined, []],
      ['', []],
      ['English', []],
      ['en-US,en;q=0.9', []],
      ['<script>', []],
    ];
    for (const [requested, expected] of cases) {
      it(`${JSON.stringify(requested)} → ${JSON.stringify(expected)}`, () => expect(localeCandidates(requested)).to.deep.equal(expected));
    }
  });

  describe('resolveLocale: exact, then language, then the stack default, then en', () => {
    const available = ['de', 'en', 'fr', 'pt-BR'];
    const cases: [string | undefined, string, string][] = [
      ['fr', 'en', 'fr'],
      ['fr-CA', 'en', 'fr'],
      ['fr_CA', 'de', 'fr'],
      ['FR', 'en', 'fr'],
      ['pt-br', 'en', 'pt-BR'],
      ['pt_BR', 'en', 'pt-BR'],
      ['pt', 'de', 'de'], // pt-BR is not "pt": a regional variant never stands in for the language
      ['es-MX', 'de', 'de'],
      ['es-MX', 'fr-CA', 'fr'],
      [undefined, 'fr', 'fr'],
      ['nonsense', 'de', 'de'],
      ['es', 'it', 'en'],
      [undefined, 'it', 'en'],
    ];
    for (const [requested, defaultLocale, expected] of cases) {
      it(`${JSON.stringify(requested)} with default ${defaultLocale} → ${expected}`, () =>
        expect(resolveLocale(requested, available, defaultLocale)).to.equal(expected));
    }

    it('answers undefined only when not even en is available', () => {
      expect(resolveLocale('fr', ['de'], 'de')).to.equal('de');
      expect(resolveLocale('fr', ['de'], 'it')).to.equal(undefined);
    });
  });
});
