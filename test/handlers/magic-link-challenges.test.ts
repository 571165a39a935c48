import { expect } from 'chai';
import sinon from 'sinon';
import { StoreUnavailableError, type LinkSecrets, type MagicLinkStore, type MagicLinkPolicy } from '../../domain';
import { GENERIC_FAILURE_MESSAGE } from '../../handlers/boundary/cognito-trigger';
import type { HandlerConfig } from '../../handlers/composition/handler-config';
import { magicLinkModule } from '../../handlers/composition/modules/magic-link-module';
import { magicLinkRoundModule } from '../../handlers/composition/modules/magic-link-round-module';
import { signInProtectionModule } from '../../handlers/composition/modules/sign-in-protection-module';
import { TOKENS } from '../../handlers/composition/tokens';
import { createCreateAuthChallengeHandler } from '../../handlers/create-auth-challenge';
import { createDefineAuthChallengeHandler } from '../../handlers/define-auth-challenge';
import { createVerifyAuthChallengeHandler } from '../../handlers/verify-auth-challenge-response';
import { challengeEvent } from '../support/challenge-events';
import { jane } from '../support/cognito-events';
import { composeWithFakes, fakePorts, testConfig } from '../support/handler-harness';

const REDIRECT = 'https://app.example.com/sign-in/link';
const POLICY: MagicLinkPolicy = { linkValiditySeconds: 300, maxAnswers: 3, maxLinksPerWindow: 3, windowSeconds: 900, redirectUrls: [REDIRECT] };
const TOKEN = 'amFuZQ.c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldC1zZWNy';

function compose(config: HandlerConfig = { ...testConfig(), mail: { ...testConfig().mail, from: 'no-reply@example.com' }, passwordless: POLICY }) {
  const ports = fakePorts();
  const links = {
    countRequest: sinon.stub<Parameters<MagicLinkStore['countRequest']>, ReturnType<MagicLinkStore['countRequest']>>().resolves(1),
    issue: sinon.stub<Parameters<MagicLinkStore['issue']>, Promise<void>>().resolves(),
    redeem: sinon.stub<Parameters<MagicLinkStore['redeem']>, ReturnType<MagicLinkStore['redeem']>>().resolves('wrong'),
  };
  const secrets: LinkSecrets = { create: () => ({ token: TOKEN, secretHash: 'hash-of-token' }), hashOf: (token) => `hash:${token}` };
  const { composition, log, counted } = composeWithFakes(ports, config, {
    modules: [signInProtectionModule, magicLinkModule, magicLinkRoundModule],
    extraFakes: [
      [TOKENS.MagicLinkStore, links],
      [TOKENS.LinkSecrets, secrets],
      [TOKENS.Pause, { until: async () => undefined }],
    ],
  });
  return {
    ports,
    links,
    log,
    counted,
    define: createDefineAuthChallengeHandler(composition),
    create: createCreateAuthChallengeHandler(composition),
    verify: createVerifyAuthChallengeHandler(composition),
  };
}

const responseOf = async (answer: Promise<unknown>) => ((await answer) as { response: Record<string, unknown> }).response;

