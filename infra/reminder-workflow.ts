/**
 * The sign-up reminder workflow as an Amazon States Language definition: a pure function of its timing
 * and the table's name, so that tests (and local stand-ins) run the very definition infra deploys.
 *
 * One STANDARD execution per self sign-up, started by the PreSignUp trigger with the input below. It
 * waits, looks the user up, reminds a user who is still unconfirmed (Cognito sends a fresh code: the one
 * from sign-up expires after 24 hours), waits again, and deletes a user who is still unconfirmed, writing
 * an audit entry under the account. Every step is a direct service integration: no Lambda function.
 *
 * Its outcomes are counted as the triggers' are (namespace `Gatehouse`, metric `Invocations`, trigger
 * `ReminderWorkflow`): a Task calls CloudWatch's PutMetricData after each step worth counting. A count
 * that cannot be published is given up, never a reason to fail or hold up the workflow.
 *
 * The key layout restates adapters/dynamodb/table-keys.ts (infra may not import adapters): `ACCT#<key>`
 * and `AUDIT#<ISO time>#<id>`. The execution test holds the two together.
 */

import { GATEHOUSE_NAMESPACE } from './alarms';
import { SERVICE_NAME } from './function-environment';

/** What the PreSignUp trigger starts an execution with. */
export interface ReminderExecutionInput {
  readonly userPoolId: string;
  readonly clientId: string;
  readonly username: string;
  /** The account's key (see `AccountKeys`): the audit entry is kept under it, never under the username. */
  readonly accountKey: string;
  /** Epoch seconds: when DynamoDB may expire the audit entry (the table's TTL attribute). */
  readonly auditExpiresAt: number;
}

export const DEFAULT_REMIND_AFTER_SECONDS = 24 * 60 * 60;
export const DEFAULT_DELETE_AFTER_SECONDS = 7 * 24 * 60 * 60;

/** Every Task is a single request to Cognito or DynamoDB: half a minute is generous. */
export const TASK_TIMEOUT_SECONDS = 30;

/**
 * State names: stable, so that tests and local stand-ins can override the waits by name
 * (`waitTimeOverrides`) and read an execution's path.
 */
export const REMINDER_STATES = {
  waitToRemind: 'WaitToRemind',
  lookUpBeforeReminder: 'LookUpBeforeReminder',
  unconfirmedBeforeReminder: 'UnconfirmedBeforeReminder',
  sendReminder: 'SendReminder',
  waitToDelete: 'WaitToDelete',
  lookUpBeforeDeletion: 'LookUpBeforeDeletion',
  unconfirmedBeforeDeletion: 'UnconfirmedBeforeDeletion',
  deleteUser: 'DeleteUser',
  recordDeletion: 'RecordDeletion',
  deleted: 'Deleted',
  noLongerUnconfirmed: 'NoLongerUnconfirmed',
  countConfirmed: 'CountConfirmed',
  countReminder: 'CountReminder',
  countReminderFailure: 'CountReminderFailure',
  countConfirmedAfterReminder: 'CountConfirmedAfterReminder',
  countDeletion: 'CountDeletion',
  userGone: 'UserGone',
} as const;

export type ReminderStateName = (typeof REMINDER_STATES)[keyof typeof REMINDER_STATES];

/** The two Wait states: the only ones that take real time. */
export const REMINDER_WAIT_STATES: readonly ReminderStateName[] = [REMINDER_STATES.waitToRemind, REMINDER_STATES.waitToDelete];

/** What an execution ends with, in its output's `outcome`. */
export const REMINDER_OUTCOMES = {
  deleted: 'deleted-unconfirmed',
  noLongerUnconfirmed: 'no-longer-unconfirmed',
  userGone: 'user-gone',
} as const;

/** The `trigger` dimension of the workflow's counts: it stands beside the Lambda triggers on the dashboard. */
export const REMINDER_WORKFLOW_TRIGGER = 'ReminderWorkflow';

/**
 * What the workflow counts, as the `result` and `outcome` dimensions of `Invocations`. A reminder Cognito
 * would not send is a `failed` result: every later one will likely fail the same way (a client with a
 * secret, a pool that cannot deliver), which is worth seeing before the deletions start. A user who was
 * gone is not counted: someone else deleted them, or the sign-up never completed.
 */
