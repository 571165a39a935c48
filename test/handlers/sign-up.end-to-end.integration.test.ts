/**
 * The sign-up lifecycle end to end: cognito-local runs the pool and invokes the built PreSignUp and
 * PostConfirmation bundles as Lambda loads them, with the environment infra/ renders; the bundles talk
 * to real local stand-ins — a Turnstile siteverify endpoint, Step Functions running the real reminder
 * definition (against cognito-local and dynalite), dynalite for the table, SSM for the secrets, and an
 * SES stand-in for the welcome mail.
 */
import * as cognitoSdk from '@aws-sdk/client-cognito-identity-provider';
import {
  AdminGetUserCommand,
  ConfirmSignUpCommand,
  SignUpCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import * as dynamoSdk from '@aws-sdk/client-dynamodb';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { expect } from 'chai';
import { accountKey as hmacKey } from '../../adapters/crypto/hmac-account-keys';
import { accountKey as accountItemKey } from '../../adapters/dynamodb/table-keys';
import { keyAttributes } from '../../adapters/dynamodb/attribute-values';
import { PUT_METRIC_DATA, REMINDER_OUTCOMES, REMINDER_STATES, REMINDER_WAIT_STATES, reminderWorkflowDefinition } from '../../infra/reminder-workflow';
import { startCognitoLocal, type CognitoLocalHandle } from '../support/cognito-local';
import { startDynalite, type DynaliteHandle } from '../support/dynalite';
import {
  functionEnvironment,
  loadBundle,
  LogCapture,
  TEST_ACCOUNT_KEY_PARAMETER,
  TEST_ACCOUNT_KEY_SECRET,
  withEnvironment,
} from '../support/lambda-bundle';
import { startSesSink, type SesSink } from '../../sandbox/mail/mail-sinks';
import { sdkIntegrationHandlers, type TaskHandler } from '../../sandbox/step-functions/sdk-integrations';
import { SiteverifyEndpoint } from '../../sandbox/captcha/siteverify-endpoint';
import { SsmEndpoint } from '../../sandbox/secrets/ssm-endpoint';
import { MetricStore } from '../../sandbox/metrics/metric-store';
import { putMetricDataHandler } from '../../sandbox/metrics/put-metric-data';
import { StepFunctionsEndpoint } from '../../sandbox/step-functions/step-functions-endpoint';

const STATE_MACHINE_ARN = 'arn:aws:states:eu-west-1:123456789012:stateMachine:gatehouse-test-sign-up-reminders';
const CAPTCHA_PARAMETER = '/gatehouse-test/captcha-secret';
const PASSWORD = 'a-long-enough-passphrase-for-the-pool';

/** A gate the workflow's first look-up waits at, so the test decides when "a day later" comes. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

describe('sign-up end to end: cognito-local, the built bundles, and the reminder workflow', function () {
  let dynamo: DynaliteHandle;
  let ssm: SsmEndpoint;
  let siteverify: SiteverifyEndpoint;
  let ses: SesSink;
  let sfn: StepFunctionsEndpoint;
  let cognito: CognitoLocalHandle;
  let users: CognitoIdentityProviderClient;
  let table: DynamoDBClient;
  let restoreEnv: () => void;
  const firstLookUp = gate();
  const logs = new LogCapture();
  const tokens: string[] = [];
  /** Every event cognito-local sent each trigger, to deliver them again as Cognito's retries would. */
  const events: Record<string, unknown[]> = { PreSignUp: [], PostConfirmation: [] };

  before(async () => {
    logs.start();
    dynamo = await startDynalite();
    siteverify = new SiteverifyEndpoint('turnstile');
    ssm = new SsmEndpoint({ [TEST_ACCOUNT_KEY_PARAMETER]: TEST_ACCOUNT_KEY_SECRET, [CAPTCHA_PARAMETER]: siteverify.secret });
    const [ssmEndpoint, siteverifyUrl] = await Promise.all([ssm.start(), siteverify.start()]);
    ses = await startSesSink();
    table = new DynamoDBClient({ endpoint: dynamo.endpoint });

    // The bundles are loaded once each, as one warm execution environment per function.
    let preSignUp: ((event: unknown) => Promise<unknown>) | undefined;
    let postConfirmation: ((event: unknown) => Promise<unknown>) | undefined;
    cognito = await startCognitoLocal({
      triggers: {
        PreSignUp: (event) => {
          events['PreSignUp']?.push(event);
          return (preSignUp ??= loadBundle('pre-sign-up'))(event);
        },
        PostConfirmation: (event) => {
          events['PostConfirmation']?.push(event);
          return (postConfirmation ??= loadBundle('post-confirmation'))(event);
        },
      },
    });
    users = cognito.client();

    const definition = reminderWorkflowDefinition({ tableName: dynamo.tableName, stack: 'test' });
    const handlers = sdkIntegrationHandlers(definition, {
      services: {
        cognitoidentityprovider: { client: () => cognito.client(), commands: cognitoSdk },
        dynamodb: { client: () => new DynamoDBClient({ endpoint: dynamo.endpoint, maxAttempts: 1 }), commands: dynamoSdk },
      },
      local: { [PUT_METRIC_DATA]: putMetricDataHandler(new MetricStore()) },
    });
    const lookUp = handlers[REMINDER_STATES.lookUpBeforeReminder] as TaskHandler;
    sfn = new StepFunctionsEndpoint({
      stateMachineArn: STATE_MACHINE_ARN,
      definition,
      taskHandlers: {
        ...handlers,
        [REMINDER_STATES.lookUpBeforeReminder]: async (input) => {
          await firstLookUp.opened;
          return lookUp(input);
        },
      },
      waitTimeOverrides: Object.fromEntries(REMINDER_WAIT_STATES.map((state) => [state, 1])),
    });

    restoreEnv = withEnvironment({
      ...functionEnvironment(dynamo.tableName, {
        SIGN_UP_BLOCKED_DOMAINS: 'blocked.example',
        SIGN_UP_CAPTCHA_PROVIDER: 'turnstile',
        SIGN_UP_CAPTCHA_SECRET_PARAMETER: CAPTCHA_PARAMETER,
        SIGN_UP_CAPTCHA_ENDPOINT: siteverifyUrl,
        REMINDER_STATE_MACHINE_ARN: STATE_MACHINE_ARN,
        WELCOME_ENABLED: 'true',
        MAIL_APP_NAME: 'Example',
        MAIL_FROM: 'Example <no-reply@example.com>',
        MAIL_PROVIDER: 'ses',
      }),
      AWS_ENDPOINT_URL_SSM: ssmEndpoint,
      AWS_ENDPOINT_URL_SES: ses.endpoint,
      AWS_ENDPOINT_URL_SFN: await sfn.start(),
    });
  });

  after(async () => {
    logs.stop();
    firstLookUp.open();
    restoreEnv?.();
    users?.destroy();
    table?.destroy();
    await Promise.all([sfn?.stop(), cognito?.stop(), ses?.stop(), ssm?.stop(), siteverify?.stop()]);
    await dynamo?.stop();
  });

  const signUp = (email: string, captchaToken?: string) =>
    users.send(
      new SignUpCommand({
        ClientId: cognito.clientId,
        Username: email,
        Password: PASSWORD,
        UserAttributes: [
          { Name: 'email', Value: email },
          { Name: 'locale', Value: 'de-AT' },
        ],
        ...(captchaToken === undefined ? {} : { ValidationData: [{ Name: 'captchaToken', Value: captchaToken }] }),
      }),
    );

  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => expect.fail('expected the sign-up to fail'),
      (error: Error) => error.message,
    );

  it('refuses a blocked domain with its message, checking no captcha and creating no user or workflow', async () => {
    const message = await failure(signUp('jane@blocked.example', siteverify.issue()));
    expect(message).to.equal('PreSignUp failed with error Addresses of this email domain cannot be used to sign up.');
    expect(siteverify.requests).to.equal(0);
    expect(sfn.startRequests).to.equal(0);
  });

  it('refuses a sign-up without a captcha token with its message', async () => {
    const message = await failure(signUp('jane@example.com'));
    expect(message).to.equal('PreSignUp failed with error Complete the verification challenge to sign up.');
    expect(sfn.startRequests).to.equal(0);
  });

  let username = '';
  it('creates an unconfirmed user and exactly one workflow, also when Cognito runs PreSignUp again', async () => {
    const token = siteverify.issue();
    tokens.push(token);
    const { UserSub, UserConfirmed } = await signUp('jane@example.com', token);
    expect(UserConfirmed).to.equal(false);
    username = String(UserSub);
    const user = await users.send(new AdminGetUserCommand({ UserPoolId: cognito.userPoolId, Username: username }));
    expect(user.UserStatus).to.equal('UNCONFIRMED');
    expect(siteverify.requests).to.equal(1);
    expect(sfn.executions).to.have.length(1);

    // Cognito's retry of the same invocation: same event, same token.
    const accepted = events['PreSignUp']?.at(-1);
    const preSignUp = loadBundle('pre-sign-up');
    expect(await preSignUp(accepted)).to.deep.equal(accepted);
    expect(sfn.startRequests).to.equal(2);
    expect(sfn.executions).to.have.length(1);

    const [execution] = sfn.executions;
    expect(JSON.parse(String(execution?.input))).to.deep.include({
      userPoolId: cognito.userPoolId,
      clientId: cognito.clientId,
      username,
      accountKey: hmacKey(TEST_ACCOUNT_KEY_SECRET, username),
    });
    expect(execution?.status).to.equal('RUNNING');
  });

  it('on confirmation, records the account and sends exactly one welcome mail, also when PostConfirmation runs three times', async () => {
    const code = cognito.deliveries.filter((delivery) => delivery.username === username).at(-1)?.code;
    dynamo.resetCounts();
    await users.send(new ConfirmSignUpCommand({ ClientId: cognito.clientId, Username: username, ConfirmationCode: String(code) }));
    const confirmed = events['PostConfirmation']?.at(-1);
    expect(confirmed).to.deep.include({ triggerSource: 'PostConfirmation_ConfirmSignUp' });
    // The record (update), the once-only claim (put) and its completion (update), around one SendEmail.
    expect(Object.fromEntries(dynamo.requests)).to.deep.equal({ UpdateItem: 2, PutItem: 1 });
    dynamo.resetCounts();
    const postConfirmation = loadBundle('post-confirmation');
    for (let retry = 0; retry < 2; retry += 1) expect(await postConfirmation(confirmed)).to.deep.equal(confirmed);
    // A retry: the record (update, unchanged) and the claim refused; dynalite returns no item with the
    // refusal, so the record is read (DynamoDB returns it with the refusal: no GetItem there).
    expect(Object.fromEntries(dynamo.requests)).to.deep.equal({ UpdateItem: 2, PutItem: 2, GetItem: 2 });

    const { Item } = await table.send(
      new GetItemCommand({ TableName: dynamo.tableName, Key: keyAttributes(accountItemKey(hmacKey(TEST_ACCOUNT_KEY_SECRET, username))) }),
    );
    const record = Item && unmarshall(Item);
    expect(record).to.deep.include({ username, sub: username, email: 'jane@example.com', status: 'CONFIRMED' });
    expect(record?.['confirmedAt']).to.be.a('number');

    const mail = await ses.messages();
    expect(mail).to.have.length(1);
    expect(mail[0]).to.deep.include({ from: 'Example <no-reply@example.com>', to: ['jane@example.com'], subject: 'Willkommen bei Example' });
  });

  it('ends the workflow at its next check: the user is confirmed, nothing is resent or deleted', async () => {
    firstLookUp.open();
    const [execution] = sfn.executions;
    await execution?.done;
    expect(execution?.status).to.equal('SUCCEEDED');
    expect(execution?.output).to.deep.include({ outcome: REMINDER_OUTCOMES.noLongerUnconfirmed });
    const user = await users.send(new AdminGetUserCommand({ UserPoolId: cognito.userPoolId, Username: username }));
    expect(user.UserStatus).to.equal('CONFIRMED');
    expect(cognito.requests.get('ResendConfirmationCode') ?? 0).to.equal(0);
  });

  it('logged one flow line per invocation, and no address or token', () => {
    const flows = logs.entries().filter((entry) => entry['message'] === 'flow');
    expect(flows.map((entry) => `${String(entry['trigger'])}:${String(entry['result'])}`)).to.deep.equal([
      'PreSignUp:refused',
      'PreSignUp:refused',
      'PreSignUp:accepted',
      'PreSignUp:accepted',
      'PostConfirmation:accepted',
      'PostConfirmation:accepted',
      'PostConfirmation:accepted',
    ]);
    expect(flows.map((entry) => entry['welcome']).filter(Boolean)).to.deep.equal(['sent', 'already-sent', 'already-sent']);
    expect(logs.text).to.not.contain('@example.com');
    for (const token of tokens) expect(logs.text).to.not.contain(token);
  });
});
