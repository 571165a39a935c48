import { StartExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';
import { ReminderRejectedError, ReminderUnavailableError, type PendingSignUp, type ReminderScheduler } from '../../domain';
import { awsFailure } from '../aws-errors';

export interface SfnReminderSchedulerOptions {
  readonly stateMachineArn: string;
  /** The workflow's first wait: also how long the execution of one sign-up keeps its name to itself. */
  readonly remindAfterSeconds: number;
  readonly deleteAfterSeconds: number;
  /** How long the audit entry of a deletion is kept. */
  readonly auditRetentionDays: number;
}

/** The workflow's input: the contract with `infra/reminder-workflow.ts`. */
export interface ReminderExecutionInput {
  readonly userPoolId: string;
  readonly clientId: string;
  readonly username: string;
  readonly accountKey: string;
  /** Epoch seconds: when the audit entry of a deletion expires. */
  readonly auditExpiresAt: number;
}

const REMINDER_FAILURES = { unavailable: ReminderUnavailableError, rejected: ReminderRejectedError };

/**
 * Starts one Step Functions execution per sign-up, named after the account and the period of the
 * workflow's first wait it starts in. Cognito retries PreSignUp within seconds: a retry reuses the
 * name of an execution that is still in its first wait, and Step Functions answers
 * `ExecutionAlreadyExists` when the input differs (its expiry time, from another second) or the running
 * execution itself when it does not — one execution either way: that is the idempotency. A sign-up
 * of the same username while an earlier workflow waits (the earlier sign-up failed after PreSignUp)
 * reuses that workflow too, which looks the user up by name when it wakes. A later sign-up, after that
 * workflow ended, falls in another period and gets a name of its own (Step Functions keeps names of
 * closed executions for 90 days). A retry that straddles two periods starts a second workflow: the
 * user would get a second reminder, once in roughly `remindAfterSeconds` / 15 s retries.
 */
export class SfnReminderScheduler implements ReminderScheduler {
  constructor(
    private readonly sfn: SFNClient,
    private readonly options: SfnReminderSchedulerOptions,
  ) {}

  async schedule(signUp: PendingSignUp): Promise<'started' | 'already-started'> {
    const { remindAfterSeconds, deleteAfterSeconds, auditRetentionDays } = this.options;
    const period = Math.floor(signUp.at / (remindAfterSeconds * 1000));
    const input: ReminderExecutionInput = {
      userPoolId: signUp.poolId,
      clientId: signUp.clientId,
      username: signUp.username,
      accountKey: signUp.accountKey,
      auditExpiresAt: Math.ceil(signUp.at / 1000) + remindAfterSeconds + deleteAfterSeconds + auditRetentionDays * 86_400,
    };
    try {
      await this.sfn.send(
        new StartExecutionCommand({
          stateMachineArn: this.options.stateMachineArn,
          // The account key is a keyed hash: the name says nothing about the user.
          name: executionName(signUp.accountKey, period),
          input: JSON.stringify(input),
        }),
      );
      return 'started';
    } catch (error) {
      if (error instanceof Error && error.name === 'ExecutionAlreadyExists') return 'already-started';
      throw awsFailure('Step Functions StartExecution', error, REMINDER_FAILURES);
    }
  }
}

/** At most 80 characters of letters, digits, `-` and `_` (Step Functions' rule for names). */
export function executionName(accountKey: string, period: number): string {
  return `signup-${accountKey.slice(0, 48)}-${period}`;
}