export const REMINDER_COUNTS = {
  confirmed: { result: 'accepted', outcome: 'confirmed' },
  reminded: { result: 'accepted', outcome: 'reminded' },
  reminderFailed: { result: 'failed', outcome: 'reminder-failed' },
  confirmedAfterReminder: { result: 'accepted', outcome: 'confirmed-after-reminder' },
  deleted: { result: 'accepted', outcome: 'deleted' },
} as const;

export type ReminderCount = (typeof REMINDER_COUNTS)[keyof typeof REMINDER_COUNTS];

/**
 * The dimension sets each count is published under: those the triggers' boundary publishes
 * `Invocations` under (handlers/boundary/trigger-metrics.ts, which infra may not import), each after
 * `service` and `stack`, so that the dashboard's searches and any alarm read the workflow like a trigger.
 */
export const REMINDER_COUNT_DIMENSION_SETS = [
  ['service', 'stack', 'trigger', 'result', 'outcome'],
  ['service', 'stack', 'trigger', 'result'],
] as const;

/** The Task resource that publishes a count. */
export const PUT_METRIC_DATA = 'arn:aws:states:::aws-sdk:cloudwatch:putMetricData';

/** A count is one small request; it gives up long before the steps around it would. */
export const COUNT_TIMEOUT_SECONDS = 10;

/** The audit entry's `outcome` attribute, the same word as the execution's outcome. */
export const AUDIT_OUTCOME = REMINDER_OUTCOMES.deleted;

/**
 * Error names as Step Functions reports them: `<Service>.<Error>` for AWS SDK integrations, the service
 * in PascalCase and the error with its `Exception` suffix
 * (https://docs.aws.amazon.com/step-functions/latest/dg/supported-services-awssdk.html); Cognito's
 * errors are those of its API reference.
 */
export const COGNITO_ERRORS = {
  userNotFound: 'CognitoIdentityProvider.UserNotFoundException',
  tooManyRequests: 'CognitoIdentityProvider.TooManyRequestsException',
  internalError: 'CognitoIdentityProvider.InternalErrorException',
} as const;

/**
 * The optimized DynamoDB integration names errors `DynamoDB.<error>`. Throughput and throttling errors
 * are worth retrying; where DynamoDB's error code and the SDK's exception class differ
 * (`InternalServerError`, `RequestLimitExceeded`), both spellings are listed, and
 * `DynamoDB.AmazonDynamoDBException` is what the integration reports for errors it has no name for.
 */
export const DYNAMODB_TRANSIENT_ERRORS = [
  'DynamoDB.ProvisionedThroughputExceededException',
  'DynamoDB.ThrottlingException',
  'DynamoDB.RequestLimitExceeded',
  'DynamoDB.RequestLimitExceededException',
  'DynamoDB.InternalServerError',
  'DynamoDB.InternalServerErrorException',
  'DynamoDB.AmazonDynamoDBException',
] as const;

// The subset of the States Language this definition uses.
export interface Retrier {
  readonly ErrorEquals: readonly string[];
  readonly IntervalSeconds: number;
  readonly BackoffRate: number;
  readonly MaxAttempts: number;
  readonly MaxDelaySeconds: number;
  readonly JitterStrategy: 'FULL' | 'NONE';
}

export interface Catcher {
  readonly ErrorEquals: readonly string[];
  readonly Next: string;
  readonly ResultPath: string | null;
}

export interface TaskState {
  readonly Type: 'Task';
  readonly Comment?: string;
  readonly Resource: string;
  readonly Parameters: Readonly<Record<string, unknown>>;
  readonly ResultSelector?: Readonly<Record<string, string>>;
  readonly ResultPath: string | null;
  readonly TimeoutSeconds: number;
  readonly Retry: readonly Retrier[];
  readonly Catch?: readonly Catcher[];
  readonly Next: string;
}

export interface WaitState {
  readonly Type: 'Wait';
  readonly Comment?: string;
  readonly Seconds: number;
  readonly Next: string;
}

