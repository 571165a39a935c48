import { expect } from 'chai';
import { formatMailbox, parseAddress, parseMailbox } from '../../adapters/mailbox';

describe('adapters/mailbox: senders and recipients as mail headers take them', () => {
  describe('parseMailbox', () => {
    const accepted: [string, ReturnType<typeof parseMailbox>][] = [
      ['no-reply@example.com', { address: 'no-reply@example.com' }],
      ['  no-reply@Example.COM. ', { address: 'no-reply@example.com' }],
      ['Gatehouse <no-reply@example.com>', { name: 'Gatehouse', address: 'no-reply@example.com' }],
      ['Gatehouse<no-reply@example.com>', { name: 'Gatehouse', address: 'no-reply@example.com' }],
      ['<no-reply@example.com>', { address: 'no-reply@example.com' }],
      ['"Gatehouse, Accounts" <no-reply@example.com>', { name: 'Gatehouse, Accounts', address: 'no-reply@example.com' }],
      ['"Say \\"hi\\"" <no-reply@example.com>', { name: 'Say "hi"', address: 'no-reply@example.com' }],
      ['Zoë <zoe@bücher.example>', { name: 'Zoë', address: 'zoe@xn--bcher-kva.example' }],
    ];
    for (const [text, expected] of accepted) {
      it(`accepts ${JSON.stringify(text)}`, () => expect(parseMailbox(text)).to.deep.equal(expected));
    }

    const refused = [
      '',
      'no-reply',
      'no-reply@',
      '@example.com',
      'no-reply@localhost',
      'a@b.example, c@d.example',
      'a@b.example c@d.example',
      'Gatehouse <no-reply@example.com',
      'Gate"house <no-reply@example.com>',
      'Gatehouse <no-reply@example.com>\r\nBcc: x@y.example',
      'no-reply@example.com\nBcc: x@y.example',
      'Gate\u0000house <no-reply@example.com>',
    ];
    for (const text of refused) {
      it(`refuses ${JSON.stringify(text)}`, () => expect(parseMailbox(text)).to.equal(undefined));
    }
  });

  describe('parseAddress (a recipient: a bare address, the domain in ASCII)', () => {
    it('normalises the domain only', () => expect(parseAddress('Jane.Doe@Bücher.Example')).to.equal('Jane.Doe@xn--bcher-kva.example'));
    it('refuses display names, lists and line breaks', () => {
      for (const text of ['Jane <jane@example.com>', 'jane@example.com,eve@example.net', 'jane@example.com\r\n', 'jane doe@example.com']) {
        expect(parseAddress(text), text).to.equal(undefined);
      }
    });
  });

  describe('formatMailbox', () => {
    it('writes a bare address, a plain name, and quotes a name with specials', () => {
      expect(formatMailbox({ address: 'a@example.com' })).to.equal('a@example.com');
      expect(formatMailbox({ name: 'Gatehouse Accounts', address: 'a@example.com' })).to.equal('Gatehouse Accounts <a@example.com>');
      expect(formatMailbox({ name: 'Gatehouse, Inc. "Accounts"', address: 'a@example.com' })).to.equal('"Gatehouse, Inc. \\"Accounts\\"" <a@example.com>');
    });

    it('encodes a name outside ASCII as RFC 2047 words of at most 75 characters, never splitting a character', () => {
      const name = 'Zoë Müller — Grüße aus Köln, Konto-Service für alle Nutzerinnen und Nutzer ✓';
      const formatted = formatMailbox({ name, address: 'a@example.com' });
      expect(formatted).to.match(/^[\x20-\x7e]+$/);
      expect(formatted.endsWith(' <a@example.com>')).to.equal(true);
      const words = formatted.slice(0, -' <a@example.com>'.length).split(' ');
      expect(words.length).to.be.greaterThan(1);
      let decoded = '';
      for (const word of words) {
        expect(word).to.match(/^=\?UTF-8\?B\?[A-Za-z0-9+/=]+\?=$/);
        expect(word.length).to.be.at.most(75);
        const text = Buffer.from(word.slice('=?UTF-8?B?'.length, -2), 'base64').toString('utf8');
        expect(text).not.to.include('\ufffd');
        decoded += text;
      }
      expect(decoded).to.equal(name);
    });
  });
});
