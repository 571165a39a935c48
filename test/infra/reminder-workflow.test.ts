import { expect } from 'chai';
import {
  AUDIT_OUTCOME,
  COGNITO_ERRORS,
  COUNT_TIMEOUT_SECONDS,
  DEFAULT_DELETE_AFTER_SECONDS,
  DEFAULT_REMIND_AFTER_SECONDS,
  MAX_TOTAL_WAIT_SECONDS,
  PUT_METRIC_DATA,
  REMINDER_COUNT_DIMENSION_SETS,
  REMINDER_COUNTS,
  REMINDER_OUTCOMES,
  REMINDER_STATES,
  REMINDER_WAIT_STATES,
  REMINDER_WORKFLOW_TRIGGER,
  reminderTiming,
  reminderWorkflowDefinition,
  ReminderWorkflowError,
  TASK_TIMEOUT_SECONDS,
  type ReminderState,
  type StateMachineDefinition,
  type TaskState,
} from '../../infra/reminder-workflow';
import {
  actionsOf,
  arnAccount,
  iamActionOf,
  logDeliveryStatement,
  metricActionsOf,
  metricNamespacesOf,
  poolActionsOf,
  reminderWorkflowAssumeRolePolicy,
  reminderWorkflowLoggingPolicy,
  reminderWorkflowPolicy,
  tableActionsOf,
} from '../../infra/reminder-workflow-policy';
import { DIMENSION_SETS, METRICS_NAMESPACE } from '../../handlers/boundary/trigger-metrics';

const TABLE_ARN = 'arn:aws:dynamodb:eu-west-1:123456789012:table/gatehouse-dev';
const POOL_ARN = 'arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_abcdefghi';
const S = REMINDER_STATES;

const definition = reminderWorkflowDefinition({ tableName: 'gatehouse-dev', stack: 'dev' });
const stateOf = (name: string, from: StateMachineDefinition = definition): ReminderState => {
  const state = from.States[name];
  if (state === undefined) throw new Error(`no state ${name}`);
  return state;
};
const taskOf = (name: string): TaskState => {
  const state = stateOf(name);
  if (state.Type !== 'Task') throw new Error(`${name} is a ${state.Type}`);
  return state;
};
const tasks = Object.entries(definition.States).filter((entry): entry is [string, TaskState] => entry[1].Type === 'Task');
const nextOf = (state: ReminderState): string[] => {
  switch (state.Type) {
    case 'Task':
      return [state.Next, ...(state.Catch ?? []).map((catcher) => catcher.Next)];
    case 'Wait':
      return [state.Next];
    case 'Choice':
      return [...state.Choices.map((choice) => choice.Next), state.Default];
    case 'Pass':
      return [];
  }
};

