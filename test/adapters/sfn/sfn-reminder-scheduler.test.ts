import type { SFNClient } from '@aws-sdk/client-sfn';
import { expect } from 'chai';
import { createSfnClient } from '../../../adapters/sfn/sfn-client';
import { executionName, SfnReminderScheduler, type ReminderExecutionInput as SentInput } from '../../../adapters/sfn/sfn-reminder-scheduler';
import { ReminderRejectedError, ReminderUnavailableError, type PendingSignUp } from '../../../domain';
import type { ReminderExecutionInput as WorkflowInput } from '../../../infra/reminder-workflow';
import { AnsweringEndpoint } from '../../support/answering-endpoint';
import { StepFunctionsEndpoint } from '../../../sandbox/step-functions/step-functions-endpoint';

const STATE_MACHINE_ARN = 'arn:aws:states:eu-west-1:123456789012:stateMachine:gatehouse-test-sign-up-reminders';
const T0 = Date.parse('2026-11-23T10:00:00Z');
const DAY = 86_400;
const signUp = (at = T0): PendingSignUp => ({
  poolId: 'eu-west-1_abc',
  clientId: 'client-1',
  username: 'f3b1c2d4-0000-4000-8000-000000000001',
  accountKey: 'a'.repeat(64),
  at,
});

// The input the adapter sends is the input the workflow reads: each type must fit the other.
const sent: SentInput = {} as WorkflowInput;
const read: WorkflowInput = {} as SentInput;
void sent;
void read;

describe('adapters/sfn/SfnReminderScheduler', () => {
  /** A Step Functions endpoint whose executions never leave their first state: they stay RUNNING. */
  let sfn: StepFunctionsEndpoint;
  let client: SFNClient;
  let scheduler: SfnReminderScheduler;
  let release: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));

  before(async () => {
    sfn = new StepFunctionsEndpoint({
      stateMachineArn: STATE_MACHINE_ARN,
      definition: { StartAt: 'Hold', States: { Hold: { Type: 'Task', Resource: 'arn:aws:states:::aws-sdk:sfn:hold', End: true } } },
      taskHandlers: { Hold: async () => held.then(() => ({})) },
    });
    process.env.AWS_ENDPOINT_URL_SFN = await sfn.start();
    client = createSfnClient({ timeoutMs: 2000, maxAttempts: 1 });
    scheduler = new SfnReminderScheduler(client, {
      stateMachineArn: STATE_MACHINE_ARN,
      remindAfterSeconds: DAY,
      deleteAfterSeconds: 7 * DAY,
      auditRetentionDays: 90,
    });
  });
  after(async () => {
    release();
    client.destroy();
    await sfn.stop();
    delete process.env.AWS_ENDPOINT_URL_SFN;
  });

  it('starts one execution, named after the account and the day of the first wait, with the workflow\'s input', async () => {
    expect(await scheduler.schedule(signUp())).to.equal('started');
    const [execution] = sfn.executions;
    expect(execution?.name).to.equal(executionName('a'.repeat(64), Math.floor(T0 / (DAY * 1000))));
    expect(execution?.name).to.match(/^[A-Za-z0-9_-]{1,80}$/);
    expect(JSON.parse(String(execution?.input))).to.deep.equal({
      userPoolId: 'eu-west-1_abc',
      clientId: 'client-1',
      username: 'f3b1c2d4-0000-4000-8000-000000000001',
      accountKey: 'a'.repeat(64),
      auditExpiresAt: T0 / 1000 + DAY + 7 * DAY + 90 * DAY,
    });
  });

  it('answers already-started to a retry seconds later, starting nothing more', async () => {
    expect(await scheduler.schedule(signUp(T0 + 12_000))).to.equal('already-started');
    expect(sfn.executions).to.have.length(1);
  });

  it('starts a workflow of its own for a sign-up of the same user after the first wait\'s period', async () => {
    expect(await scheduler.schedule(signUp(T0 + DAY * 1000))).to.equal('started');
    expect(sfn.executions).to.have.length(2);
  });

  it('fails with ReminderRejectedError when Step Functions refuses, and ReminderUnavailableError when it cannot answer', async () => {
    for (const [status, type, expected] of [
      [400, 'AccessDeniedException', ReminderRejectedError],
      [400, 'StateMachineDoesNotExist', ReminderRejectedError],
      [400, 'ThrottlingException', ReminderUnavailableError],
      [500, 'InternalServerError', ReminderUnavailableError],
    ] as const) {
      const endpoint = new AnsweringEndpoint(status, type);
      const failing = createSfnClient({ timeoutMs: 2000, maxAttempts: 1 });
      process.env.AWS_ENDPOINT_URL_SFN = await endpoint.start();
      const error = await new SfnReminderScheduler(failing, {
        stateMachineArn: STATE_MACHINE_ARN,
        remindAfterSeconds: DAY,
        deleteAfterSeconds: DAY,
        auditRetentionDays: 1,
      })
        .schedule(signUp())
        .catch((e: unknown) => e);
      failing.destroy();
      await endpoint.stop();
      expect(error, type).to.be.instanceOf(expected);
      expect((error as Error).message).to.equal(`Step Functions StartExecution failed (${type})`);
    }
  });
});
