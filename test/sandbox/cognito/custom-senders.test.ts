/**
 * The custom senders' gap in cognito-local: codes encrypted as Cognito encrypts them (decrypted here by
 * the senders' own decryptor through a local KMS), the events Cognito sends, the asynchronous
 * invocation with Lambda's retries, and the media without a sender left to the pool's usual path.
 */
import { AdminCreateUserCommand, ConfirmSignUpCommand, SignUpCommand } from '@aws-sdk/client-cognito-identity-provider';
import { KMSClient } from '@aws-sdk/client-kms';
import { expect } from 'chai';
import { EsdkCodeDecryptor } from '../../../adapters/kms/esdk-code-decryptor';
import { startCognitoLocal, type CognitoLocalHandle, type CognitoLocalOptions, type HandedCode, type TriggerFunction, type UndeliveredMessage } from '../../../sandbox/cognito/cognito-local';
import { encryptAsCognito } from '../../../sandbox/kms/cognito-codes';
import { KmsEndpoint } from '../../../sandbox/kms/kms-endpoint';
import { PASSWORD, programPool } from './sign-in';

interface SenderEvent {
  triggerSource: string;
  userPoolId: string;
  userName: string;
  callerContext: { clientId: string };
  request: { type: string; code: string; clientMetadata: Record<string, string>; userAttributes: Record<string, string> };
}

