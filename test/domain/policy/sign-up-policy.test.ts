import { expect } from 'chai';
import fc from 'fast-check';
import {
  decideSignUp,
  formatDomainPattern,
  matchesDomain,
  OPEN_SIGN_UP,
  parseDomainPattern,
  type DomainPattern,
  type SignUpPolicy,
  type SignUpSource,
} from '../../../domain';
import { PROPERTY_OPTIONS } from './lockout-arbitraries';

const patterns = (...texts: string[]): DomainPattern[] =>
  texts.map((text) => {
    const pattern = parseDomainPattern(text);
    if (!pattern) throw new Error(`bad pattern ${text}`);
    return pattern;
  });

const policy = (changes: Partial<SignUpPolicy>): SignUpPolicy => ({ ...OPEN_SIGN_UP, ...changes });
const notDisposable = () => false;
const SOURCES: SignUpSource[] = ['sign-up', 'admin-create', 'external-provider'];

describe('domain/policy: sign-up rules', () => {
  describe('domain patterns', () => {
    it('"example.com" matches exactly that domain', () => {
      const [exact] = patterns('example.com');
      expect(matchesDomain(exact!, 'example.com')).to.equal(true);
      expect(matchesDomain(exact!, 'mail.example.com')).to.equal(false);
      expect(matchesDomain(exact!, 'badexample.com')).to.equal(false);
    });

    it('"*.example.com" matches its subdomains at any depth, not the domain itself', () => {
      const [subdomains] = patterns('*.example.com');
      expect(matchesDomain(subdomains!, 'mail.example.com')).to.equal(true);
      expect(matchesDomain(subdomains!, 'a.b.example.com')).to.equal(true);
      expect(matchesDomain(subdomains!, 'example.com')).to.equal(false);
      expect(matchesDomain(subdomains!, 'notexample.com')).to.equal(false);
    });

    it('normalises patterns like addresses (case, trailing dot, punycode) and formats them back', () => {
      expect(patterns('Example.COM.', '*.Bücher.example').map(formatDomainPattern)).to.deep.equal([
        'example.com',
        '*.xn--bcher-kva.example',
      ]);
      for (const bad of ['*', '*.com', 'a.*.example.com', '**.example.com', 'example', '']) {
        expect(parseDomainPattern(bad), bad).to.equal(undefined);
      }
    });
  });

  describe('decisions', () => {
    it('lets any valid address through an open policy, from every source', () => {
      for (const source of SOURCES) {
        expect(decideSignUp('jane@example.com', source, OPEN_SIGN_UP, notDisposable)).to.deep.equal({ kind: 'allow', screened: true });
      }
    });

    it('refuses an address without a valid domain, or no address at all', () => {
      for (const email of [undefined, '', 'jane', 'jane@localhost', 'jane@-x.com']) {
        expect(decideSignUp(email, 'sign-up', OPEN_SIGN_UP, notDisposable)).to.deep.equal({ kind: 'refuse', reason: 'invalid-email' });
      }
    });

    it('keeps sign-up to the allowed domains, in any spelling of the address', () => {
      const corporate = policy({ allowedDomains: patterns('example.com', '*.example.com') });
      for (const email of ['jane@example.com', 'jane@EXAMPLE.com.', 'jane@eu.example.com']) {
        expect(decideSignUp(email, 'sign-up', corporate, notDisposable), email).to.deep.include({ kind: 'allow' });
      }
      expect(decideSignUp('jane@example.org', 'sign-up', corporate, notDisposable)).to.deep.equal({ kind: 'refuse', reason: 'domain-not-allowed' });
    });

    it('refuses a blocked domain even when it is allowed', () => {
      const rules = policy({ allowedDomains: patterns('*.example.com'), blockedDomains: patterns('contractors.example.com') });
      expect(decideSignUp('a@contractors.example.com', 'admin-create', rules, notDisposable)).to.deep.equal({ kind: 'refuse', reason: 'domain-blocked' });
      expect(decideSignUp('a@staff.example.com', 'admin-create', rules, notDisposable)).to.deep.include({ kind: 'allow' });
    });

    it('refuses a throw-away address only when the stack asks to', () => {
      const disposable = (domain: string) => domain === 'mailinator.com';
      expect(decideSignUp('a@mailinator.com', 'sign-up', OPEN_SIGN_UP, disposable)).to.deep.include({ kind: 'allow' });
      expect(decideSignUp('a@mailinator.com', 'sign-up', policy({ refuseDisposable: true }), disposable)).to.deep.equal({
        kind: 'refuse',
        reason: 'disposable',
      });
    });

    it('trusts federated sign-ups, unscreened, only when the stack says so', () => {
      const closed = policy({ allowedDomains: patterns('example.com') });
      expect(decideSignUp(undefined, 'external-provider', closed, notDisposable)).to.deep.equal({ kind: 'refuse', reason: 'invalid-email' });
      expect(decideSignUp(undefined, 'external-provider', { ...closed, externalProviders: 'trust' }, notDisposable)).to.deep.equal({
        kind: 'allow',
        screened: false,
      });
    });
  });

  describe('properties', () => {
    const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?$/);
    const domain = fc.array(label, { minLength: 1, maxLength: 3 }).chain((labels) =>
      fc.constantFrom('com', 'org', 'example').map((tld) => [...labels, tld].join('.')),
    );

    it('a blocked domain is never allowed, whatever else the policy says', () => {
      fc.assert(
        fc.property(domain, fc.boolean(), fc.constantFrom(...SOURCES), (blocked, refuseDisposable, source) => {
          const rules = policy({ allowedDomains: patterns(blocked), blockedDomains: patterns(blocked), refuseDisposable });
          expect(decideSignUp(`user@${blocked}`, source, rules, () => false)).to.deep.equal({ kind: 'refuse', reason: 'domain-blocked' });
        }),
        PROPERTY_OPTIONS,
      );
    });

    it('the decision depends on the domain only: case and a trailing dot change nothing', () => {
      fc.assert(
        fc.property(domain, domain, (address, allowed) => {
          const rules = policy({ allowedDomains: patterns(allowed) });
          const plain = decideSignUp(`user@${address}`, 'sign-up', rules, () => false);
          expect(decideSignUp(`User@${address.toUpperCase()}.`, 'sign-up', rules, () => false)).to.deep.equal(plain);
        }),
        PROPERTY_OPTIONS,
      );
    });
  });
});