describe('handlers: the magic-link challenge triggers', () => {
  it('DefineAuthChallenge reads Cognito\'s session with null metadata and no client metadata, and answers with all three fields', async () => {
    const { define, counted } = compose();
    const event = challengeEvent('DefineAuthChallenge', jane, {
      session: [{ challengeName: 'CUSTOM_CHALLENGE', challengeResult: false, challengeMetadata: null }],
    });
    // A first round without a name of ours and without a request is a wrong answer: another round.
    expect(await responseOf(define({ ...event, request: { ...event.request, clientMetadata: null } }))).to.deep.equal({
      challengeName: 'CUSTOM_CHALLENGE',
      issueTokens: false,
      failAuthentication: false,
    });
    expect(counted.at(-1)?.dimensions).to.deep.equal({ trigger: 'DefineAuthChallenge', result: 'accepted', outcome: 'retry' });
  });

  it('CreateAuthChallenge names its round in all three places and never puts the link in its response', async () => {
    const { create, ports } = compose();
    const session = [{ challengeName: 'CUSTOM_CHALLENGE', challengeResult: false, challengeMetadata: 'MAGIC_LINK_START' }];
    const event = challengeEvent('CreateAuthChallenge', jane, { challengeName: 'CUSTOM_CHALLENGE', session }, { magicLink: 'request', redirectUri: REDIRECT });
    const response = await responseOf(create(event));
    expect(response).to.deep.equal({
      publicChallengeParameters: { round: 'MAGIC_LINK_SENT' },
      privateChallengeParameters: { round: 'MAGIC_LINK_SENT' },
      challengeMetadata: 'MAGIC_LINK_SENT',
    });
    expect(JSON.stringify(response)).to.not.contain(TOKEN.split('.')[1]);
    expect(ports.mailer.send.calledOnce).to.equal(true);
    expect(ports.mailer.send.firstCall.args[0].to).to.equal(jane.email);
  });

  it('VerifyAuthChallengeResponse takes an answer that is not a string as a wrong one, counted', async () => {
    const { verify, ports, links } = compose();
    const event = challengeEvent('VerifyAuthChallengeResponse', jane, { privateChallengeParameters: { round: 'MAGIC_LINK_SENT' }, challengeAnswer: { not: 'a string' } });
    expect(await responseOf(verify(event))).to.deep.equal({ answerCorrect: false });
    expect(ports.ledger.countAttempt.calledOnce).to.equal(true);
    expect(links.redeem.called).to.equal(false);
  });

  it('VerifyAuthChallengeResponse checks an answer against the link when the round is not one of ours, and logs neither', async () => {
    const { verify, links, log } = compose();
    links.redeem.resolves('redeemed');
    const event = challengeEvent('VerifyAuthChallengeResponse', jane, { privateChallengeParameters: { round: 'SOMETHING_ELSE' }, challengeAnswer: TOKEN }, { magicLink: 'request', redirectUri: REDIRECT });
    expect(await responseOf(verify(event))).to.deep.equal({ answerCorrect: true });
    expect(links.redeem.firstCall.args[1]).to.equal(`hash:${TOKEN}`);
    expect(log.everything()).to.not.contain(TOKEN).and.not.contain(jane.email).and.not.contain(REDIRECT);
  });

  it('answers with the generic message when the store cannot answer, logging the cause', async () => {
    const { create, links, log, counted } = compose();
    links.countRequest.rejects(new StoreUnavailableError('DynamoDB UpdateItem (count link request) timed out'));
    const session = [{ challengeName: 'CUSTOM_CHALLENGE', challengeResult: false, challengeMetadata: 'MAGIC_LINK_START' }];
    const event = challengeEvent('CreateAuthChallenge', jane, { challengeName: 'CUSTOM_CHALLENGE', session }, { magicLink: 'request', redirectUri: REDIRECT });
    const error = await create(event).catch((caught: unknown) => caught as Error);
    expect(error).to.have.property('message', GENERIC_FAILURE_MESSAGE);
    expect(log.error.calledWithMatch('flow', { result: 'failed' })).to.equal(true);
    expect(counted.at(-1)?.dimensions).to.deep.equal({ trigger: 'CreateAuthChallenge', result: 'failed', outcome: 'none' });
  });

  it('fails every trigger with the generic message on a stack without sign-in by link', async () => {
    const { define, create, verify, log } = compose(testConfig());
    for (const [handler, event] of [
      [define, challengeEvent('DefineAuthChallenge', jane, { session: [] })],
      [create, challengeEvent('CreateAuthChallenge', jane, { challengeName: 'CUSTOM_CHALLENGE', session: [] })],
      [verify, challengeEvent('VerifyAuthChallengeResponse', jane, { privateChallengeParameters: { round: 'MAGIC_LINK_SENT' }, challengeAnswer: TOKEN })],
    ] as const) {
      expect(await handler(event).catch((caught: unknown) => (caught as Error).message)).to.equal(GENERIC_FAILURE_MESSAGE);
    }
    expect(log.everything()).to.contain('PASSWORDLESS_ENABLED is not true');
  });
});
