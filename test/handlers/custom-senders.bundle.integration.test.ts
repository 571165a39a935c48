/**
 * The built custom sender bundles, invoked as Lambda invokes them, with the environment infra renders:
 * codes encrypted as Cognito encrypts them (through a local KMS endpoint), decrypted, written from the
 * stack's templates and delivered through each provider's stand-in — SES, SendGrid, SNS, Twilio — once
 * per event; bad codes dropped with a logged error; provider outages thrown for Lambda's retry.
 */
import type { KMSClient } from '@aws-sdk/client-kms';
import { expect } from 'chai';
import { createKmsClient } from '../../adapters/kms/kms-client';
import { SENDER_PURPOSES } from '../../handlers/senders/custom-sender';
import { parseStackConfig } from '../../infra/config';
import { functionEnvironment } from '../../infra/function-environment';
import { encryptAsCognito } from '../../sandbox/kms/cognito-codes';
import { KmsEndpoint } from '../../sandbox/kms/kms-endpoint';
import { startSesSink, type SesSink } from '../../sandbox/mail/mail-sinks';
import { SsmEndpoint } from '../../sandbox/secrets/ssm-endpoint';
import { SendGridEndpoint } from '../../sandbox/sendgrid/sendgrid-endpoint';
import { SnsEndpoint } from '../../sandbox/sms/sns-endpoint';
import { TwilioEndpoint } from '../../sandbox/sms/twilio-endpoint';
import { settle } from '../support/answers';
import { startDynalite, type DynaliteHandle } from '../support/dynalite';
import { LogCapture, loadBundle, withEnvironment } from '../support/lambda-bundle';

const POOL = 'eu-west-1_Example';
const SENDGRID_KEY_PARAMETER = '/gatehouse-test/sendgrid-api-key';
const TWILIO_TOKEN_PARAMETER = '/gatehouse-test/twilio-auth-token';
const JANE = { sub: '7a8b-jane', email: 'jane@example.com', phone_number: '+447700900123', locale: 'fr-CA', name: 'Jeanne' };

function senderEvent(triggerSource: string, code: string | null, attributes: Record<string, string> = JANE) {
  const email = triggerSource.startsWith('CustomEmailSender');
  return {
    version: '1',
    triggerSource,
    region: 'eu-west-1',
    userPoolId: POOL,
    userName: '7a8b-jane',
    callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: 'client-1' },
    request: { type: email ? 'customEmailSenderRequestV1' : 'customSMSSenderRequestV1', code, clientMetadata: {}, userAttributes: attributes },
    response: {},
  };
}

