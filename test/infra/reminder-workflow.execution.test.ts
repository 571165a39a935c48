import * as cognitoSdk from '@aws-sdk/client-cognito-identity-provider';
import {
  AdminDeleteUserCommand,
  AdminGetUserCommand,
  ConfirmSignUpCommand,
  SignUpCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import * as dynamoSdk from '@aws-sdk/client-dynamodb';
import { DynamoDBClient, ProvisionedThroughputExceededException, QueryCommand } from '@aws-sdk/client-dynamodb';
import { StateMachine, type StateMachineDefinition as AslDefinition } from 'aws-local-stepfunctions';
import { expect } from 'chai';
import { randomBytes, randomUUID } from 'node:crypto';
import { auditKey, TTL_ATTRIBUTE } from '../../adapters/dynamodb/table-keys';
import {
  PUT_METRIC_DATA,
  REMINDER_OUTCOMES,
  REMINDER_STATES,
  REMINDER_WAIT_STATES,
  reminderWorkflowDefinition,
  type ReminderExecutionInput,
  type StateMachineDefinition,
  type TaskState,
} from '../../infra/reminder-workflow';
import { startCognitoLocal, type CognitoLocalHandle } from '../support/cognito-local';
import { startDynalite, type DynaliteHandle } from '../support/dynalite';
import {
  sdkIntegrationHandlers,
  stepFunctionsError,
  type IntegrationCall,
  type Json,
  type TaskHandler,
  TaskFailure,
} from '../../sandbox/step-functions/sdk-integrations';
import { MetricStore, type MetricTotal } from '../../sandbox/metrics/metric-store';
import { putMetricDataHandler } from '../../sandbox/metrics/put-metric-data';

/**
 * The definition infra deploys, executed by aws-local-stepfunctions with every Task making its real call:
 * Cognito through cognito-local, the table through dynalite. The waits are overridden by state name and
 * retries pause a millisecond, so a week-long workflow runs in a moment; nothing here measures time.
 * Its counts land in the sandbox's metric store, through the handler `npm start` gives PutMetricData.
 */

const S = REMINDER_STATES;
const PASSWORD = 'Correct-Horse-9-battery';
const STACK = 'test';
// Step Functions sets these; aws-local-stepfunctions takes them as the context object.
const ENTERED_TIME = '2026-03-01T09:30:15.250Z';

type Execution = ReturnType<StateMachine['run']>;
type EventLog = Execution extends { eventLogs: AsyncGenerator<infer E> } ? E : never;

interface Run {
  readonly output: Record<string, unknown>;
  /** The states entered, in order. */
  readonly path: string[];
  readonly events: EventLog[];
  readonly calls: IntegrationCall[];
  readonly executionName: string;
  /** What the execution's counts put in a metric store of its own. */
  readonly metrics: MetricTotal[];
}

interface SignedUp {
  readonly username: string;
  readonly email: string;
  readonly input: ReminderExecutionInput;
}

describe('infra: the reminder workflow, executed against cognito-local and dynalite', function () {
  let cognito: CognitoLocalHandle;
  let dynamo: DynaliteHandle;
  let definition: StateMachineDefinition;
  let admin: CognitoIdentityProviderClient;
  let table: DynamoDBClient;
  const dynamoClients: DynamoDBClient[] = [];

  before(async () => {
    [cognito, dynamo] = await Promise.all([startCognitoLocal(), startDynalite()]);
    definition = reminderWorkflowDefinition({ tableName: dynamo.tableName, stack: STACK });
    admin = cognito.client();
    table = new DynamoDBClient({ endpoint: dynamo.endpoint });
  });

  after(async () => {
    table?.destroy();
    for (const client of dynamoClients) client.destroy();
    await Promise.all([cognito?.stop(), dynamo?.stop()]);
  });

  beforeEach(() => {
    cognito.resetCounts();
    dynamo.resetCounts();
  });

  let people = 0;
  async function signUp(): Promise<SignedUp> {
    people += 1;
    const email = `person-${people}-${randomUUID().slice(0, 8)}@example.com`;
    const { UserSub } = await admin.send(
      new SignUpCommand({ ClientId: cognito.clientId, Username: email, Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: email }] }),
    );
    if (!UserSub) throw new Error('no sub');
    // Cognito names a user of an email-as-username pool by a generated id, which PreSignUp sees as userName.
    return { username: UserSub, email, input: inputFor(UserSub) };
  }

  function inputFor(username: string): ReminderExecutionInput {
    return {
      userPoolId: cognito.userPoolId,
      clientId: cognito.clientId,
      username,
      accountKey: randomBytes(16).toString('hex'),
      auditExpiresAt: 1_790_000_000,
    };
  }

  const codesFor = (username: string) => cognito.deliveries.filter((delivery) => delivery.username === username).map((d) => d.code);

  const confirm = (username: string, code: string) =>
    admin.send(new ConfirmSignUpCommand({ ClientId: cognito.clientId, Username: username, ConfirmationCode: code }));

  async function statusOf(username: string): Promise<string> {
    try {
      const user = await admin.send(new AdminGetUserCommand({ UserPoolId: cognito.userPoolId, Username: username }));
      return String(user.UserStatus);
    } catch (error) {
      if ((error as Error).name === 'UserNotFoundException') return 'gone';
      throw error;
    }
  }

  async function auditEntries(accountKey: string): Promise<Record<string, unknown>[]> {
    const { Items = [] } = await table.send(
      new QueryCommand({
        TableName: dynamo.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': { S: `ACCT#${accountKey}` } },
      }),
    );
    return Items;
  }

  function handlers(calls: IntegrationCall[], metrics: MetricStore): Record<string, TaskHandler> {
    return sdkIntegrationHandlers(definition, {
      local: { [PUT_METRIC_DATA]: putMetricDataHandler(metrics) },
      services: {
        cognitoidentityprovider: { client: () => cognito.client(), commands: cognitoSdk },
        dynamodb: {
          client: () => {
            const client = new DynamoDBClient({ endpoint: dynamo.endpoint, maxAttempts: 1 });
            dynamoClients.push(client);
            return client;
          },
          commands: dynamoSdk,
        },
      },
      onCall: (call) => calls.push(call),
    });
  }

  /** Runs one execution; `around` may wrap a state's handler to act between steps. */
  async function run(
    input: ReminderExecutionInput,
    around: Record<string, (next: TaskHandler) => TaskHandler> = {},
    deploying: StateMachineDefinition = definition,
  ): Promise<Run> {
    const calls: IntegrationCall[] = [];
    const metrics = new MetricStore();
    const base = handlers(calls, metrics);
    const local = Object.fromEntries(Object.entries(base).map(([state, handler]) => [state, around[state]?.(handler) ?? handler]));
    const taskStates = Object.keys(base);
    const executionName = randomUUID();
    // As Step Functions receives it: the JSON infra deploys.
    const deployed = JSON.parse(JSON.stringify(deploying)) as AslDefinition;
    const execution = new StateMachine(deployed).run(input as unknown as Json, {
      overrides: {
        taskResourceLocalHandlers: local,
        waitTimeOverrides: Object.fromEntries(REMINDER_WAIT_STATES.map((state) => [state, 5])),
        retryIntervalOverrides: Object.fromEntries(taskStates.map((state) => [state, 1])),
      },
      context: { Execution: { Name: executionName }, State: { EnteredTime: ENTERED_TIME } },
    });
    const output = (await execution.result) as Record<string, unknown>;
    const events: EventLog[] = [];
    for await (const event of execution.eventLogs) events.push(event);
    const path = events.flatMap((event) => (event.type === 'StateEntered' ? [event.state.name] : []));
    return { output, path, events, calls, executionName, metrics: metrics.totals() };
  }

  const called = (result: Run, action: string) => result.calls.filter((call) => call.action === action);

  const UP_TO_REMINDER = [S.waitToRemind, S.lookUpBeforeReminder, S.unconfirmedBeforeReminder];
  const AFTER_REMINDER = [S.waitToDelete, S.lookUpBeforeDeletion, S.unconfirmedBeforeDeletion];
  const UP_TO_DELETION = [...UP_TO_REMINDER, S.sendReminder, S.countReminder, ...AFTER_REMINDER];

  /** The counts an execution published, as `result outcome` → value, read back from both dimension sets. */
  function countsOf(result: Run): Record<string, number> {
    const ours = result.metrics.filter((metric) => metric.namespace === 'Gatehouse' && metric.metricName === 'Invocations');
    for (const metric of ours) {
      expect(metric.dimensions).to.include({ service: 'gatehouse', stack: STACK, trigger: 'ReminderWorkflow' });
      expect(Object.keys(metric.dimensions)).to.have.length.within(4, 5);
    }
    const detailed = ours.filter((metric) => 'outcome' in metric.dimensions);
    const byResult = ours.filter((metric) => !('outcome' in metric.dimensions));
    // Each count is under both sets: the per-result sums are the per-outcome ones added up.
    const sums: Record<string, number> = {};
    for (const metric of detailed) sums[metric.dimensions['result'] ?? ''] = (sums[metric.dimensions['result'] ?? ''] ?? 0) + metric.value;
    expect(Object.fromEntries(byResult.map((metric) => [metric.dimensions['result'], metric.value]))).to.deep.equal(sums);
    return Object.fromEntries(detailed.map((metric) => [`${metric.dimensions['result']} ${metric.dimensions['outcome']}`, metric.value]));
  }

  it('leaves alone a user who confirmed before the reminder: no reminder, no deletion, no audit entry', async () => {
    const person = await signUp();
    await confirm(person.username, codesFor(person.username)[0] ?? '');

    const result = await run(person.input);

    expect(result.path).to.deep.equal([...UP_TO_REMINDER, S.countConfirmed, S.noLongerUnconfirmed]);
    expect(result.output).to.include({ outcome: REMINDER_OUTCOMES.noLongerUnconfirmed });
    expect(result.output['user']).to.deep.equal({ status: 'CONFIRMED' });
    expect(countsOf(result)).to.deep.equal({ 'accepted confirmed': 1 });
    expect(cognito.requests.get('ResendConfirmationCode') ?? 0).to.equal(0);
    expect(cognito.requests.get('AdminDeleteUser') ?? 0).to.equal(0);
    expect(await statusOf(person.username)).to.equal('CONFIRMED');
    expect(await auditEntries(person.input.accountKey)).to.deep.equal([]);
    expect(dynamo.requests.get('PutItem') ?? 0).to.equal(0);
  });

  it('reminds with a fresh code, and keeps a user who confirms with it before the deletion', async () => {
    const person = await signUp();
    const [signUpCode] = codesFor(person.username);

    const result = await run(person.input, {
      // Between the reminder and the deletion: the user reads the reminder and confirms.
      [S.lookUpBeforeDeletion]: (next) => async (input) => {
        const codes = codesFor(person.username);
        expect(codes).to.have.length(2);
        const reminderCode = codes[1] ?? '';
        expect(reminderCode).to.not.equal(signUpCode);
        // The reminder replaced the expired code: only the new one confirms.
        const stale = await confirm(person.username, signUpCode ?? '').then(
          () => 'confirmed',
          (error: Error) => error.name,
        );
        expect(stale).to.equal('CodeMismatchException');
        await confirm(person.username, reminderCode);
        return next(input);
      },
    });

    expect(result.path).to.deep.equal([...UP_TO_DELETION, S.countConfirmedAfterReminder, S.noLongerUnconfirmed]);
    expect(result.output).to.include({ outcome: REMINDER_OUTCOMES.noLongerUnconfirmed });
    expect(result.output).to.not.have.property('reminderFailure');
    expect(countsOf(result)).to.deep.equal({ 'accepted reminded': 1, 'accepted confirmed-after-reminder': 1 });
    expect(cognito.requests.get('ResendConfirmationCode')).to.equal(1);
    expect(cognito.requests.get('AdminDeleteUser') ?? 0).to.equal(0);
    expect(await statusOf(person.username)).to.equal('CONFIRMED');
    expect(await auditEntries(person.input.accountKey)).to.deep.equal([]);
  });

  it('reminds once, then deletes a user who never confirms and writes one audit entry under the account key', async () => {
    const person = await signUp();

    const result = await run(person.input);

    expect(result.path).to.deep.equal([...UP_TO_DELETION, S.deleteUser, S.recordDeletion, S.countDeletion, S.deleted]);
    expect(result.output).to.include({ outcome: REMINDER_OUTCOMES.deleted });
    // One reminder, sent through the pool's message path: a second code for the same user.
    expect(cognito.requests.get('ResendConfirmationCode')).to.equal(1);
    expect(called(result, 'ResendConfirmationCode').map((call) => call.parameters)).to.deep.equal([
      { ClientId: cognito.clientId, Username: person.username, ClientMetadata: { purpose: 'sign-up-reminder' } },
    ]);
    expect(codesFor(person.username)).to.have.length(2);
    expect(cognito.requests.get('AdminGetUser')).to.equal(2);
    expect(cognito.requests.get('AdminDeleteUser')).to.equal(1);
    expect(await statusOf(person.username)).to.equal('gone');

    const entries = await auditEntries(person.input.accountKey);
    expect(entries).to.have.length(1);
    const [entry] = entries;
    expect(entry).to.deep.equal({
      pk: { S: `ACCT#${person.input.accountKey}` },
      sk: { S: `AUDIT#${ENTERED_TIME}#${result.executionName}` },
      outcome: { S: 'deleted-unconfirmed' },
      [TTL_ATTRIBUTE]: { N: String(person.input.auditExpiresAt) },
    });
    // The same layout as the adapters' audit trail.
    expect(auditKey(person.input.accountKey, Date.parse(ENTERED_TIME), result.executionName)).to.deep.equal({
      pk: `ACCT#${person.input.accountKey}`,
      sk: `AUDIT#${ENTERED_TIME}#${result.executionName}`,
    });
    const stored = JSON.stringify(entry);
    expect(stored).to.not.include(person.username);
    expect(stored).to.not.include(person.email);
    expect(dynamo.requests.get('PutItem')).to.equal(1);
  });

  it('counts the reminder and the deletion of a user who never confirms: each once, under both dimension sets, nothing of the user', async () => {
    const person = await signUp();

    const result = await run(person.input);

    expect(result.output).to.include({ outcome: REMINDER_OUTCOMES.deleted });
    expect(countsOf(result)).to.deep.equal({ 'accepted reminded': 1, 'accepted deleted': 1 });
    const dimensions = (outcome?: string) => ({
      service: 'gatehouse',
      stack: STACK,
      trigger: 'ReminderWorkflow',
      result: 'accepted',
      ...(outcome ? { outcome } : {}),
    });
    expect(result.metrics).to.deep.equal([
      { namespace: 'Gatehouse', metricName: 'Invocations', dimensions: dimensions('reminded'), value: 1 },
      { namespace: 'Gatehouse', metricName: 'Invocations', dimensions: dimensions(), value: 2 },
      { namespace: 'Gatehouse', metricName: 'Invocations', dimensions: dimensions('deleted'), value: 1 },
    ]);
    // Two requests, one per count, each with both data; the reminder's before the wait, the deletion's after the audit.
    expect(called(result, 'PutMetricData').map((call) => call.state)).to.deep.equal([S.countReminder, S.countDeletion]);
    const published = JSON.stringify(result.metrics) + JSON.stringify(called(result, 'PutMetricData'));
    for (const secret of [person.username, person.email, person.input.accountKey, result.executionName]) expect(published).to.not.include(secret);
  });

  it('goes on, and still deletes, when CloudWatch refuses or fails every count', async () => {
    const person = await signUp();
    const refusals: string[] = [];
    const refuse = (name: string) => (_next: TaskHandler) => async () => {
      refusals.push(name);
      throw new TaskFailure('CloudWatch.InternalServiceFaultException', 'Internal service error (Service: CloudWatch, Status Code: 500)');
    };

    const result = await run(person.input, { [S.countReminder]: refuse(S.countReminder), [S.countDeletion]: refuse(S.countDeletion) });

    expect(result.path).to.deep.equal([...UP_TO_DELETION, S.deleteUser, S.recordDeletion, S.countDeletion, S.deleted]);
    expect(result.output).to.include({ outcome: REMINDER_OUTCOMES.deleted });
    expect(await statusOf(person.username)).to.equal('gone');
    expect(await auditEntries(person.input.accountKey)).to.have.length(1);
    // Three attempts each (two quick retries), then given up without a trace in the execution's data.
    expect(refusals).to.deep.equal([S.countReminder, S.countReminder, S.countReminder, S.countDeletion, S.countDeletion, S.countDeletion]);
    expect(result.events.filter((event) => event.type === 'StateRetried')).to.have.length(4);
    expect(Object.keys(result.output)).to.have.members(['userPoolId', 'clientId', 'username', 'accountKey', 'auditExpiresAt', 'user', 'outcome']);
    expect(countsOf(result)).to.deep.equal({});
  });

  it('does not send again a count that timed out (it may have been recorded), and goes on', async () => {
    const person = await signUp();
    await confirm(person.username, codesFor(person.username)[0] ?? '');
    let attempts = 0;
    // The count's own timeout, shortened to a second, runs out on a request that never gets an answer.
    const countConfirmed = definition.States[S.countConfirmed] as TaskState;
    const impatient: StateMachineDefinition = { ...definition, States: { ...definition.States, [S.countConfirmed]: { ...countConfirmed, TimeoutSeconds: 1 } } };

    const result = await run(
      person.input,
      {
        [S.countConfirmed]: () => () => {
          attempts += 1;
          return new Promise<Json>(() => undefined);
        },
      },
      impatient,
    );

    expect(attempts).to.equal(1);
    expect(result.events.find((event) => event.type === 'StateFailed')).to.include({ Error: 'States.Timeout' });
    expect(result.path).to.deep.equal([...UP_TO_REMINDER, S.countConfirmed, S.noLongerUnconfirmed]);
    expect(result.output).to.include({ outcome: REMINDER_OUTCOMES.noLongerUnconfirmed });
  });

  it('refuses, as CloudWatch would, a count the sandbox cannot take, and the workflow still goes on', async () => {
    const person = await signUp();
    await confirm(person.username, codesFor(person.username)[0] ?? '');
    let refusal: string | undefined;

    const result = await run(person.input, {
      [S.countConfirmed]: (next) => async (input) => {
        const reserved = { ...(input as Record<string, Json>), Namespace: 'AWS/States' };
        return next(reserved).catch((error: Error) => {
          refusal = error.name;
          throw error;
        });
      },
    });

    expect(refusal).to.equal('CloudWatch.InvalidParameterValueException');
    expect(result.output).to.include({ outcome: REMINDER_OUTCOMES.noLongerUnconfirmed });
    expect(result.metrics).to.deep.equal([]);
  });

  it('ends as gone for a user who never existed (a sign-up that failed after PreSignUp)', async () => {
    const input = inputFor(randomUUID());

    const result = await run(input);

    expect(result.path).to.deep.equal([S.waitToRemind, S.lookUpBeforeReminder, S.userGone]);
    expect(result.output).to.include({ outcome: REMINDER_OUTCOMES.userGone });
    expect(result.metrics).to.deep.equal([]);
    const caught = result.events.find((event) => event.type === 'StateFailed');
    expect(caught).to.include({ Error: 'CognitoIdentityProvider.UserNotFoundException' });
    expect(cognito.requests.get('AdminGetUser')).to.equal(1);
    expect(cognito.requests.get('ResendConfirmationCode') ?? 0).to.equal(0);
    expect(cognito.requests.get('AdminDeleteUser') ?? 0).to.equal(0);
    expect(dynamo.requests.get('PutItem') ?? 0).to.equal(0);
  });

  it('ends as gone, without an audit entry, when the user is deleted by someone else after the reminder', async () => {
    const person = await signUp();

    const result = await run(person.input, {
      [S.lookUpBeforeDeletion]: (next) => async (input) => {
        await admin.send(new AdminDeleteUserCommand({ UserPoolId: cognito.userPoolId, Username: person.username }));
        return next(input);
      },
    });

    expect(result.path).to.deep.equal([...UP_TO_DELETION.slice(0, -1), S.userGone]);
    expect(countsOf(result)).to.deep.equal({ 'accepted reminded': 1 });
    expect(result.output).to.include({ outcome: REMINDER_OUTCOMES.userGone });
    expect(await auditEntries(person.input.accountKey)).to.deep.equal([]);
  });

  it('ends as gone when the user disappears between the last lookup and the deletion', async () => {
    const person = await signUp();

    const result = await run(person.input, {
      [S.deleteUser]: (next) => async (input) => {
        await admin.send(new AdminDeleteUserCommand({ UserPoolId: cognito.userPoolId, Username: person.username }));
        return next(input);
      },
    });

    expect(result.path).to.deep.equal([...UP_TO_DELETION, S.deleteUser, S.userGone]);
    expect(countsOf(result)).to.deep.equal({ 'accepted reminded': 1 });
    expect(result.events.filter((event) => event.type === 'StateFailed')).to.have.length(1);
    expect(result.events.find((event) => event.type === 'StateFailed')).to.include({
      Error: 'CognitoIdentityProvider.UserNotFoundException',
    });
    expect(await auditEntries(person.input.accountKey)).to.deep.equal([]);
  });

  it('retries a throttled lookup with backoff and carries on when the retry succeeds', async () => {
    const person = await signUp();
    await confirm(person.username, codesFor(person.username)[0] ?? '');
    cognito.failNext('AdminGetUser', 'TooManyRequestsException');

    const result = await run(person.input);

    const lookups = result.events.filter((event) => 'state' in event && event.state.name === S.lookUpBeforeReminder);
    expect(lookups.map((event) => event.type)).to.deep.equal(['StateEntered', 'StateFailed', 'StateRetried', 'StateExited']);
    expect(lookups[1]).to.include({ Error: 'CognitoIdentityProvider.TooManyRequestsException' });
    const retried = lookups[2];
    expect(retried?.type === 'StateRetried' ? retried.retry.retrier.ErrorEquals : []).to.include(
      'CognitoIdentityProvider.TooManyRequestsException',
    );
    // The throttled request reached Cognito, and so did its retry.
    expect(cognito.requests.get('AdminGetUser')).to.equal(2);
    expect(called(result, 'AdminGetUser')).to.have.length(2);
    expect(result.path).to.deep.equal([...UP_TO_REMINDER, S.countConfirmed, S.noLongerUnconfirmed]);
    expect(result.output).to.include({ outcome: REMINDER_OUTCOMES.noLongerUnconfirmed });
  });

  it('retries a throttled audit write and writes the entry once', async () => {
    const person = await signUp();
    let refusals = 0;

    const result = await run(person.input, {
      // Throttled as DynamoDB answers it, named as the optimized integration names it.
      [S.recordDeletion]: (next) => async (input) => {
        if (refusals === 0) {
          refusals += 1;
          throw stepFunctionsError(
            'optimized',
            'DynamoDB',
            new ProvisionedThroughputExceededException({ message: 'Rate of requests exceeds the allowed throughput.', $metadata: {} }),
          );
        }
        return next(input);
      },
    });

    const failed = result.events.filter((event) => event.type === 'StateFailed');
    expect(failed).to.have.length(1);
    expect(failed[0]).to.include({ Error: 'DynamoDB.ProvisionedThroughputExceededException' });
    expect(result.events.filter((event) => event.type === 'StateRetried')).to.have.length(1);
    expect(result.output).to.include({ outcome: REMINDER_OUTCOMES.deleted });
    expect(await auditEntries(person.input.accountKey)).to.have.length(1);
  });

  for (const refusal of ['LimitExceededException', 'CodeDeliveryFailureException', 'NotAuthorizedException']) {
    it(`goes on to the deletion when the reminder fails (${refusal})`, async () => {
      const person = await signUp();
      cognito.failNext('ResendConfirmationCode', refusal);

      const result = await run(person.input);

      expect(result.path).to.deep.equal([...UP_TO_REMINDER, S.sendReminder, S.countReminderFailure, ...AFTER_REMINDER, S.deleteUser, S.recordDeletion, S.countDeletion, S.deleted]);
      expect(result.output['reminderFailure']).to.deep.include({ Error: `CognitoIdentityProvider.${refusal}` });
      expect(countsOf(result)).to.deep.equal({ 'failed reminder-failed': 1, 'accepted deleted': 1 });
      expect(result.output).to.include({ outcome: REMINDER_OUTCOMES.deleted });
      // Not retried: the refusal is Cognito's answer, not a passing fault.
      expect(cognito.requests.get('ResendConfirmationCode')).to.equal(1);
      expect(codesFor(person.username)).to.have.length(1);
      expect(await statusOf(person.username)).to.equal('gone');
      expect(await auditEntries(person.input.accountKey)).to.have.length(1);
    });
  }
});

