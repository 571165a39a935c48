/**
 * The three built challenge bundles, invoked as Lambda invokes them with the events Cognito sends,
 * against dynalite and the SES stand-in: a magic-link sign-in as a whole session (define → create →
 * verify → define), driven as Cognito drives it, with what each round costs in DynamoDB requests; a
 * used, expired or guessed link; a locked account; an unknown username down the same path.
 */
import { UpdateItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { expect } from 'chai';
import { keyAttributes } from '../../adapters/dynamodb/attribute-values';
import { createDynamoDbClient } from '../../adapters/dynamodb/dynamodb-client';
import { magicLinkKey } from '../../adapters/dynamodb/table-keys';
import { accountKey } from '../../adapters/crypto/hmac-account-keys';
import { startSesSink, type SesSink } from '../../sandbox/mail/mail-sinks';
import { ANSWERS, people, settle } from '../support/answers';
import { challengeEvent, type SessionRound } from '../support/challenge-events';
import { useBundleStandIns } from '../support/bundle-stand-ins';
import { loadBundle, TEST_ACCOUNT_KEY_SECRET, withEnvironment } from '../support/lambda-bundle';
import type { Person } from '../support/cognito-events';

const person = people(40_000_000, 'linked');
const REDIRECT = 'https://app.example.com/sign-in/link';
const REQUEST = { magicLink: 'request', redirectUri: REDIRECT };
const RATE_LIMITED = 'Too many sign-in links were requested, please wait a few minutes and try again';

type Who = Person | { readonly typed: string };
type Answered = { response: Record<string, unknown> };

describe('the challenge bundles: sign-in by magic link', function () {
  this.timeout(60_000);
  const standIns = useBundleStandIns({
    PASSWORDLESS_ENABLED: 'true',
    PASSWORDLESS_REDIRECT_URLS: REDIRECT,
    MAIL_FROM: 'Example <no-reply@example.com>',
    MAIL_APP_NAME: 'Example',
  });
  const { logs } = standIns;
  let ses: SesSink;
  let restore: () => void;
  let client: DynamoDBClient;
  const define = loadBundle('define-auth-challenge');
  const create = loadBundle('create-auth-challenge');
  const verify = loadBundle('verify-auth-challenge-response');
  before(async () => {
    ses = await startSesSink();
    restore = withEnvironment({ AWS_ENDPOINT_URL_SES: ses.endpoint });
    client = createDynamoDbClient({ timeoutMs: 2000, maxAttempts: 1 });
  });
  after(async () => {
    client.destroy();
    restore();
    await ses.stop();
  });
  beforeEach(() => ses.clear());

  /** DynamoDB requests since the last call, by operation. */
  const requestsSince = () => {
    const counted = Object.fromEntries(standIns.dynamo.requests);
    standIns.dynamo.resetCounts();
    return counted;
  };

  /** One sign-in as Cognito runs it, each trigger's DynamoDB requests recorded per round. */
  function signIn(who: Who) {
    const session: SessionRound[] = [];
    let privateParameters: Record<string, string> = {};
    const cost: { trigger: string; requests: Record<string, number> }[] = [];
    const invoke = async (trigger: string, run: Promise<unknown>) => {
      requestsSince();
      const answered = (await run) as Answered;
      cost.push({ trigger, requests: requestsSince() });
      return answered.response;
    };
    const next = async (clientMetadata?: Record<string, string>) => {
      const defined = await invoke('define', define(challengeEvent('DefineAuthChallenge', who, { session }, clientMetadata)));
      if (defined['challengeName'] !== 'CUSTOM_CHALLENGE') return defined;
      const created = await invoke('create', create(challengeEvent('CreateAuthChallenge', who, { challengeName: 'CUSTOM_CHALLENGE', session }, clientMetadata)));
      privateParameters = created['privateChallengeParameters'] as Record<string, string>;
      return { ...defined, round: (created['publicChallengeParameters'] as Record<string, string>)['round'], challengeMetadata: created['challengeMetadata'] };
    };
    return {
      session,
      cost,
      start: () => next(),
      async answer(answer: string, clientMetadata?: Record<string, string>) {
        const verified = await invoke(
          'verify',
          verify(challengeEvent('VerifyAuthChallengeResponse', who, { privateChallengeParameters: privateParameters, challengeAnswer: answer }, clientMetadata)),
        );
        session.push({ challengeName: 'CUSTOM_CHALLENGE', challengeResult: verified['answerCorrect'] === true, challengeMetadata: privateParameters['round'] ?? null });
        return { answerCorrect: verified['answerCorrect'], next: await next(clientMetadata) };
      },
    };
  }
  const linkTo = async (p: Person) => {
    // Newest first: the token of the latest link.
    const mails = (await ses.messages()).filter((mail) => mail.to.includes(p.email));
    return { mails, token: /#([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)/.exec(mails[0]?.text ?? '')?.[1] ?? '' };
  };
  const flowOutcomes = () => logs.entries().filter((entry) => entry.message === 'flow').map((entry) => `${String(entry['trigger'])}:${String(entry['outcome'])}`);

  it('mails a link after a request and signs in with it: each round as Cognito runs it, and what it costs', async () => {
    const ada = person(1);
    const signing = signIn(ada);
    expect(await signing.start()).to.deep.include({ challengeName: 'CUSTOM_CHALLENGE', issueTokens: false, failAuthentication: false, round: 'MAGIC_LINK_START' });
    const requested = await signing.answer('request-link', REQUEST);
    expect(requested.answerCorrect).to.equal(false);
    expect(requested.next).to.deep.include({ challengeName: 'CUSTOM_CHALLENGE', round: 'MAGIC_LINK_SENT', challengeMetadata: 'MAGIC_LINK_SENT' });
    const { mails, token } = await linkTo(ada);
    expect(mails).to.have.length(1);
    expect(mails[0]?.from).to.equal('Example <no-reply@example.com>');
    expect(mails[0]?.subject).to.equal('Ihr Anmeldelink für Example');
    expect(mails[0]?.text).to.contain(`${REDIRECT}#${token}`).and.contain('5 Minuten');
    expect(mails[0]?.html).to.contain(`href="${REDIRECT.replaceAll('/', '&#x2F;')}#${token}"`);
    const signedIn = await signing.answer(token);
    expect(signedIn).to.deep.equal({ answerCorrect: true, next: { issueTokens: true, failAuthentication: false, challengeName: null } });

    // The cost of a magic-link sign-in, round by round (PostAuthentication's three requests come after).
    expect(signing.cost).to.deep.equal([
      { trigger: 'define', requests: {} },
      { trigger: 'create', requests: {} },
      { trigger: 'verify', requests: {} },
      { trigger: 'define', requests: {} },
      // The request counted (UpdateItem), the attempt counted and audited (UpdateItem, PutItem), the link stored (PutItem).
      { trigger: 'create', requests: { UpdateItem: 2, PutItem: 2 } },
      // The answer counted and audited, the link used up.
      { trigger: 'verify', requests: { UpdateItem: 1, PutItem: 1, DeleteItem: 1 } },
      { trigger: 'define', requests: {} },
    ]);
    expect(flowOutcomes()).to.deep.equal([
      'DefineAuthChallenge:started',
      'CreateAuthChallenge:started',
      'VerifyAuthChallengeResponse:link-requested',
      'DefineAuthChallenge:link-round',
      'CreateAuthChallenge:link-sent',
      'VerifyAuthChallengeResponse:link-used',
      'DefineAuthChallenge:tokens-issued',
    ]);
    // Counted by the boundary, by trigger, result and outcome.
    const counted = logs.metrics().map((metric) => `${String(metric['trigger'])}/${String(metric['result'])}/${String(metric['outcome'])}`);
    expect(counted).to.include.members(['CreateAuthChallenge/accepted/link-sent', 'VerifyAuthChallengeResponse/accepted/link-used', 'DefineAuthChallenge/accepted/tokens-issued']);
    // Never the token, the address or the redirect in a log line.
    expect(logs.text).to.not.contain(token.split('.')[1]).and.not.contain(ada.email).and.not.contain('app.example.com');
  });

  it('refuses a used link, an expired one and a guessed one: not correct, the sign-in goes on to its next round', async () => {
    const bob = person(2);
    const asking = signIn(bob);
    await asking.start();
    await asking.answer('request-link', REQUEST);
    const { token } = await linkTo(bob);
    expect((await asking.answer(token)).answerCorrect).to.equal(true);
    const reusing = signIn(bob);
    await reusing.start();
    const reused = await reusing.answer(token);
    expect(reused).to.deep.include({ answerCorrect: false });
    expect(reused.next).to.deep.include({ challengeName: 'CUSTOM_CHALLENGE', round: 'MAGIC_LINK_RETRY' });

    const again = signIn(bob);
    await again.start();
    await again.answer('request-link', REQUEST);
    const fresh = (await linkTo(bob)).token;
    // Time passes beyond the link's validity: the table still holds it (TTL is late), the check refuses it.
    const key = accountKey(TEST_ACCOUNT_KEY_SECRET, bob.userName);
    await client.send(
      new UpdateItemCommand({
        TableName: standIns.dynamo.tableName,
        Key: keyAttributes(magicLinkKey(key)),
        UpdateExpression: 'SET validUntil = :past',
        ExpressionAttributeValues: { ':past': { N: String(Date.now() - 1) } },
      }),
    );
    expect(fresh).to.not.equal(token);
    expect((await again.answer(fresh)).answerCorrect).to.equal(false);
    expect(flowOutcomes().filter((outcome) => outcome.startsWith('Verify'))).to.include.members(['VerifyAuthChallengeResponse:wrong-answer', 'VerifyAuthChallengeResponse:expired']);
  });

  it('fails the sign-in after three wrong answers, and locks the account after five: then no link and no answer, with the lock\'s message', async () => {
    const cy = person(3);
    const guessing = signIn(cy);
    await guessing.start();
    await guessing.answer('request-link', REQUEST);
    expect((await guessing.answer('guess-1')).next).to.deep.include({ round: 'MAGIC_LINK_RETRY' });
    expect((await guessing.answer('guess-2')).next).to.deep.include({ round: 'MAGIC_LINK_RETRY' });
    expect((await guessing.answer('guess-3')).next).to.deep.equal({ issueTokens: false, failAuthentication: true, challengeName: null });
    const { token } = await linkTo(cy);
    // The request and three wrong answers counted four attempts: a fifth wrong answer, and the account is locked.
    const more = signIn(cy);
    await more.start();
    await more.answer('guess-4');
    const locked = signIn(cy);
    await locked.start();
    expect(await settle(locked.answer(token))).to.deep.equal({ ok: false, message: ANSWERS.locked });
    const asking = signIn(cy);
    await asking.start();
    expect(await settle(asking.answer('request-link', REQUEST))).to.deep.equal({ ok: false, message: ANSWERS.locked });
    expect((await linkTo(cy)).mails).to.have.length(1);
  });

  it('takes an unknown username down the same path: the same rounds and the same requests, no mail, never signed in', async () => {
    const known = signIn(person(4));
    const unknown = signIn({ typed: 'nobody-at-all@example.com' });
    for (const signing of [known, unknown]) {
      await signing.start();
      await signing.answer('request-link', REQUEST);
      await signing.answer('a-guess.of-a-token');
    }
    expect(unknown.session).to.deep.equal(known.session);
    expect(unknown.cost).to.deep.equal(known.cost);
    expect((await ses.messages()).map((mail) => mail.to)).to.deep.equal([[person(4).email]]);
  });

  it('limits the links per username and window, and refuses a redirect URL the stack does not list', async () => {
    const dee = person(5);
    for (let request = 1; request <= 4; request += 1) {
      const asking = signIn(dee);
      await asking.start();
      const answered = await settle(asking.answer('request-link', REQUEST));
      expect(answered, `request ${request}`).to.deep.equal(request <= 3 ? { ok: true } : { ok: false, message: RATE_LIMITED });
    }
    const elsewhere = signIn(person(6));
    await elsewhere.start();
    expect(await settle(elsewhere.answer('request-link', { magicLink: 'request', redirectUri: 'https://evil.example/collect' }))).to.deep.equal({
      ok: false,
      message: 'Sign-in links cannot lead to this address',
    });
  });

  it('refuses a challenge it does not make and an event of another trigger, with the generic message', async () => {
    const ed = person(7);
    expect(await settle(create(challengeEvent('CreateAuthChallenge', ed, { challengeName: 'SMS_MFA', session: [] })))).to.deep.equal({ ok: false, message: ANSWERS.generic });
    expect(await settle(define(challengeEvent('CreateAuthChallenge', ed, { challengeName: 'CUSTOM_CHALLENGE', session: [] })))).to.deep.equal({ ok: false, message: ANSWERS.generic });
    expect(await settle(verify({ ...challengeEvent('VerifyAuthChallengeResponse', ed, {}), userPoolId: '' }))).to.deep.equal({ ok: false, message: ANSWERS.generic });
  });
});