export interface ChoiceState {
  readonly Type: 'Choice';
  readonly Comment?: string;
  readonly Choices: readonly { readonly Variable: string; readonly StringEquals: string; readonly Next: string }[];
  readonly Default: string;
}

export interface EndState {
  readonly Type: 'Pass';
  readonly Comment?: string;
  readonly Result: string;
  readonly ResultPath: string;
  readonly End: true;
}

export type ReminderState = TaskState | WaitState | ChoiceState | EndState;

export interface StateMachineDefinition {
  readonly Comment: string;
  readonly StartAt: string;
  readonly States: Readonly<Record<string, ReminderState>>;
}

export interface ReminderWorkflowOptions {
  /** From sign-up to the reminder; default 24 hours. */
  readonly remindAfterSeconds?: number;
  /** From the reminder to the deletion; default 7 days. */
  readonly deleteAfterSeconds?: number;
  /** The single table the audit entry goes to. */
  readonly tableName: string;
  /** The Pulumi stack: the `stack` dimension of the workflow's counts. */
  readonly stack: string;
}

export interface ReminderTiming {
  readonly remindAfterSeconds: number;
  readonly deleteAfterSeconds: number;
}

// A STANDARD execution may run for a year. Both waits together stay a day short of that, which leaves
// room for every retry of every Task.
const MAX_EXECUTION_SECONDS = 365 * 24 * 60 * 60;
const RETRY_ALLOWANCE_SECONDS = 24 * 60 * 60;
export const MAX_TOTAL_WAIT_SECONDS = MAX_EXECUTION_SECONDS - RETRY_ALLOWANCE_SECONDS;

export class ReminderWorkflowError extends Error {
  override readonly name = 'ReminderWorkflowError';
}

function wholeSeconds(what: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new ReminderWorkflowError(`${what} must be a whole number of seconds, at least 1 (got ${String(value)})`);
  }
  return value;
}

/** The two waits, defaulted and checked: whole seconds, and both within one STANDARD execution. */
export function reminderTiming(options: Partial<ReminderTiming> = {}): ReminderTiming {
  const remindAfterSeconds = wholeSeconds('remindAfterSeconds', options.remindAfterSeconds ?? DEFAULT_REMIND_AFTER_SECONDS);
  const deleteAfterSeconds = wholeSeconds('deleteAfterSeconds', options.deleteAfterSeconds ?? DEFAULT_DELETE_AFTER_SECONDS);
  if (remindAfterSeconds + deleteAfterSeconds > MAX_TOTAL_WAIT_SECONDS) {
    throw new ReminderWorkflowError(
      `remindAfterSeconds + deleteAfterSeconds is ${remindAfterSeconds + deleteAfterSeconds} seconds: at most ` +
        `${MAX_TOTAL_WAIT_SECONDS} fit in one Step Functions execution (a year, less a day for retries)`,
    );
  }
  return { remindAfterSeconds, deleteAfterSeconds };
}

function checkedTableName(tableName: string): string {
  // DynamoDB's CreateTable rule.
  if (!/^[A-Za-z0-9_.-]{3,255}$/.test(tableName)) {
    throw new ReminderWorkflowError(`tableName "${tableName}" is not a DynamoDB table name (3 to 255 of A-Z a-z 0-9 _ . -)`);
  }
  return tableName;
}

function checkedStack(stack: string): string {
  // Pulumi's rule for a stack name; also a valid CloudWatch dimension value.
  if (!/^[A-Za-z0-9_.-]{1,100}$/.test(stack)) {
    throw new ReminderWorkflowError(`stack "${stack}" is not a Pulumi stack name (1 to 100 of A-Z a-z 0-9 _ . -)`);
  }
  return stack;
}

const cognito = (action: string) => `arn:aws:states:::aws-sdk:cognitoidentityprovider:${action}`;

// Exponential backoff with full jitter: 2 s, 4 s, 8 s … capped at a minute, so that throttled executions
// started together do not come back together.
const backoff = (errors: readonly string[], maxAttempts: number): Retrier => ({
  ErrorEquals: errors,
  IntervalSeconds: 2,
  BackoffRate: 2,
  MaxAttempts: maxAttempts,
  MaxDelaySeconds: 60,
  JitterStrategy: 'FULL',
});

