import { expect } from 'chai';
import {
  assertValidMagicLinkPolicy,
  decideRound,
  InvalidInputError,
  isAllowedRedirect,
  MAGIC_LINK_ROUNDS,
  magicLinkUrl,
  normaliseRedirectUrl,
  roundToCreate,
  type ChallengeRound,
} from '../../../domain';

const { start, link, retry } = MAGIC_LINK_ROUNDS;
const round = (challengeMetadata: string, challengeResult = false): ChallengeRound => ({ challengeName: 'CUSTOM_CHALLENGE', challengeResult, challengeMetadata });
const POLICY = { maxAnswers: 3 };
const asked = { linkRequested: true, userNotFound: false };
const answered = { linkRequested: false, userNotFound: false };

describe('domain/policy/magic-link-policy', () => {
  describe('decideRound (DefineAuthChallenge)', () => {
    it('starts every sign-in with a custom challenge', () => {
      expect(decideRound([], answered, POLICY)).to.deep.equal({ kind: 'challenge', outcome: 'started' });
    });

    it('leads a request in the first round to the link round, once', () => {
      expect(decideRound([round(start)], asked, POLICY)).to.deep.equal({ kind: 'challenge', outcome: 'link-round' });
      // Asking again in the link round is an answer like any other, not a second link.
      expect(decideRound([round(start), round(link)], asked, POLICY)).to.deep.equal({ kind: 'challenge', outcome: 'retry' });
    });

    it('issues tokens after a correct answer, in whichever round it came', () => {
      expect(decideRound([round(start, true)], answered, POLICY)).to.deep.equal({ kind: 'issue-tokens' });
      expect(decideRound([round(start), round(link, true)], answered, POLICY)).to.deep.equal({ kind: 'issue-tokens' });
      expect(decideRound([round(start), round(link), round(retry, true)], answered, POLICY)).to.deep.equal({ kind: 'issue-tokens' });
    });

    it('never issues tokens for an unknown user', () => {
      expect(decideRound([round(start), round(link, true)], { linkRequested: false, userNotFound: true }, POLICY)).to.deep.equal({ kind: 'fail', outcome: 'unknown-user' });
    });

    it('fails after maxAnswers wrong answers, the request not counted as one', () => {
      const afterRequest = [round(start), round(link), round(retry)];
      expect(decideRound(afterRequest.slice(0, 2), answered, POLICY)).to.deep.equal({ kind: 'challenge', outcome: 'retry' });
      expect(decideRound(afterRequest, answered, POLICY)).to.deep.equal({ kind: 'challenge', outcome: 'retry' });
      expect(decideRound([...afterRequest, round(retry)], answered, POLICY)).to.deep.equal({ kind: 'fail', outcome: 'too-many-answers' });
      // A sign-in that answered the first round with a (wrong) link has used one answer already.
      expect(decideRound([round(start), round(retry), round(retry)], answered, POLICY)).to.deep.equal({ kind: 'fail', outcome: 'too-many-answers' });
      expect(decideRound([round(start)], answered, { maxAnswers: 1 })).to.deep.equal({ kind: 'fail', outcome: 'too-many-answers' });
    });

    it('fails a session with a challenge that is not ours (a custom challenge after SRP, say)', () => {
      const srp: ChallengeRound = { challengeName: 'SRP_A', challengeResult: true };
      expect(decideRound([srp, round(start, true)], answered, POLICY)).to.deep.equal({ kind: 'fail', outcome: 'foreign-challenge' });
    });
  });

  describe('roundToCreate (CreateAuthChallenge)', () => {
    it('names the start, the link round after a request, and a retry otherwise', () => {
      expect(roundToCreate([], false)).to.equal(start);
      expect(roundToCreate([round(start)], true)).to.equal(link);
      expect(roundToCreate([round(start)], false)).to.equal(retry);
      expect(roundToCreate([round(start), round(link)], true)).to.equal(retry);
      expect(roundToCreate([round(retry)], true)).to.equal(retry);
    });
  });

  describe('redirect URLs', () => {
    it('accepts https, and http only on the loopback', () => {
      expect(normaliseRedirectUrl('https://App.Example.com/cb')).to.equal('https://app.example.com/cb');
      expect(normaliseRedirectUrl('http://localhost:3000/cb')).to.equal('http://localhost:3000/cb');
      expect(normaliseRedirectUrl('http://127.0.0.1/cb')).to.equal('http://127.0.0.1/cb');
      for (const bad of ['http://app.example.com/cb', 'javascript:alert(1)', 'https://u:p@app.example.com/', 'https://app.example.com/#x', 'https://app.example.com/a,b', ' https://app.example.com/', 'app.example.com']) {
        expect(normaliseRedirectUrl(bad), bad).to.equal(undefined);
      }
    });

    it('allows exactly the listed URLs, never a prefix, a look-alike or another path', () => {
      const allowed = ['https://app.example.com/sign-in/link'];
      expect(isAllowedRedirect('https://APP.example.com/sign-in/link', allowed)).to.equal(true);
      for (const other of [undefined, '', 'https://app.example.com/sign-in/link/../../evil', 'https://app.example.com/sign-in/linked', 'https://app.example.com.evil.example/sign-in/link', 'https://app.example.com/sign-in/link?next=https://evil.example', 'http://app.example.com/sign-in/link']) {
        expect(isAllowedRedirect(other, allowed), String(other)).to.equal(false);
      }
    });

    it('puts the token in the fragment, which browsers never send to a server', () => {
      expect(magicLinkUrl('https://app.example.com/cb', 'dXNlcg.c2VjcmV0')).to.equal('https://app.example.com/cb#dXNlcg.c2VjcmV0');
    });
  });

  it('refuses a policy out of bounds', () => {
    const valid = { linkValiditySeconds: 300, maxAnswers: 3, maxLinksPerWindow: 3, windowSeconds: 900, redirectUrls: ['https://app.example.com/cb'] };
    expect(() => assertValidMagicLinkPolicy(valid)).to.not.throw();
    expect(() => assertValidMagicLinkPolicy({ ...valid, linkValiditySeconds: 601 })).to.throw(InvalidInputError, /linkValiditySeconds/);
    expect(() => assertValidMagicLinkPolicy({ ...valid, redirectUrls: [] })).to.throw(InvalidInputError, /redirectUrls must name at least one/);
    expect(() => assertValidMagicLinkPolicy({ ...valid, redirectUrls: ['http://evil.example/'] })).to.throw(InvalidInputError, /invalid entry/);
  });
});