describe('test support: the SDK integration executor', () => {
  const noClient = { client: () => ({ send: () => Promise.reject(new Error('not called')) }), commands: {} };
  const task = (Resource: string) => ({ States: { Step: { Type: 'Task', Resource } } });

  it('refuses, before anything runs, a Resource it cannot call, a service without a client, an action its SDK lacks', () => {
    expect(() => sdkIntegrationHandlers(task('arn:aws:states:::lambda:invoke'), { services: {} })).to.throw(/not a request-response/);
    expect(() => sdkIntegrationHandlers(task('arn:aws:states:::aws-sdk:s3:getObject.waitForTaskToken'), { services: {} })).to.throw(
      /not a request-response/,
    );
    expect(() => sdkIntegrationHandlers(task('arn:aws:states:::aws-sdk:s3:getObject'), { services: {} })).to.throw(/no client was given/);
    expect(() =>
      sdkIntegrationHandlers(task('arn:aws:states:::aws-sdk:cognitoidentityprovider:adminEatUser'), {
        services: { cognitoidentityprovider: { ...noClient, commands: cognitoSdk } },
      }),
    ).to.throw(/has no AdminEatUserCommand/);
  });

  it('answers a Resource given a local handler itself, with no client, telling onCall as for any call', async () => {
    const calls: IntegrationCall[] = [];
    const seen: Json[] = [];
    const handlers = sdkIntegrationHandlers(task(PUT_METRIC_DATA), {
      services: {},
      local: { [PUT_METRIC_DATA]: async (input) => (seen.push(input), { answered: 'here' }) },
      onCall: (call) => calls.push(call),
    });
    expect(await (handlers['Step'] as TaskHandler)({ Namespace: 'Gatehouse' })).to.deep.equal({ answered: 'here' });
    expect(seen).to.deep.equal([{ Namespace: 'Gatehouse' }]);
    expect(calls).to.deep.equal([{ state: 'Step', resource: PUT_METRIC_DATA, service: 'cloudwatch', action: 'PutMetricData', parameters: { Namespace: 'Gatehouse' } }]);
  });

  it('finds the Tasks of Parallel branches and Map iterators too', () => {
    const nested = {
      States: {
        Fan: { Type: 'Parallel', Branches: [task('arn:aws:states:::dynamodb:getItem')] },
        Each: { Type: 'Map', ItemProcessor: { States: { Inner: { Type: 'Task', Resource: 'arn:aws:states:::dynamodb:deleteItem' } } } },
      },
    };
    expect(Object.keys(sdkIntegrationHandlers(nested, { services: { dynamodb: { ...noClient, commands: dynamoSdk } } }))).to.have.members([
      'Step',
      'Inner',
    ]);
  });

  it('names errors as Step Functions does', () => {
    const serviceError = (name: string) => Object.assign(new Error('refused'), { name, $metadata: { httpStatusCode: 400, requestId: 'r-1' } });
    expect(stepFunctionsError('aws-sdk', 'CognitoIdentityProvider', serviceError('UserNotFoundException'))).to.include({
      name: 'CognitoIdentityProvider.UserNotFoundException',
      message: 'refused (Service: CognitoIdentityProvider, Status Code: 400, Request ID: r-1)',
    });
    // The SDK integrations always end an error name with Exception; the optimized ones keep DynamoDB's code.
    expect(stepFunctionsError('aws-sdk', 'S3', serviceError('NoSuchKey')).name).to.equal('S3.NoSuchKeyException');
    expect(stepFunctionsError('optimized', 'DynamoDB', serviceError('InternalServerError')).name).to.equal('DynamoDB.InternalServerError');
    expect(stepFunctionsError('aws-sdk', 'X', new Error('connect ECONNREFUSED')).name).to.equal('States.TaskFailed');
  });

  describe('against dynalite', () => {
    let dynamo: DynaliteHandle;
    let client: DynamoDBClient;
    before(async () => {
      dynamo = await startDynalite();
      client = new DynamoDBClient({ endpoint: dynamo.endpoint, maxAttempts: 1 });
    });
    after(async () => {
      client?.destroy();
      await dynamo?.stop();
    });

    const put = () =>
      sdkIntegrationHandlers(task('arn:aws:states:::dynamodb:putItem'), { services: { dynamodb: { client: () => client, commands: dynamoSdk } } })[
        'Step'
      ] as TaskHandler;

    it('returns the output without the SDK’s metadata, and rethrows a refusal under the integration’s name', async () => {
      const item = { pk: { S: 'ACCT#k' }, sk: { S: 'AUDIT#t#1' } };
      const input = { TableName: dynamo.tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' };
      expect(await put()(input)).to.deep.equal({});
      const refusal = await put()(input).then(
        () => undefined,
        (error: Error) => error,
      );
      expect(refusal?.name).to.equal('DynamoDB.ConditionalCheckFailedException');
      expect(refusal?.message).to.match(/^The conditional request failed \(Service: DynamoDB, Status Code: 400, Request ID: /);
    });
  });
});
