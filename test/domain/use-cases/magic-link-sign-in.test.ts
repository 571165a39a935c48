import { expect } from 'chai';
import sinon from 'sinon';
import {
  AccountLockedError,
  CreateMagicLinkChallenge,
  DecideMagicLinkRound,
  DEFAULT_SIGN_IN_PROTECTION,
  LINK_REQUEST_FLOOR_MS,
  MagicLinkRateLimitedError,
  RecordSignInAttempt,
  RedirectNotAllowedError,
  VerifyMagicLinkAnswer,
  type AlertRecipient,
  type ChallengeRound,
  type LinkSecrets,
  type MagicLinkPolicy,
  type MagicLinkRound,
  type MailMessage,
  type RoundDecision,
  type UserDirectory,
} from '../../../domain';
import { FixedClock } from '../../support/fakes/fixed-clock';
import { InMemoryAttemptLedger } from '../../support/fakes/in-memory-attempt-ledger';
import { InMemoryAuditTrail } from '../../support/fakes/in-memory-audit-trail';
import { InMemoryMagicLinks } from '../../support/fakes/in-memory-magic-links';
import { PlainAccountKeys } from '../../support/fakes/plain-account-keys';

const REDIRECT = 'https://app.example.com/sign-in/link';
const POLICY: MagicLinkPolicy = { linkValiditySeconds: 300, maxAnswers: 3, maxLinksPerWindow: 3, windowSeconds: 900, redirectUrls: [REDIRECT] };
const ADA: AlertRecipient = { email: 'ada@example.com', emailVerified: true, locale: 'fr', name: 'Ada' };
const REQUEST = { magicLink: 'request', redirectUri: REDIRECT };

/** Tokens a test can read: the username and a counter, hashed as `hash:<token>`. */
class CountingSecrets implements LinkSecrets {
  private issued = 0;
  create(username: string) {
    this.issued += 1;
    const token = `${username}.secret-${this.issued}`;
    return { token, secretHash: this.hashOf(token) };
  }
  hashOf(token: string) {
    return `hash:${token}`;
  }
}

function setup(policy: MagicLinkPolicy = POLICY) {
  const clock = new FixedClock();
  const keys = new PlainAccountKeys();
  const ledger = new InMemoryAttemptLedger();
  const audit = new InMemoryAuditTrail();
  const links = new InMemoryMagicLinks();
  const secrets = new CountingSecrets();
  const directory = { requirePasswordReset: sinon.stub<Parameters<UserDirectory['requirePasswordReset']>, Promise<void>>().resolves() };
  const attempts = new RecordSignInAttempt(keys, ledger, audit, directory, clock, DEFAULT_SIGN_IN_PROTECTION);
  const sent: MailMessage[] = [];
  const mailer = { send: sinon.stub<[MailMessage], Promise<void>>().callsFake(async (message) => void sent.push(message)) };
  const templates = {
    renderMail: sinon.spy((_name: string, locale: string | undefined, values: Readonly<Record<string, string>>) => ({
      subject: `link ${values['appName']}`,
      html: `<a href="${values['link']}">`,
      text: `${values['name']} ${values['link']} ${values['validityMinutes']}`,
      locale: locale ?? 'en',
    })),
  };
  const pause = { until: sinon.stub<[number], Promise<void>>().resolves() };
  const create = new CreateMagicLinkChallenge(keys, links, secrets, attempts, clock, pause, policy, { mailer, templates, appName: 'Example' });
  const verify = new VerifyMagicLinkAnswer(keys, links, secrets, attempts, clock);
  const define = new DecideMagicLinkRound(policy);
  let events = 0;

  /**
   * One sign-in as Cognito runs it: DefineAuthChallenge on the session, CreateAuthChallenge when it asks
   * for a challenge, VerifyAuthChallengeResponse on each answer, the round appended to the session.
   */
  function signIn(username: string, options: { exists?: boolean; owner?: AlertRecipient } = {}) {
    const exists = options.exists ?? true;
    const owner = options.owner ?? (exists ? ADA : { emailVerified: false });
    const session: ChallengeRound[] = [];
    let pending: MagicLinkRound | undefined;
    const common = () => ({ eventId: `event-${(events += 1)}`, poolId: 'eu-west-1_pool', username, accountExists: exists, owner });
    const next = async (clientMetadata?: Record<string, string>): Promise<RoundDecision & { round?: MagicLinkRound }> => {
      const decision = define.execute({ session, linkRequested: clientMetadata?.magicLink === 'request', userNotFound: !exists });
      if (decision.kind !== 'challenge') return decision;
      const created = await create.execute({ ...common(), session, ...(clientMetadata ? { clientMetadata } : {}) });
      if (created.denial) throw created.denial;
      pending = created.round;
      return { ...decision, round: created.round };
    };
    return {
      session,
      start: () => next(),
      async answer(answer: string, clientMetadata?: Record<string, string>) {
        const result = await verify.execute({ ...common(), round: pending, linkRequested: clientMetadata?.magicLink === 'request', answer });
        if (result.denial) throw result.denial;
        session.push({ challengeName: 'CUSTOM_CHALLENGE', challengeResult: result.answerCorrect, challengeMetadata: pending as string });
        return { verified: result, next: await next(clientMetadata) };
      },
    };
  }
  const tokenIn = (message: MailMessage | undefined) => /#(\S+)/.exec(message?.text ?? '')?.[1] ?? '';
  return { clock, ledger, audit, links, mailer, templates, pause, sent, signIn, tokenIn };
}