describe('handlers/custom-email-sender and custom-sms-sender: the built bundles', () => {
  const kms = new KmsEndpoint();
  const sendgrid = new SendGridEndpoint();
  const sns = new SnsEndpoint();
  const twilio = new TwilioEndpoint();
  const logs = new LogCapture();
  let ssm: SsmEndpoint;
  let ses: SesSink;
  let dynamo: DynaliteHandle;
  let kmsClient: KMSClient;
  let keyArn: string;
  let restoreBase: () => void;
  let restore: (() => void) | undefined;

  before(async () => {
    keyArn = kms.createKey();
    ssm = new SsmEndpoint({ [SENDGRID_KEY_PARAMETER]: sendgrid.apiKey, [TWILIO_TOKEN_PARAMETER]: twilio.authToken });
    dynamo = await startDynalite();
    ses = await startSesSink();
    restoreBase = withEnvironment({
      AWS_REGION: 'eu-west-1',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_ENDPOINT_URL_KMS: await kms.start(),
      AWS_ENDPOINT_URL_SSM: await ssm.start(),
      AWS_ENDPOINT_URL_SES: ses.endpoint,
      AWS_ENDPOINT_URL_SNS: await sns.start(),
    });
    await sendgrid.start();
    await twilio.start();
    kmsClient = createKmsClient({ timeoutMs: 1000, maxAttempts: 1 });
  });
  after(async () => {
    kmsClient.destroy();
    restoreBase();
    await Promise.all([kms.stop(), ssm.stop(), sendgrid.stop(), sns.stop(), twilio.stop(), ses.stop(), dynamo.stop()]);
  });
  beforeEach(async () => {
    await ses.clear();
    logs.clear();
    logs.start();
  });
  afterEach(() => {
    logs.stop();
    restore?.();
    restore = undefined;
    sendgrid.behave({ kind: 'accept' });
  });

  /** The environment infra renders for a stack, pointed at the stand-ins. */
  function useStack(settings: Record<string, unknown>): void {
    const config = parseStackConfig({ email: { from: 'Example <no-reply@example.com>' }, ...settings });
    restore = withEnvironment({
      ...functionEnvironment(config, {
        tableName: dynamo.tableName,
        accountKeyParameter: '/gatehouse-test/account-key',
        secretParameters: { sendgridApiKey: SENDGRID_KEY_PARAMETER, twilioAuthToken: TWILIO_TOKEN_PARAMETER },
        keyArn,
      }),
      SENDGRID_ENDPOINT: sendgrid.url,
      TWILIO_ENDPOINT: twilio.url,
      // The async invocation's own time, not Cognito's five seconds.
      CLIENT_TIMEOUT_MS: '1000',
    });
  }

  const code = (value: string, pool = POOL, key = keyArn) => encryptAsCognito(kmsClient, key, pool, value);
  const flows = () => logs.entries().filter((entry) => entry.message === 'flow');

  it('mails every purpose through SES, in the user\'s language, with the code decrypted, and logs none of it', async () => {
    useStack({ messages: { appName: 'Example', email: 'custom-sender' } });
    const handler = loadBundle('custom-email-sender');
    const purposes = Object.keys(SENDER_PURPOSES);
    for (const [index, purpose] of purposes.entries()) {
      await handler(senderEvent(`CustomEmailSender_${purpose}`, await code(`48291${index}`)));
    }
    const mails = (await ses.messages()).reverse();
    expect(mails.map((mail) => mail.to)).to.deep.equal(purposes.map(() => ['jane@example.com']));
    for (const [index, mail] of mails.entries()) {
      expect(mail.text, purposes[index]).to.contain(`48291${index}`).and.contain('Jeanne');
      expect(mail.html, purposes[index]).to.contain(`48291${index}`).and.contain('lang="fr"');
      expect(mail.subject, purposes[index]).to.contain('Example');
    }
    expect(flows().map((flow) => [flow['outcome'], flow['purpose']])).to.deep.equal(purposes.map((purpose) => ['delivered', SENDER_PURPOSES[purpose]]));
    for (const secret of ['48291', 'jane@example.com', 'Jeanne']) expect(logs.text).to.not.contain(secret);
  });

  it('sends one mail however often the same event is delivered, and one per new code', async () => {
    useStack({ messages: { email: 'custom-sender' } });
    const handler = loadBundle('custom-email-sender');
    const event = senderEvent('CustomEmailSender_ForgotPassword', await code('271828'));
    for (let delivery = 0; delivery < 3; delivery += 1) await handler(event);
    expect(await ses.messages()).to.have.length(1);
    await handler(senderEvent('CustomEmailSender_ForgotPassword', await code('271828')));
    expect(await ses.messages()).to.have.length(2);
    expect(flows().map((flow) => flow['outcome'])).to.deep.equal(['delivered', 'already-delivered', 'already-delivered', 'delivered']);
  });

  it('delivers the temporary password of an admin-created user as it was set, not HTML-escaped', async () => {
    useStack({ messages: { email: 'custom-sender' } });
    await loadBundle('custom-email-sender')(senderEvent('CustomEmailSender_AdminCreateUser', await code('Tmp&amp;1&lt;x')));
    const [mail] = await ses.messages();
    // Jane's username is her sub (the pool signs in by address): the invitation names what she types.
    expect(mail?.text).to.contain('Tmp&1<x').and.contain('Identifiant\u00a0: jane@example.com').and.not.contain('7a8b-jane');
  });

  it('mails through SendGrid with the key read from SSM, tracking off', async () => {
    useStack({ email: { from: 'Example <no-reply@example.com>', provider: 'sendgrid' }, messages: { email: 'custom-sender' } });
    const before = sendgrid.messages().length;
    await loadBundle('custom-email-sender')(senderEvent('CustomEmailSender_SignUp', await code('314159')));
    const sent = sendgrid.messages().slice(before);
    expect(sent).to.have.length(1);
    expect(sent[0]?.to).to.deep.equal(['jane@example.com']);
    expect(sent[0]?.text).to.contain('314159');
    expect(sent[0]?.trackingSettings).to.deep.include({ click_tracking: { enable: false, enable_text: false }, open_tracking: { enable: false } });
    expect(await ses.messages()).to.have.length(0);
  });

  it('throws when the provider does not answer, so that Lambda retries, and the retry delivers once', async () => {
    useStack({ email: { from: 'no-reply@example.com', provider: 'sendgrid' }, messages: { email: 'custom-sender' } });
    const handler = loadBundle('custom-email-sender');
    const event = senderEvent('CustomEmailSender_SignUp', await code('161803'));
    const before = sendgrid.messages().length;
    sendgrid.behave({ kind: 'reply', status: 503, body: '{"errors":[{"message":"unavailable"}]}' });
    const answer = await settle(handler(event));
    expect(answer.ok).to.equal(false);
    expect(flows()[0]).to.include({ result: 'failed' });
    sendgrid.behave({ kind: 'accept' });
    await handler(event);
    await handler(event);
    expect(sendgrid.messages().slice(before)).to.have.length(1);
  });

  it('texts through SNS as a transactional message, and through Twilio with its token', async () => {
    useStack({ messages: { appName: 'Example', sms: 'custom-sender' } });
    const snsBefore = sns.messages().length;
    await loadBundle('custom-sms-sender')(senderEvent('CustomSMSSender_Authentication', await code('902113')));
    const text = sns.messages().slice(snsBefore)[0];
    expect(text?.to).to.equal('+447700900123');
    expect(text?.body).to.contain('902113');
    expect(text?.attributes['AWS.SNS.SMS.SMSType']).to.equal('Transactional');

    restore?.();
    useStack({ messages: { sms: 'custom-sender' }, sms: { provider: 'twilio', twilio: { accountSid: twilio.accountSid, from: '+15005550006' } } });
    const twilioBefore = twilio.messages().length;
    // Cognito spells the SMS sender's sources both ways.
    await loadBundle('custom-sms-sender')(senderEvent('CustomSmsSender_ResendCode', await code('112358')));
    const texted = twilio.messages().slice(twilioBefore);
    expect(texted.map((each) => [each.to, each.from])).to.deep.equal([['+447700900123', '+15005550006']]);
    expect(texted[0]?.body).to.contain('112358');
    expect(logs.text).to.not.contain('+447700900123');
  });

  it('drops a code for another pool, under another key, truncated, not base64 or missing, with a logged error and nothing sent', async () => {
    useStack({ messages: { email: 'custom-sender' } });
    const handler = loadBundle('custom-email-sender');
    const otherKey = kms.createKey();
    const good = await code('123456');
    const bad = [await code('123456', 'eu-west-1_Other'), await code('123456', POOL, otherKey), good.slice(0, good.length - 40), 'not base64!', null];
    for (const encrypted of bad) expect(await handler(senderEvent('CustomEmailSender_SignUp', encrypted))).to.be.an('object');
    expect(await ses.messages()).to.have.length(0);
    expect(flows().map((flow) => flow['outcome'])).to.deep.equal(bad.map(() => 'undeliverable'));
    const incidents = logs.entries().filter((entry) => entry['incident'] === 'CODE_UNDELIVERABLE');
    expect(incidents).to.have.length(bad.length);
    expect(incidents.every((entry) => entry['level'] === 'ERROR')).to.equal(true);
  });

  it('tells the owner of a risky sign-in, without a code or a link, in their language', async () => {
    useStack({ messages: { email: 'custom-sender' } });
    await loadBundle('custom-email-sender')(senderEvent('CustomEmailSender_AccountTakeOverNotification', null));
    const [mail] = await ses.messages();
    expect(mail?.to).to.deep.equal(['jane@example.com']);
    expect(mail?.html).to.contain('lang="fr"').and.not.contain('http');
    expect(flows()[0]).to.include({ outcome: 'delivered', purpose: 'account-takeover' });
  });

  it('refuses a malformed event and an unknown source, sending nothing', async () => {
    useStack({ messages: { email: 'custom-sender' } });
    const handler = loadBundle('custom-email-sender');
    expect((await settle(handler({ triggerSource: 'CustomEmailSender_SignUp' }))).ok).to.equal(false);
    expect((await settle(handler(senderEvent('CustomEmailSender_Other', await code('1'))))).ok).to.equal(false);
    expect(await ses.messages()).to.have.length(0);
  });
});