describe('infra: the reminder workflow definition', () => {
  describe('timing', () => {
    it('waits a day before the reminder and a week after it, by default', () => {
      expect(stateOf(S.waitToRemind)).to.include({ Type: 'Wait', Seconds: DEFAULT_REMIND_AFTER_SECONDS });
      expect(stateOf(S.waitToDelete)).to.include({ Type: 'Wait', Seconds: DEFAULT_DELETE_AFTER_SECONDS });
      expect([DEFAULT_REMIND_AFTER_SECONDS, DEFAULT_DELETE_AFTER_SECONDS]).to.deep.equal([86_400, 604_800]);
    });

    it('takes the waits it is given, the deletion counted from the reminder', () => {
      const tuned = reminderWorkflowDefinition({ remindAfterSeconds: 3_600, deleteAfterSeconds: 172_800, tableName: 't-1', stack: 'dev' });
      expect(stateOf(S.waitToRemind, tuned)).to.include({ Seconds: 3_600, Next: S.lookUpBeforeReminder });
      expect(stateOf(S.waitToDelete, tuned)).to.include({ Seconds: 172_800, Next: S.lookUpBeforeDeletion });
      expect(nextOf(stateOf(S.sendReminder, tuned))).to.deep.equal([S.countReminder, S.userGone, S.countReminderFailure]);
      expect(nextOf(stateOf(S.countReminder, tuned))).to.deep.equal([S.waitToDelete, S.waitToDelete]);
    });

    for (const [what, options] of [
      ['a fraction of a second', { remindAfterSeconds: 1.5 }],
      ['zero', { deleteAfterSeconds: 0 }],
      ['a negative wait', { remindAfterSeconds: -60 }],
      ['NaN', { deleteAfterSeconds: Number.NaN }],
      ['infinity', { remindAfterSeconds: Number.POSITIVE_INFINITY }],
    ] as const) {
      it(`refuses ${what}`, () => {
        expect(() => reminderWorkflowDefinition({ ...options, tableName: 'gatehouse-dev', stack: 'dev' })).to.throw(
          ReminderWorkflowError,
          /must be a whole number of seconds, at least 1/,
        );
      });
    }

    it('refuses waits that do not fit in one STANDARD execution (a year, less a day for retries)', () => {
      const fits = { remindAfterSeconds: MAX_TOTAL_WAIT_SECONDS - 604_800, deleteAfterSeconds: 604_800 };
      expect(reminderTiming(fits)).to.deep.equal(fits);
      expect(() => reminderTiming({ ...fits, deleteAfterSeconds: 604_801 })).to.throw(ReminderWorkflowError, /at most 31449600 fit/);
      expect(MAX_TOTAL_WAIT_SECONDS).to.equal(364 * 86_400);
    });

    it('refuses a table name DynamoDB would refuse', () => {
      for (const tableName of ['', 'ab', 'has space', 'a/b', 'x'.repeat(256)]) {
        expect(() => reminderWorkflowDefinition({ tableName, stack: 'dev' }), tableName).to.throw(ReminderWorkflowError, /not a DynamoDB table name/);
      }
    });

    it('refuses a stack name Pulumi would refuse (it becomes a dimension value)', () => {
      for (const stack of ['', 'has space', 'a/b', 'x'.repeat(101)]) {
        expect(() => reminderWorkflowDefinition({ tableName: 'gatehouse-dev', stack }), stack).to.throw(ReminderWorkflowError, /not a Pulumi stack name/);
      }
      expect(() => reminderWorkflowDefinition({ tableName: 'gatehouse-dev', stack: 'org.prod_2-eu' })).to.not.throw();
    });
  });

  describe('shape', () => {
    it('has exactly the exported states, starting with the first wait', () => {
      expect(Object.keys(definition.States)).to.have.members(Object.values(REMINDER_STATES));
      expect(definition.StartAt).to.equal(S.waitToRemind);
      for (const name of REMINDER_WAIT_STATES) expect(stateOf(name).Type, name).to.equal('Wait');
      expect(Object.values(definition.States).filter((state) => state.Type === 'Wait')).to.have.length(REMINDER_WAIT_STATES.length);
    });

    it('links every transition to a state, reaches every state, and ends only in the three outcomes', () => {
      const reached = new Set<string>();
      const visit = (name: string) => {
        if (reached.has(name)) return;
        reached.add(name);
        nextOf(stateOf(name)).forEach(visit);
      };
      visit(definition.StartAt);
      expect([...reached]).to.have.members(Object.keys(definition.States));
      const ends = Object.entries(definition.States).filter(([, state]) => state.Type === 'Pass');
      expect(Object.fromEntries(ends.map(([name, state]) => [name, state.Type === 'Pass' ? state.Result : undefined]))).to.deep.equal({
        [S.deleted]: REMINDER_OUTCOMES.deleted,
        [S.noLongerUnconfirmed]: REMINDER_OUTCOMES.noLongerUnconfirmed,
        [S.userGone]: REMINDER_OUTCOMES.userGone,
      });
    });

    it('follows the issue: look up, remind only the unconfirmed, wait, look up, delete only the unconfirmed, audit', () => {
      expect(nextOf(stateOf(S.lookUpBeforeReminder))).to.deep.equal([S.unconfirmedBeforeReminder, S.userGone]);
      expect(stateOf(S.unconfirmedBeforeReminder)).to.deep.include({
        Choices: [{ Variable: '$.user.status', StringEquals: 'UNCONFIRMED', Next: S.sendReminder }],
        Default: S.countConfirmed,
      });
      expect(nextOf(stateOf(S.lookUpBeforeDeletion))).to.deep.equal([S.unconfirmedBeforeDeletion, S.userGone]);
      expect(stateOf(S.unconfirmedBeforeDeletion)).to.deep.include({
        Choices: [{ Variable: '$.user.status', StringEquals: 'UNCONFIRMED', Next: S.deleteUser }],
        Default: S.countConfirmedAfterReminder,
      });
      expect(nextOf(stateOf(S.deleteUser))).to.deep.equal([S.recordDeletion, S.userGone]);
      expect(nextOf(stateOf(S.recordDeletion))).to.deep.equal([S.countDeletion]);
    });

    it('calls services directly, no Lambda function: AdminGetUser, ResendConfirmationCode, AdminDeleteUser, PutItem, PutMetricData', () => {
      expect(PUT_METRIC_DATA).to.equal('arn:aws:states:::aws-sdk:cloudwatch:putMetricData');
      expect(Object.fromEntries(tasks.map(([name, task]) => [name, task.Resource]))).to.deep.equal({
        [S.countConfirmed]: PUT_METRIC_DATA,
        [S.countReminder]: PUT_METRIC_DATA,
        [S.countReminderFailure]: PUT_METRIC_DATA,
        [S.countConfirmedAfterReminder]: PUT_METRIC_DATA,
        [S.countDeletion]: PUT_METRIC_DATA,
        [S.lookUpBeforeReminder]: 'arn:aws:states:::aws-sdk:cognitoidentityprovider:adminGetUser',
        [S.sendReminder]: 'arn:aws:states:::aws-sdk:cognitoidentityprovider:resendConfirmationCode',
        [S.lookUpBeforeDeletion]: 'arn:aws:states:::aws-sdk:cognitoidentityprovider:adminGetUser',
        [S.deleteUser]: 'arn:aws:states:::aws-sdk:cognitoidentityprovider:adminDeleteUser',
        [S.recordDeletion]: 'arn:aws:states:::dynamodb:putItem',
      });
    });

    it('gives every Task a timeout', () => {
      expect(tasks).to.have.length(10);
      for (const [name, task] of tasks) {
        expect(task.TimeoutSeconds, name).to.equal(task.Resource === PUT_METRIC_DATA ? COUNT_TIMEOUT_SECONDS : TASK_TIMEOUT_SECONDS);
      }
      expect(COUNT_TIMEOUT_SECONDS).to.be.below(TASK_TIMEOUT_SECONDS);
    });

    it('keeps only the user status from a lookup, and puts the execution input to Cognito in PascalCase', () => {
      expect(taskOf(S.lookUpBeforeReminder)).to.deep.include({
        Parameters: { 'UserPoolId.$': '$.userPoolId', 'Username.$': '$.username' },
        ResultSelector: { 'status.$': '$.UserStatus' },
        ResultPath: '$.user',
      });
      expect(taskOf(S.sendReminder).Parameters).to.deep.equal({
        'ClientId.$': '$.clientId',
        'Username.$': '$.username',
        ClientMetadata: { purpose: 'sign-up-reminder' },
      });
      expect(taskOf(S.deleteUser).Parameters).to.deep.equal({ 'UserPoolId.$': '$.userPoolId', 'Username.$': '$.username' });
    });

    it('writes the audit entry under the account key with the table’s key layout and TTL, never the username', () => {
      const { Parameters } = taskOf(S.recordDeletion);
      expect(Parameters).to.deep.equal({
        TableName: 'gatehouse-dev',
        Item: {
          pk: { 'S.$': "States.Format('ACCT#{}', $.accountKey)" },
          sk: { 'S.$': "States.Format('AUDIT#{}#{}', $$.State.EnteredTime, $$.Execution.Name)" },
          outcome: { S: AUDIT_OUTCOME },
          expiresAt: { 'N.$': "States.Format('{}', $.auditExpiresAt)" },
        },
      });
      expect(JSON.stringify(Parameters)).to.not.match(/username|clientId|userPoolId/i);
      expect(AUDIT_OUTCOME).to.equal('deleted-unconfirmed');
    });

    it('is plain JSON: what infra serialises is what the tests execute', () => {
      expect(JSON.parse(JSON.stringify(definition))).to.deep.equal(definition);
    });
  });

  describe('counts', () => {
    const countOf = (name: string) => {
      const task = taskOf(name);
      const parameters = task.Parameters as { Namespace: string; MetricData: { Dimensions: { Name: string; Value: string }[] }[] };
      const [detailed] = parameters.MetricData;
      return Object.fromEntries((detailed?.Dimensions ?? []).map(({ Name, Value }) => [Name, Value]));
    };

    it('counts a confirmation before and after the reminder, a reminder sent or failed, and a deletion, each on its way', () => {
      const counted = {
        [S.countConfirmed]: [REMINDER_COUNTS.confirmed, S.noLongerUnconfirmed],
        [S.countReminder]: [REMINDER_COUNTS.reminded, S.waitToDelete],
        [S.countReminderFailure]: [REMINDER_COUNTS.reminderFailed, S.waitToDelete],
        [S.countConfirmedAfterReminder]: [REMINDER_COUNTS.confirmedAfterReminder, S.noLongerUnconfirmed],
        [S.countDeletion]: [REMINDER_COUNTS.deleted, S.deleted],
      } as const;
      for (const [name, [count, next]] of Object.entries(counted)) {
        expect(countOf(name), name).to.deep.equal({ service: 'gatehouse', stack: 'dev', trigger: REMINDER_WORKFLOW_TRIGGER, ...count });
        expect(taskOf(name).Next, name).to.equal(next);
      }
      expect(Object.values(REMINDER_COUNTS).map(({ result, outcome }) => `${result} ${outcome}`)).to.deep.equal([
        'accepted confirmed',
        'accepted reminded',
        'failed reminder-failed',
        'accepted confirmed-after-reminder',
        'accepted deleted',
      ]);
    });

    it('publishes one Invocations count under each dimension set the triggers publish theirs, in the Gatehouse namespace', () => {
      expect(taskOf(S.countDeletion).Parameters).to.deep.equal({
        Namespace: 'Gatehouse',
        MetricData: [
          {
            MetricName: 'Invocations',
            Unit: 'Count',
            Value: 1,
            Dimensions: [
              { Name: 'service', Value: 'gatehouse' },
              { Name: 'stack', Value: 'dev' },
              { Name: 'trigger', Value: 'ReminderWorkflow' },
              { Name: 'result', Value: 'accepted' },
              { Name: 'outcome', Value: 'deleted' },
            ],
          },
          {
            MetricName: 'Invocations',
            Unit: 'Count',
            Value: 1,
            Dimensions: [
              { Name: 'service', Value: 'gatehouse' },
              { Name: 'stack', Value: 'dev' },
              { Name: 'trigger', Value: 'ReminderWorkflow' },
              { Name: 'result', Value: 'accepted' },
            ],
          },
        ],
      });
      // The boundary's sets, after its default dimensions: the dashboard's searches read both alike.
      expect(REMINDER_COUNT_DIMENSION_SETS.map((set) => [...set])).to.deep.equal(DIMENSION_SETS.Invocations.map((set) => ['service', 'stack', ...set]));
      expect(METRICS_NAMESPACE).to.equal('Gatehouse');
    });

    it('takes nothing from the execution: no path in a count, so no username or execution data can reach a metric', () => {
      for (const [name, task] of tasks.filter(([, each]) => each.Resource === PUT_METRIC_DATA)) {
        expect(JSON.stringify(task.Parameters), name).to.not.include('$');
      }
    });

    it('counts under the stack it is given', () => {
      const prod = reminderWorkflowDefinition({ tableName: 'gatehouse-prod', stack: 'prod' });
      const [task] = Object.values(prod.States).filter((state): state is TaskState => state.Type === 'Task' && state.Resource === PUT_METRIC_DATA);
      expect(JSON.stringify(task?.Parameters)).to.include('{"Name":"stack","Value":"prod"}');
    });
  });

  describe('retries and catches', () => {
    const retried = (name: string) => taskOf(name).Retry.flatMap((retrier) => retrier.ErrorEquals);
    const caught = (name: string) => (taskOf(name).Catch ?? []).map((catcher) => [catcher.ErrorEquals, catcher.Next]);

    it('never fails the execution for a count: caught whatever happens, retried twice quickly, never after a timeout', () => {
      const counts = tasks.filter(([, task]) => task.Resource === PUT_METRIC_DATA);
      expect(counts).to.have.length(5);
      for (const [name, task] of counts) {
        expect(task.Catch, name).to.deep.equal([{ ErrorEquals: ['States.ALL'], Next: task.Next, ResultPath: null }]);
        // States.TaskFailed matches every error but States.Timeout: a count that may have landed is not sent twice.
        expect(task.Retry, name).to.deep.equal([
          { ErrorEquals: ['States.TaskFailed'], IntervalSeconds: 1, BackoffRate: 2, MaxAttempts: 2, MaxDelaySeconds: 4, JitterStrategy: 'FULL' },
        ]);
        expect(task.ResultPath, name).to.equal(null);
      }
    });

    it('retries Cognito throttling and internal errors with exponential backoff and jitter', () => {
      for (const name of [S.lookUpBeforeReminder, S.sendReminder, S.lookUpBeforeDeletion, S.deleteUser]) {
        expect(retried(name), name).to.include.members([COGNITO_ERRORS.tooManyRequests, COGNITO_ERRORS.internalError]);
        for (const retrier of taskOf(name).Retry) {
          expect(retrier, name).to.include({ IntervalSeconds: 2, BackoffRate: 2, MaxDelaySeconds: 60, JitterStrategy: 'FULL' });
          expect(retrier.MaxAttempts, name).to.be.within(3, 6);
        }
      }
    });

    it('retries a lookup or a deletion that timed out, but never resends a reminder that may have gone out', () => {
      for (const name of [S.lookUpBeforeReminder, S.lookUpBeforeDeletion, S.deleteUser, S.recordDeletion]) {
        expect(retried(name), name).to.include('States.Timeout');
      }
      expect(retried(S.sendReminder)).to.not.include('States.Timeout');
      expect(retried(S.sendReminder)).to.not.include('States.ALL');
    });

    it('retries DynamoDB throughput and throttling errors on the audit write', () => {
      expect(retried(S.recordDeletion)).to.include.members([
        'DynamoDB.ProvisionedThroughputExceededException',
        'DynamoDB.ThrottlingException',
        'DynamoDB.RequestLimitExceeded',
        'DynamoDB.InternalServerError',
      ]);
      expect(retried(S.recordDeletion)).to.not.include('DynamoDB.ConditionalCheckFailedException');
    });

    it('ends as gone when Cognito no longer knows the user, at every Cognito step', () => {
      for (const name of [S.lookUpBeforeReminder, S.lookUpBeforeDeletion, S.deleteUser]) {
        expect(caught(name), name).to.deep.equal([[[COGNITO_ERRORS.userNotFound], S.userGone]]);
      }
    });

    it('goes on to the deletion when a reminder fails, keeping the error beside the input', () => {
      expect(caught(S.sendReminder)).to.deep.equal([
        [[COGNITO_ERRORS.userNotFound], S.userGone],
        [['States.ALL'], S.countReminderFailure],
      ]);
      expect(taskOf(S.sendReminder).Catch?.[1]?.ResultPath).to.equal('$.reminderFailure');
    });

    it('lets a failed audit write fail the execution (no Catch), where an alarm sees it', () => {
      expect(taskOf(S.recordDeletion).Catch).to.equal(undefined);
    });

    it('names every error as Step Functions does: States.*, or <Service>.<Name>Exception', () => {
      const names = tasks.flatMap(([, task]) => [
        ...task.Retry.flatMap((retrier) => retrier.ErrorEquals),
        ...(task.Catch ?? []).flatMap((catcher) => catcher.ErrorEquals),
      ]);
      for (const name of names) {
        expect(name).to.match(/^(States\.(ALL|Timeout|TaskFailed)|CognitoIdentityProvider\.[A-Za-z]+Exception|DynamoDB\.[A-Za-z]+)$/);
      }
    });
  });
});

