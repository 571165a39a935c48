import { expect } from 'chai';
import { build } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import publishedList from 'disposable-email-domains-js/dist/dict/disposable_email_blocklist.json';
import { ListedDisposableDomains } from '../../../adapters/disposable/listed-disposable-domains';
import { normaliseDomainName } from '../../../domain';
import { lambdaBundleOptions } from '../../../scripts/bundle';

const KNOWN_DISPOSABLE = ['mailinator.com', 'guerrillamail.com', 'yopmail.com', '10minutemail.com'];
const BIG_PROVIDERS = [
  'gmail.com',
  'googlemail.com',
  'outlook.com',
  'hotmail.com',
  'live.com',
  'yahoo.com',
  'icloud.com',
  'me.com',
  'proton.me',
  'protonmail.com',
  'pm.me',
  'aol.com',
  'gmx.com',
  'gmx.de',
  'web.de',
  'zoho.com',
  'fastmail.com',
  'yandex.ru',
  'mail.ru',
  'duck.com',
];
/** Shared suffixes under which unrelated people hold their own domains: listing one would refuse them all. */
const SHARED_SUFFIXES = ['co.uk', 'org.uk', 'com.au', 'com.br', 'co.jp', 'co.nz', 'eu.org', 'my.id', 'github.io', 'herokuapp.com'];

describe('adapters/disposable/ListedDisposableDomains', () => {
  const domains = new ListedDisposableDomains();

  it('carries the published list: thousands of entries, the ones imported from the package', () => {
    expect(ListedDisposableDomains.listedCount).to.be.at.least(8_000);
    expect(ListedDisposableDomains.listedCount).to.equal(new Set(publishedList).size);
    for (const known of KNOWN_DISPOSABLE) expect(publishedList, known).to.include(known);
    expect(publishedList.filter((_, index) => index % 97 === 0).filter((domain) => !domains.isDisposable(domain))).to.deep.equal([]);
  });

  it('refuses well-known disposable domains and every subdomain of them', () => {
    for (const domain of KNOWN_DISPOSABLE) {
      expect(domains.isDisposable(domain), domain).to.equal(true);
      expect(domains.isDisposable(`mx.${domain}`), `mx.${domain}`).to.equal(true);
      expect(domains.isDisposable(`a.b.c.${domain}`), `a.b.c.${domain}`).to.equal(true);
    }
  });

  it('does not list big mail providers, their subdomains, or shared suffixes', () => {
    for (const domain of BIG_PROVIDERS) {
      expect(domains.isDisposable(domain), domain).to.equal(false);
      expect(domains.isDisposable(`eu.${domain}`), `eu.${domain}`).to.equal(false);
    }
    for (const suffix of SHARED_SUFFIXES) {
      expect(domains.isDisposable(suffix), suffix).to.equal(false);
      expect(domains.isDisposable(`example-shop.${suffix}`), `example-shop.${suffix}`).to.equal(false);
    }
    expect(domains.isDisposable('mailinator.com.example.org'), 'a listed name inside another domain').to.equal(false);
    expect(domains.isDisposable('my-mailinator.com'), 'a listed name as the end of a label').to.equal(false);
  });

  it('never treats a bare top-level domain as disposable, not even one given as an extra entry', () => {
    expect(domains.isDisposable('com')).to.equal(false);
    expect(domains.isDisposable('tk')).to.equal(false);
    expect(new ListedDisposableDomains(['com', 'test']).isDisposable('com')).to.equal(false);
    expect(new ListedDisposableDomains(['com', 'test']).isDisposable('example.com')).to.equal(false);
  });

  it("adds the stack's own entries and their subdomains, for that instance only", () => {
    const withExtra = new ListedDisposableDomains(['throwaway.example', 'burner.example.org']);
    expect(domains.isDisposable('throwaway.example')).to.equal(false);
    expect(withExtra.isDisposable('throwaway.example')).to.equal(true);
    expect(withExtra.isDisposable('inbox.throwaway.example')).to.equal(true);
    expect(withExtra.isDisposable('burner.example.org')).to.equal(true);
    expect(withExtra.isDisposable('x.y.burner.example.org')).to.equal(true);
    expect(withExtra.isDisposable('example.org'), 'the parent of an extra entry').to.equal(false);
    expect(withExtra.isDisposable('mailinator.com'), 'the published list still applies').to.equal(true);
    expect(withExtra.isDisposable('gmail.com')).to.equal(false);
  });

  it('expects normalised input: the caller normalises (lowercase ASCII, no trailing dot), the adapter only looks up', () => {
    for (const raw of ['MAILINATOR.COM', 'Mailinator.com.', ' mailinator.com']) {
      expect(domains.isDisposable(raw), raw).to.equal(false);
      const normalised = normaliseDomainName(raw);
      expect(normalised, raw).to.equal('mailinator.com');
      expect(domains.isDisposable(normalised ?? ''), raw).to.equal(true);
    }
  });

  it('lists only names in the normalised form, so every entry can match (checked again on every version bump)', () => {
    const notNormalised = publishedList.filter((domain) => normaliseDomainName(domain) !== domain);
    expect(notNormalised).to.deep.equal([]);
  });

  it('bundles the list as data: the minified adapter works without node_modules and stays small', async function () {
    this.timeout(60_000);
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-disposable-'));
    try {
      const outfile = join(dir, 'adapter.js');
      const result = await build({
        ...lambdaBundleOptions,
        entryPoints: [join(__dirname, '../../../adapters/disposable/listed-disposable-domains.ts')],
        outfile,
      });
      const output = result.metafile.outputs[Object.keys(result.metafile.outputs).find((path) => path.endsWith('adapter.js')) ?? ''];
      const inputs = Object.keys(output?.inputs ?? {});
      expect(inputs.some((path) => path.endsWith('disposable-email-domains-js/dist/dict/disposable_email_blocklist.json'))).to.equal(true);
      expect(inputs.some((path) => path.endsWith('disposable-email-domains-js/dist/index.js')), 'the package code').to.equal(false);
      // About 150 KiB at 1.26.0; the budget leaves room for the list to grow before anyone must look.
      expect(output?.bytes ?? 0).to.be.within(50 * 1024, 400 * 1024);

      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const bundled = require(outfile) as { ListedDisposableDomains: typeof ListedDisposableDomains };
      expect(bundled.ListedDisposableDomains.listedCount).to.equal(ListedDisposableDomains.listedCount);
      expect(new bundled.ListedDisposableDomains(['own.example']).isDisposable('a.own.example')).to.equal(true);
      expect(new bundled.ListedDisposableDomains().isDisposable('mx.mailinator.com')).to.equal(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