// A lookup or a deletion may be repeated after a timeout: the second attempt does no harm.
const COGNITO_RETRY = backoff([COGNITO_ERRORS.tooManyRequests, COGNITO_ERRORS.internalError, 'States.Timeout'], 6);
// A reminder that timed out may have been sent: it is not sent twice, and a failed one is caught below.
const REMINDER_RETRY = backoff([COGNITO_ERRORS.tooManyRequests, COGNITO_ERRORS.internalError], 3);
const TABLE_RETRY = backoff([...DYNAMODB_TRANSIENT_ERRORS, 'States.Timeout'], 6);

// A count that failed for want of an answer may have been recorded: it is not sent again (States.TaskFailed
// matches every error but States.Timeout). Any other failure is retried twice, quickly, then given up.
const COUNT_RETRY: Retrier = {
  ErrorEquals: ['States.TaskFailed'],
  IntervalSeconds: 1,
  BackoffRate: 2,
  MaxAttempts: 2,
  MaxDelaySeconds: 4,
  JitterStrategy: 'FULL',
};

/**
 * Publishes one count of `Invocations` under each of the triggers' dimension sets: only words the code
 * chooses, nothing of the execution's data. Whatever happens, the workflow goes on to `next`.
 */
function count(stack: string, counted: ReminderCount, next: string): TaskState {
  const values: Readonly<Record<string, string>> = { service: SERVICE_NAME, stack, trigger: REMINDER_WORKFLOW_TRIGGER, ...counted };
  return {
    Type: 'Task',
    Comment: `Counts ${counted.outcome} (namespace ${GATEHOUSE_NAMESPACE}); a count that cannot be published is given up`,
    Resource: PUT_METRIC_DATA,
    Parameters: {
      Namespace: GATEHOUSE_NAMESPACE,
      MetricData: REMINDER_COUNT_DIMENSION_SETS.map((set) => ({
        MetricName: 'Invocations',
        Unit: 'Count',
        Value: 1,
        Dimensions: set.map((name) => ({ Name: name, Value: values[name] })),
      })),
    },
    ResultPath: null,
    TimeoutSeconds: COUNT_TIMEOUT_SECONDS,
    Retry: [COUNT_RETRY],
    Catch: [{ ErrorEquals: ['States.ALL'], Next: next, ResultPath: null }],
    Next: next,
  };
}

const whenGone: Catcher = { ErrorEquals: [COGNITO_ERRORS.userNotFound], Next: REMINDER_STATES.userGone, ResultPath: null };

const user = { 'UserPoolId.$': '$.userPoolId', 'Username.$': '$.username' };

function lookUp(next: string): TaskState {
  return {
    Type: 'Task',
    Comment: 'The user as Cognito has it now; only the status is kept',
    Resource: cognito('adminGetUser'),
    Parameters: user,
    ResultSelector: { 'status.$': '$.UserStatus' },
    ResultPath: '$.user',
    TimeoutSeconds: TASK_TIMEOUT_SECONDS,
    Retry: [COGNITO_RETRY],
    // Also the sign-up that failed after PreSignUp: that user never existed.
    Catch: [whenGone],
    Next: next,
  };
}

function stillUnconfirmed(next: string, otherwise: string): ChoiceState {
  return {
    Type: 'Choice',
    Comment: 'Confirmed (or changed in any other way) since: nothing left to do',
    Choices: [{ Variable: '$.user.status', StringEquals: 'UNCONFIRMED', Next: next }],
    Default: otherwise,
  };
}

const end = (outcome: string, comment: string): EndState => ({
  Type: 'Pass',
  Comment: comment,
  Result: outcome,
  ResultPath: '$.outcome',
  End: true,
});