describe('infra: the reminder workflow role', () => {
  it('lets only Step Functions assume it, on behalf of the stack’s own account', () => {
    expect(reminderWorkflowAssumeRolePolicy('123456789012')).to.deep.equal({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: ['sts:AssumeRole'],
          Principal: { Service: 'states.amazonaws.com' },
          Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' } },
        },
      ],
    });
    expect(() => reminderWorkflowAssumeRolePolicy('local')).to.throw(/not an AWS account id/);
  });

  it('reads the account from an ARN', () => {
    expect(arnAccount(TABLE_ARN)).to.equal('123456789012');
    expect(arnAccount('arn:aws-us-gov:dynamodb:us-gov-west-1:210987654321:table/t')).to.equal('210987654321');
    for (const bad of ['gatehouse-dev', 'arn:aws:iam::aws:policy/ReadOnlyAccess', 'arn:aws:s3:::bucket']) {
      expect(() => arnAccount(bad), bad).to.throw(/not an ARN with an account/);
    }
  });

  it('derives the IAM actions from the Task resources', () => {
    expect(iamActionOf('arn:aws:states:::aws-sdk:cognitoidentityprovider:adminGetUser')).to.equal('cognito-idp:AdminGetUser');
    expect(iamActionOf('arn:aws:states:::dynamodb:putItem')).to.equal('dynamodb:PutItem');
    expect(iamActionOf('arn:aws:states:::aws-sdk:dynamodb:updateItem')).to.equal('dynamodb:UpdateItem');
    expect(iamActionOf('arn:aws:states:::aws-sdk:cloudwatch:putMetricData')).to.equal('cloudwatch:PutMetricData');
    expect(() => iamActionOf('arn:aws:states:::aws-sdk:s3:getObject')).to.throw(/no IAM prefix known/);
    expect(() => iamActionOf('arn:aws:lambda:eu-west-1:123456789012:function:f')).to.throw(/no IAM action known/);
  });

  it('lists exactly the Cognito, DynamoDB and CloudWatch actions the definition calls, and the namespace it publishes to', () => {
    expect(poolActionsOf(definition)).to.deep.equal([
      'cognito-idp:AdminGetUser',
      'cognito-idp:ResendConfirmationCode',
      'cognito-idp:AdminDeleteUser',
    ]);
    expect(tableActionsOf(definition)).to.deep.equal(['dynamodb:PutItem']);
    expect(metricActionsOf(definition)).to.deep.equal(['cloudwatch:PutMetricData']);
    expect(metricNamespacesOf(definition)).to.deep.equal(['Gatehouse']);
    expect(actionsOf(definition)).to.have.length(5);
  });

  const policy = reminderWorkflowPolicy(definition, { poolArn: POOL_ARN, tableArn: TABLE_ARN });

  it('grants the pool actions on the pool ARN and PutItem on the table ARN, in account partitions only', () => {
    expect(policy).to.deep.equal({
      Version: '2012-10-17',
      Statement: [
        { Sid: 'FollowUpSignUps', Effect: 'Allow', Action: poolActionsOf(definition), Resource: [POOL_ARN] },
        {
          Sid: 'AuditDeletions',
          Effect: 'Allow',
          Action: ['dynamodb:PutItem'],
          Resource: [TABLE_ARN],
          Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': 'ACCT#*' } },
        },
        {
          Sid: 'CountOutcomes',
          Effect: 'Allow',
          Action: ['cloudwatch:PutMetricData'],
          Resource: ['*'],
          Condition: { StringEquals: { 'cloudwatch:namespace': 'Gatehouse' } },
        },
      ],
    });
  });

  it('holds PutMetricData to the namespaces the definition publishes to, and refuses one taken from the execution', () => {
    const count = taskOf(S.countDeletion);
    const elsewhere: StateMachineDefinition = {
      ...definition,
      States: { ...definition.States, Other: { ...count, Parameters: { ...count.Parameters, Namespace: 'Gatehouse/Extra' } } },
    };
    expect(reminderWorkflowPolicy(elsewhere, { poolArn: POOL_ARN, tableArn: TABLE_ARN }).Statement[2]?.Condition).to.deep.equal({
      StringEquals: { 'cloudwatch:namespace': ['Gatehouse', 'Gatehouse/Extra'] },
    });
    const { Namespace: _fixed, ...withoutNamespace } = count.Parameters;
    const fromInput: StateMachineDefinition = {
      ...definition,
      States: { ...definition.States, Other: { ...count, Parameters: { ...withoutNamespace, 'Namespace.$': '$.namespace' } } },
    };
    expect(() => reminderWorkflowPolicy(fromInput, { poolArn: POOL_ARN, tableArn: TABLE_ARN })).to.throw(/state Other publishes metrics without a fixed Namespace/);
    // Another CloudWatch action is not bounded by the namespace: it is refused, not granted on "*".
    const reading: StateMachineDefinition = {
      ...definition,
      States: { ...definition.States, Other: { ...count, Resource: 'arn:aws:states:::aws-sdk:cloudwatch:getMetricData' } },
    };
    expect(() => reminderWorkflowPolicy(reading, { poolArn: POOL_ARN, tableArn: TABLE_ARN })).to.throw(/calls cloudwatch:GetMetricData, which its policy does not cover/);
  });

  it('agrees with the definition: every Task is covered, nothing else is granted', () => {
    const granted = policy.Statement.flatMap((statement) => statement.Action);
    const called = Object.values(definition.States).flatMap((state) => (state.Type === 'Task' ? [iamActionOf(state.Resource)] : []));
    expect(granted).to.have.members([...new Set(called)]);
    expect(granted).to.have.length(new Set(granted).size);
    // A step added to the definition is granted with it: the two cannot drift apart.
    const extended: StateMachineDefinition = {
      ...definition,
      States: {
        ...definition.States,
        Disable: { ...taskOf(S.deleteUser), Resource: 'arn:aws:states:::aws-sdk:cognitoidentityprovider:adminDisableUser' },
      },
    };
    expect(reminderWorkflowPolicy(extended, { poolArn: POOL_ARN, tableArn: TABLE_ARN }).Statement[0]?.Action).to.include(
      'cognito-idp:AdminDisableUser',
    );
  });

  it('refuses a definition with a call it cannot place on the pool or the table', () => {
    for (const resource of ['arn:aws:states:::lambda:invoke', 'arn:aws:states:::aws-sdk:s3:deleteBucket']) {
      const stray: StateMachineDefinition = {
        ...definition,
        States: { ...definition.States, Stray: { ...taskOf(S.deleteUser), Resource: resource } },
      };
      expect(() => reminderWorkflowPolicy(stray, { poolArn: POOL_ARN, tableArn: TABLE_ARN }), resource).to.throw(/no IAM (action|prefix) known/);
    }
  });

  it('gives execution logging the delivery actions Step Functions needs, on "*" as AWS requires, in a document of its own', () => {
    expect(reminderWorkflowLoggingPolicy()).to.deep.equal({ Version: '2012-10-17', Statement: [logDeliveryStatement()] });
    expect(logDeliveryStatement().Action).to.have.members([
      'logs:CreateLogDelivery',
      'logs:GetLogDelivery',
      'logs:UpdateLogDelivery',
      'logs:DeleteLogDelivery',
      'logs:ListLogDeliveries',
      'logs:PutResourcePolicy',
      'logs:DescribeResourcePolicies',
      'logs:DescribeLogGroups',
    ]);
    expect(logDeliveryStatement().Resource).to.deep.equal(['*']);
  });

  it('uses no wildcard action, and Resource "*" only for log delivery and for PutMetricData under its namespace condition', () => {
    const statements = [reminderWorkflowAssumeRolePolicy('123456789012'), reminderWorkflowLoggingPolicy(), policy].flatMap(
      (document) => document.Statement,
    );
    for (const statement of statements) {
      for (const action of statement.Action) expect(action).to.not.include('*');
      if (statement.Sid === 'CountOutcomes') expect(statement.Condition).to.deep.equal({ StringEquals: { 'cloudwatch:namespace': 'Gatehouse' } });
      else if (statement.Sid !== 'DeliverExecutionLogs') expect(statement.Resource ?? []).to.not.include('*');
    }
    expect(policy.Statement.flatMap((statement) => statement.Action).some((action) => action.startsWith('logs:'))).to.equal(false);
  });
});
