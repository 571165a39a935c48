import { expect } from 'chai';
import { normaliseDomainName, parseEmailAddress } from '../../../domain';

describe('domain/model/email-address', () => {
  const normalised: [string, string][] = [
    ['example.com', 'example.com'],
    ['Example.COM', 'example.com'],
    ['  example.com  ', 'example.com'],
    ['example.com.', 'example.com'],
    ['mail.example.co.uk', 'mail.example.co.uk'],
    ['bücher.example', 'xn--bcher-kva.example'],
    ['BÜCHER.Example.', 'xn--bcher-kva.example'],
    ['xn--bcher-kva.example', 'xn--bcher-kva.example'],
    ['例え.テスト', 'xn--r8jz45g.xn--zckzah'],
    ['a-b.example', 'a-b.example'],
  ];
  for (const [input, expected] of normalised) {
    it(`normalises ${JSON.stringify(input)} to ${expected}`, () => expect(normaliseDomainName(input)).to.equal(expected));
  }

  const invalid = ['', '.', 'com', 'localhost', 'example..com', '-example.com', 'example-.com', 'exa mple.com', 'example.com/path',
    'user@example.com', '127.0.0.1', 'example.123', `${'a'.repeat(64)}.com`, `${'a.'.repeat(127)}com`, '[::1]', 'example.com:25'];
  for (const input of invalid) {
    it(`refuses ${JSON.stringify(input.length > 40 ? `${input.slice(0, 40)}…` : input)} as a domain`, () =>
      expect(normaliseDomainName(input)).to.equal(undefined));
  }

  it('splits an address at its last @ and normalises the domain', () => {
    expect(parseEmailAddress('Jane.Doe@Example.COM.')).to.deep.equal({ local: 'Jane.Doe', domain: 'example.com' });
    expect(parseEmailAddress('"a@b"@bücher.example')).to.deep.equal({ local: '"a@b"', domain: 'xn--bcher-kva.example' });
  });

  for (const address of ['', 'jane', '@example.com', 'jane@', 'jane@localhost', 'jane@exa mple.com']) {
    it(`refuses the address ${JSON.stringify(address)}`, () => expect(parseEmailAddress(address)).to.equal(undefined));
  }
});