/** The workflow's definition (serialise it with `JSON.stringify` for the state machine). */
export function reminderWorkflowDefinition(options: ReminderWorkflowOptions): StateMachineDefinition {
  const { remindAfterSeconds, deleteAfterSeconds } = reminderTiming(options);
  const tableName = checkedTableName(options.tableName);
  const stack = checkedStack(options.stack);
  const S = REMINDER_STATES;
  return {
    Comment: 'Gatehouse: remind an unconfirmed self sign-up once, then delete it if it stays unconfirmed',
    StartAt: S.waitToRemind,
    States: {
      [S.waitToRemind]: { Type: 'Wait', Seconds: remindAfterSeconds, Next: S.lookUpBeforeReminder },
      [S.lookUpBeforeReminder]: lookUp(S.unconfirmedBeforeReminder),
      [S.unconfirmedBeforeReminder]: stillUnconfirmed(S.sendReminder, S.countConfirmed),
      [S.countConfirmed]: count(stack, REMINDER_COUNTS.confirmed, S.noLongerUnconfirmed),
      [S.sendReminder]: {
        Type: 'Task',
        Comment: 'Cognito sends a fresh code through the pool’s usual message path (the first one has expired)',
        Resource: cognito('resendConfirmationCode'),
        Parameters: {
          'ClientId.$': '$.clientId',
          'Username.$': '$.username',
          // Reaches a CustomMessage trigger, which sees CustomMessage_ResendCode for a user's own resend too.
          ClientMetadata: { purpose: 'sign-up-reminder' },
        },
        ResultPath: null,
        TimeoutSeconds: TASK_TIMEOUT_SECONDS,
        Retry: [REMINDER_RETRY],
        // A reminder that cannot be sent (LimitExceeded, CodeDeliveryFailure, NotAuthorized for a client with a
        // secret, …) must not keep an unconfirmed account alive: the workflow goes on to the deletion.
        Catch: [whenGone, { ErrorEquals: ['States.ALL'], Next: S.countReminderFailure, ResultPath: '$.reminderFailure' }],
        Next: S.countReminder,
      },
      [S.countReminder]: count(stack, REMINDER_COUNTS.reminded, S.waitToDelete),
      [S.countReminderFailure]: count(stack, REMINDER_COUNTS.reminderFailed, S.waitToDelete),
      [S.waitToDelete]: { Type: 'Wait', Seconds: deleteAfterSeconds, Next: S.lookUpBeforeDeletion },
      [S.lookUpBeforeDeletion]: lookUp(S.unconfirmedBeforeDeletion),
      [S.unconfirmedBeforeDeletion]: stillUnconfirmed(S.deleteUser, S.countConfirmedAfterReminder),
      [S.countConfirmedAfterReminder]: count(stack, REMINDER_COUNTS.confirmedAfterReminder, S.noLongerUnconfirmed),
      [S.deleteUser]: {
        Type: 'Task',
        Resource: cognito('adminDeleteUser'),
        Parameters: user,
        ResultPath: null,
        TimeoutSeconds: TASK_TIMEOUT_SECONDS,
        Retry: [COGNITO_RETRY],
        Catch: [whenGone],
        Next: S.recordDeletion,
      },
      [S.recordDeletion]: {
        Type: 'Task',
        Comment: 'The audit entry: under the account key, never the username; written again it replaces itself',
        Resource: 'arn:aws:states:::dynamodb:putItem',
        Parameters: {
          TableName: tableName,
          Item: {
            pk: { 'S.$': "States.Format('ACCT#{}', $.accountKey)" },
            sk: { 'S.$': "States.Format('AUDIT#{}#{}', $$.State.EnteredTime, $$.Execution.Name)" },
            outcome: { S: AUDIT_OUTCOME },
            expiresAt: { 'N.$': "States.Format('{}', $.auditExpiresAt)" },
          },
        },
        ResultPath: null,
        TimeoutSeconds: TASK_TIMEOUT_SECONDS,
        // No Catch: an entry that cannot be written fails the execution, where an alarm can see it.
        Retry: [TABLE_RETRY],
        Next: S.countDeletion,
      },
      [S.countDeletion]: count(stack, REMINDER_COUNTS.deleted, S.deleted),
      [S.deleted]: end(REMINDER_OUTCOMES.deleted, 'Deleted while still unconfirmed, and audited'),
      [S.noLongerUnconfirmed]: end(REMINDER_OUTCOMES.noLongerUnconfirmed, 'Confirmed in time'),
      [S.userGone]: end(REMINDER_OUTCOMES.userGone, 'Deleted by someone else, or never created'),
    },
  };
}