describe('sandbox cognito: custom senders, as Cognito hands them their codes', function () {
  const kms = new KmsEndpoint();
  let kmsClient: KMSClient;
  let keyArn: string;
  let cognito: CognitoLocalHandle | undefined;
  const events: SenderEvent[] = [];
  const handed: HandedCode[] = [];
  const undelivered: UndeliveredMessage[] = [];

  before(async function () {
    keyArn = kms.createKey();
    kmsClient = new KMSClient({ endpoint: await kms.start(), region: 'eu-west-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 });
  });
  after(async function () {
    kmsClient.destroy();
    await kms.stop();
  });
  afterEach(async function () {
    await cognito?.stop();
    cognito = undefined;
    events.length = 0;
    handed.length = 0;
    undelivered.length = 0;
  });

  const recording = (behaviour: (event: SenderEvent, attempt: number) => Promise<void> = async () => undefined): TriggerFunction => {
    let attempt = 0;
    return async (event) => {
      attempt += 1;
      events.push(event as SenderEvent);
      await behaviour(event as SenderEvent, attempt);
      return event;
    };
  };
  const start = async (triggers: NonNullable<CognitoLocalOptions['triggers']>, delivery = { retryAttempts: 2, maxEventAgeMs: 21_600_000 }) => {
    cognito = await startCognitoLocal({
      pool: programPool(),
      triggers,
      customSenders: {
        encrypt: (poolId, code) => encryptAsCognito(kmsClient, keyArn, poolId, code),
        region: 'eu-west-1',
        ...delivery,
        // Lambda's minute between attempts in 6 ms (and the 6-hour event age in 2 s of this test's time).
        timeScale: 10_000,
        onHanded: (code) => void handed.push(code),
        onUndelivered: (message) => void undelivered.push(message),
      },
    });
    return cognito;
  };
  const decrypt = (event: SenderEvent) => new EsdkCodeDecryptor(kmsClient, { keyArn }).decrypt(event.request.code, { poolId: event.userPoolId });

  it('hands the sign-up code to CustomEmailSender encrypted for the pool, answers SignUp without waiting for it, and the code confirms the user', async function () {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const pool = await start({ CustomEmailSender: recording(() => gate) });

    const { UserSub } = await pool.client().send(
      new SignUpCommand({ ClientId: pool.clientId, Username: 'ada@example.com', Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'ada@example.com' }, { Name: 'locale', Value: 'fr' }] }),
    );
    // SignUp has answered while the sender is still at work: Cognito invokes it asynchronously.
    expect(events).to.have.length(1);
    release();
    await pool.sendersSettled();

    const [event] = events as [SenderEvent];
    expect(event).to.deep.include({ triggerSource: 'CustomEmailSender_SignUp', userPoolId: pool.userPoolId, userName: UserSub, callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: pool.clientId } });
    expect(event.request).to.deep.include({ type: 'customEmailSenderRequestV1', clientMetadata: {} });
    expect(event.request.userAttributes).to.include({ email: 'ada@example.com', locale: 'fr', sub: UserSub });
    const code = await decrypt(event);
    expect(code).to.match(/^\d{6}$/);
    expect(handed).to.deep.equal([{ at: handed[0]?.at, triggerSource: 'CustomEmailSender_SignUp', medium: 'EMAIL', destination: 'ada@example.com', code }]);
    expect(pool.deliveries, 'the pool sent nothing itself').to.deep.equal([]);
    // Under another pool's name the message does not decrypt: the context binds it to this pool.
    const refused = await new EsdkCodeDecryptor(kmsClient, { keyArn }).decrypt(event.request.code, { poolId: 'eu-west-1_Other' }).catch((error: Error) => error);
    expect(refused).to.have.property('name', 'CodeRejectedError');

    await pool.client().send(new ConfirmSignUpCommand({ ClientId: pool.clientId, Username: 'ada@example.com', ConfirmationCode: code }));
  });

  it('hands an SMS invitation to CustomSMSSender with the temporary password HTML-escaped, as Cognito does, and the admin client id', async function () {
    const pool = await start({ CustomEmailSender: recording(), CustomSMSSender: recording() });
    const temporary = 'Tmp<&>"\'pass-2026';
    await pool.client().send(
      new AdminCreateUserCommand({
        UserPoolId: pool.userPoolId,
        Username: 'grace@example.com',
        TemporaryPassword: temporary,
        DesiredDeliveryMediums: ['SMS'],
        UserAttributes: [{ Name: 'email', Value: 'grace@example.com' }, { Name: 'phone_number', Value: '+447700900123' }],
      }),
    );
    await pool.sendersSettled();

    expect(events.map((event) => event.triggerSource)).to.deep.equal(['CustomSMSSender_AdminCreateUser']);
    const [event] = events as [SenderEvent];
    expect(event.request.type).to.equal('customSMSSenderRequestV1');
    expect(event.callerContext.clientId).to.equal('CLIENT_ID_NOT_APPLICABLE');
    expect(await decrypt(event)).to.equal('Tmp&#60;&#38;&#62;&#34;&#39;pass-2026');
    expect(handed.map(({ medium, destination }) => ({ medium, destination }))).to.deep.equal([{ medium: 'SMS', destination: '+447700900123' }]);
  });

  it('leaves the media without a sender to the pool: an SMS goes its usual way when only the email sender exists', async function () {
    const pool = await start({ CustomEmailSender: recording() });
    await pool.client().send(
      new AdminCreateUserCommand({
        UserPoolId: pool.userPoolId,
        Username: 'grace@example.com',
        TemporaryPassword: 'Tmp-pass-2026-long',
        DesiredDeliveryMediums: ['SMS'],
        UserAttributes: [{ Name: 'email', Value: 'grace@example.com' }, { Name: 'phone_number', Value: '+447700900123' }],
      }),
    );
    await pool.sendersSettled();

    expect(events, 'cognito-local alone would hand the SMS to the email sender').to.deep.equal([]);
    expect(pool.deliveries.map(({ medium, destination, code }) => ({ medium, destination, code }))).to.deep.equal([
      { medium: 'SMS', destination: '+447700900123', code: 'Tmp-pass-2026-long' },
    ]);
  });

  it('retries a failed sender as Lambda retries an asynchronous invocation: the same event, up to the stack\'s retry attempts', async function () {
    const pool = await start({
      CustomEmailSender: recording(async (_event, attempt) => {
        if (attempt < 3) throw new Error('the mail provider did not answer');
      }),
    });
    await pool.client().send(new SignUpCommand({ ClientId: pool.clientId, Username: 'ada@example.com', Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'ada@example.com' }] }));
    await pool.sendersSettled();

    expect(events).to.have.length(3);
    expect(new Set(events.map((event) => event.request.code)).size, 'a retry is the same event, not a new code').to.equal(1);
    expect(undelivered).to.deep.equal([]);
  });

  it('records the message as undelivered once the retries are spent, with the function\'s last error', async function () {
    const pool = await start(
      { CustomEmailSender: recording(async () => Promise.reject(new Error('the mail provider refused the message'))) },
      { retryAttempts: 1, maxEventAgeMs: 21_600_000 },
    );
    await pool.client().send(new SignUpCommand({ ClientId: pool.clientId, Username: 'ada@example.com', Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'ada@example.com' }] }));
    await pool.sendersSettled();

    expect(events).to.have.length(2);
    expect(undelivered).to.deep.equal([
      { at: undelivered[0]?.at, triggerSource: 'CustomEmailSender_SignUp', destination: 'ada@example.com', condition: 'RetriesExhausted', attempts: 2, error: 'the mail provider refused the message' },
    ]);
  });

  it('drops an event older than the stack\'s maximum event age instead of running it again', async function () {
    const pool = await start(
      { CustomEmailSender: recording(async () => Promise.reject(new Error('the mail provider did not answer'))) },
      { retryAttempts: 2, maxEventAgeMs: 30_000 },
    );
    await pool.client().send(new SignUpCommand({ ClientId: pool.clientId, Username: 'ada@example.com', Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'ada@example.com' }] }));
    await pool.sendersSettled();

    // Lambda's first retry comes a minute later: past an age of 30 seconds, the event is gone.
    expect(events).to.have.length(1);
    expect(undelivered.map(({ condition, attempts }) => ({ condition, attempts }))).to.deep.equal([{ condition: 'EventAgeExceeded', attempts: 1 }]);
  });

  it('refuses to start a pool with a custom sender but no way to encrypt its codes', async function () {
    const error = await startCognitoLocal({ pool: programPool(), triggers: { CustomSMSSender: recording() } }).catch((failure: Error) => failure);
    expect(error).to.be.instanceOf(Error).with.property('message').that.matches(/needs customSenders/);
  });
});