describe('domain: sign-in by magic link, a whole session (define → create → verify → define)', () => {
  it('mails a link after a request and signs in with it in the same session; the request and the answer are counted as attempts', async () => {
    const { signIn, sent, tokenIn, ledger, templates, audit } = setup();
    const ada = signIn('Ada@Example.com');
    expect(await ada.start()).to.deep.equal({ kind: 'challenge', outcome: 'started', round: 'MAGIC_LINK_START' });
    expect(sent).to.have.length(0);
    const requested = await ada.answer('request-link', REQUEST);
    expect(requested.verified.outcome).to.equal('link-requested');
    expect(requested.next).to.deep.equal({ kind: 'challenge', outcome: 'link-round', round: 'MAGIC_LINK_SENT' });
    expect(sent).to.have.length(1);
    expect(sent[0]).to.include({ to: 'ada@example.com', subject: 'link Example' });
    expect(sent[0]?.text).to.equal(`Ada ${REDIRECT}#Ada@Example.com.secret-1 5`);
    expect(templates.renderMail.firstCall.args.slice(0, 2)).to.deep.equal(['magic-link', 'fr']);
    const signedIn = await ada.answer(tokenIn(sent[0]));
    expect(signedIn.verified).to.include({ answerCorrect: true, outcome: 'link-used' });
    expect(signedIn.next).to.deep.equal({ kind: 'issue-tokens' });
    // Counted as PreAuthentication counts (PostAuthentication clears them after the tokens): the request and the answer.
    expect(ledger.stateOf('ada@example.com')?.attemptsInWindow).to.equal(2);
    expect(audit.outcomes()).to.deep.equal(['attempt', 'attempt']);
  });

  it('signs in with a link opened in another browser: a sign-in of its own, whose first round is answered with the link', async () => {
    const { signIn, sent, tokenIn } = setup();
    const asking = signIn('ada@example.com');
    await asking.start();
    await asking.answer('request-link', REQUEST);
    const elsewhere = signIn('ada@example.com');
    await elsewhere.start();
    const result = await elsewhere.answer(tokenIn(sent[0]));
    expect(result.verified.outcome).to.equal('link-used');
    expect(result.next).to.deep.equal({ kind: 'issue-tokens' });
  });

  it('refuses a used link: it signs in once', async () => {
    const { signIn, sent, tokenIn } = setup();
    const first = signIn('ada@example.com');
    await first.start();
    await first.answer('request-link', REQUEST);
    await first.answer(tokenIn(sent[0]));
    const again = signIn('ada@example.com');
    await again.start();
    const reused = await again.answer(tokenIn(sent[0]));
    expect(reused.verified).to.include({ answerCorrect: false, outcome: 'wrong-answer' });
    expect(reused.next).to.deep.equal({ kind: 'challenge', outcome: 'retry', round: 'MAGIC_LINK_RETRY' });
  });

  it('refuses an expired link', async () => {
    const { signIn, sent, tokenIn, clock } = setup();
    const first = signIn('ada@example.com');
    await first.start();
    await first.answer('request-link', REQUEST);
    clock.advance(299_999);
    const elsewhere = signIn('ada@example.com');
    await elsewhere.start();
    clock.advance(1);
    expect((await elsewhere.answer(tokenIn(sent[0]))).verified).to.include({ answerCorrect: false, outcome: 'expired' });
  });

  it('refuses a link a newer one replaced', async () => {
    const { signIn, sent, tokenIn } = setup();
    const second = signIn('ada@example.com');
    await second.start();
    await second.answer('request-link', REQUEST);
    const third = signIn('ada@example.com');
    await third.start();
    await third.answer('request-link', REQUEST);
    expect((await third.answer(tokenIn(sent[0]))).verified.outcome).to.equal('wrong-answer');
    expect((await third.answer(tokenIn(sent[1]))).verified.outcome).to.equal('link-used');
  });

  it('fails the sign-in after maxAnswers wrong answers; the live link stays usable', async () => {
    const { signIn, sent, tokenIn } = setup();
    const ada = signIn('ada@example.com');
    await ada.start();
    await ada.answer('request-link', REQUEST);
    expect((await ada.answer('guess-1')).next).to.deep.equal({ kind: 'challenge', outcome: 'retry', round: 'MAGIC_LINK_RETRY' });
    expect((await ada.answer('guess-2')).next.kind).to.equal('challenge');
    expect((await ada.answer('guess-3')).next).to.deep.equal({ kind: 'fail', outcome: 'too-many-answers' });
    const later = signIn('ada@example.com');
    await later.start();
    expect((await later.answer(tokenIn(sent[0]))).next).to.deep.equal({ kind: 'issue-tokens' });
  });

  it('counts wrong answers toward the lockout: a locked account gets no link and cannot answer, with the lock\'s message', async () => {
    const { signIn, sent, tokenIn } = setup();
    const asking = signIn('ada@example.com');
    await asking.start();
    await asking.answer('request-link', REQUEST);
    // The request counted one; four wrong answers over two sign-ins make five: the next attempt locks.
    for (const tries of [3, 1]) {
      const guessing = signIn('ada@example.com');
      await guessing.start();
      for (let guess = 0; guess < tries; guess += 1) await guessing.answer(`guess-${guess}`);
    }
    const locked = signIn('ada@example.com');
    await locked.start();
    let refusal: unknown;
    await locked.answer(tokenIn(sent[0])).catch((error: unknown) => (refusal = error));
    expect(refusal).to.be.instanceOf(AccountLockedError);
    const asksAgain = signIn('ada@example.com');
    await asksAgain.start();
    refusal = undefined;
    await asksAgain.answer('request-link', REQUEST).catch((error: unknown) => (refusal = error));
    expect(refusal).to.be.instanceOf(AccountLockedError);
    expect(sent).to.have.length(1);
  });

  it('takes an unknown username down the same path: the same rounds, a link stored and never mailed, answers never correct', async () => {
    const { signIn, sent, links, pause, clock } = setup();
    const nobody = signIn('nobody@example.com', { exists: false });
    expect(await nobody.start()).to.deep.equal({ kind: 'challenge', outcome: 'started', round: 'MAGIC_LINK_START' });
    const requested = await nobody.answer('request-link', REQUEST);
    expect(requested.next).to.deep.equal({ kind: 'challenge', outcome: 'link-round', round: 'MAGIC_LINK_SENT' });
    expect(sent).to.have.length(0);
    expect(links.links.has('nobody@example.com')).to.equal(true);
    // Answered no sooner than the floor, like a request that mails.
    expect(pause.until.lastCall.args[0]).to.equal(clock.now() + LINK_REQUEST_FLOOR_MS);
    // Even the stored link, were it guessed, signs nobody in.
    const guessed = await nobody.answer('nobody@example.com.secret-1');
    expect(guessed.verified).to.include({ answerCorrect: false, outcome: 'wrong-answer' });
  });

  it('mails nobody whose address is not verified, with the same answer', async () => {
    const { signIn, sent } = setup();
    const unverified = signIn('ada@example.com', { owner: { ...ADA, emailVerified: false } });
    await unverified.start();
    expect((await unverified.answer('request-link', REQUEST)).next.kind).to.equal('challenge');
    expect(sent).to.have.length(0);
  });

  it('limits the links per account and window, known or not, and counts again in the next window', async () => {
    const { signIn, sent, clock } = setup();
    for (const username of ['ada@example.com', 'nobody@example.com']) {
      for (let request = 1; request <= 4; request += 1) {
        const asking = signIn(username, { exists: username === 'ada@example.com' });
        await asking.start();
        const answered = asking.answer('request-link', REQUEST);
        if (request <= 3) await answered;
        else expect(await answered.catch((error: unknown) => error)).to.be.instanceOf(MagicLinkRateLimitedError);
      }
    }
    expect(sent).to.have.length(3);
    clock.advance(900_000);
    const nextWindow = signIn('ada@example.com');
    await nextWindow.start();
    await nextWindow.answer('request-link', REQUEST);
    expect(sent).to.have.length(4);
  });

  it('refuses a redirect URL the stack does not allow, before anything is counted', async () => {
    const { signIn, sent, ledger } = setup();
    const asking = signIn('ada@example.com');
    await asking.start();
    const refusal = await asking.answer('request-link', { magicLink: 'request', redirectUri: 'https://evil.example/steal' }).catch((error: unknown) => error);
    expect(refusal).to.be.instanceOf(RedirectNotAllowedError);
    expect(sent).to.have.length(0);
    expect(ledger.stateOf('ada@example.com')).to.equal(undefined);
  });

  it('fails the request with the mailer\'s error when the link cannot be sent (the user may ask again)', async () => {
    const { signIn, mailer } = setup();
    mailer.send.rejects(new Error('provider down'));
    const asking = signIn('ada@example.com');
    await asking.start();
    expect(await asking.answer('request-link', REQUEST).catch((error: unknown) => (error as Error).message)).to.equal('provider down');
  });
});
