import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { reminderTiming, reminderWorkflowDefinition, type StateMachineDefinition } from '../reminder-workflow';
import {
  arnAccount,
  reminderWorkflowAssumeRolePolicy,
  reminderWorkflowLoggingPolicy,
  reminderWorkflowPolicy,
} from '../reminder-workflow-policy';

export interface ReminderWorkflowArgs {
  /** From sign-up to the reminder, and from the reminder to the deletion (see `reminderTiming`). */
  readonly remindAfterSeconds?: number;
  readonly deleteAfterSeconds?: number;
  /** The single table the audit entries go to. */
  readonly tableName: pulumi.Input<string>;
  readonly tableArn: pulumi.Input<string>;
  /** The Pulumi stack: the `stack` dimension of the workflow's counts. */
  readonly stack: string;
  /**
   * The pool the workflow acts on. A program that creates the pool after the workflow (the pool names
   * PreSignUp, which names the workflow) leaves it out and calls `grantPoolAccess` once the pool exists.
   */
  readonly poolArn?: pulumi.Input<string>;
  /** The state machine's and its role's names in AWS, fixed up front (see `infra/naming.ts`). */
  readonly stateMachineName: string;
  readonly roleName: string;
  readonly logRetentionDays: number;
  /**
   * Pulumi `protect` on the state machine and its log group: deleting the state machine stops every
   * pending reminder and deletion, replacing the log group deletes its logs.
   */
  readonly protect?: boolean;
  /** On the state machine, its role and its log group. */
  readonly tags: Readonly<Record<string, string>>;
}

/** Step Functions' vended logs go under this prefix, which CloudWatch Logs authorizes once for all of them. */
export const stateMachineLogGroupName = (stateMachineName: string): string => `/aws/vendedlogs/states/${stateMachineName}`;

/**
 * The sign-up reminder workflow: a STANDARD state machine (see `infra/reminder-workflow.ts`), its own
 * role and its log group.
 *
 * The PreSignUp function starts executions, so it needs the state machine's ARN; the pool names that
 * function, and the workflow acts on the pool. The state machine therefore must not depend on the pool:
 * its rights on the pool and the table are a separate role policy, granted once the pool exists
 * (`grantPoolAccess`), while the rights execution logging needs (which Step Functions checks when the
 * state machine is created) are granted before it. Nothing is lost in between: an execution waits
 * (a day by default) before its first call.
 */
export class ReminderWorkflow extends pulumi.ComponentResource {
  readonly stateMachineArn: pulumi.Output<string>;
  readonly stateMachineName: pulumi.Output<string>;
  readonly roleArn: pulumi.Output<string>;
  private readonly resourceName: string;
  private readonly roleName: pulumi.Output<string>;
  private readonly definition: pulumi.Output<StateMachineDefinition>;
  private readonly tableArn: pulumi.Input<string>;
  private poolAccess?: aws.iam.RolePolicy;

  constructor(name: string, args: ReminderWorkflowArgs, opts?: pulumi.ComponentResourceOptions) {
    // Refused before anything is registered, rather than inside an apply.
    const timing = reminderTiming(args);
    super('gatehouse:signUp:ReminderWorkflow', name, {}, opts);
    const protect = args.protect ?? false;

    const role = new aws.iam.Role(
      `${name}-role`,
      {
        name: args.roleName,
        description: 'Gatehouse sign-up reminder workflow',
        // The table's account is the stack's: no provider call needed to learn it.
        assumeRolePolicy: pulumi
          .output(args.tableArn)
          .apply((tableArn) => JSON.stringify(reminderWorkflowAssumeRolePolicy(arnAccount(tableArn)))),
        tags: args.tags,
      },
      { parent: this },
    );

    const logGroup = new aws.cloudwatch.LogGroup(
      `${name}-logs`,
      { name: stateMachineLogGroupName(args.stateMachineName), retentionInDays: args.logRetentionDays, tags: args.tags },
      { parent: this, protect },
    );

    const logging = new aws.iam.RolePolicy(
      `${name}-logging`,
      { role: role.name, policy: JSON.stringify(reminderWorkflowLoggingPolicy()) },
      { parent: this },
    );

    const definition = pulumi
      .output(args.tableName)
      .apply((tableName) => reminderWorkflowDefinition({ ...timing, tableName, stack: args.stack }));

    const stateMachine = new aws.sfn.StateMachine(
      `${name}-state-machine`,
      {
        name: args.stateMachineName,
        type: 'STANDARD',
        roleArn: role.arn,
        definition: definition.apply((asl) => JSON.stringify(asl)),
        loggingConfiguration: {
          // Failures only, and without execution data: inputs and outputs carry the username.
          level: 'ERROR',
          includeExecutionData: false,
          logDestination: pulumi.interpolate`${logGroup.arn}:*`,
        },
        tags: args.tags,
      },
      { parent: this, protect, dependsOn: [logging] },
    );

    this.resourceName = name;
    this.roleName = role.name;
    this.definition = definition;
    this.tableArn = args.tableArn;
    if (args.poolArn !== undefined) this.grantPoolAccess(args.poolArn);

    this.stateMachineArn = stateMachine.arn;
    this.stateMachineName = stateMachine.name;
    this.roleArn = role.arn;
    this.registerOutputs({ stateMachineArn: this.stateMachineArn, stateMachineName: this.stateMachineName, roleArn: this.roleArn });
  }

  /**
   * Grants the role what the definition calls on the pool and the table (`reminderWorkflowPolicy`), as
   * `${name}-policy`. Once: a second grant would be a second pool.
   */
  grantPoolAccess(poolArn: pulumi.Input<string>): aws.iam.RolePolicy {
    if (this.poolAccess !== undefined) throw new Error(`${this.resourceName}: the reminder workflow already has its pool`);
    this.poolAccess = new aws.iam.RolePolicy(
      `${this.resourceName}-policy`,
      {
        role: this.roleName,
        policy: pulumi
          .all([this.definition, poolArn, this.tableArn])
          .apply(([asl, pool, table]) => JSON.stringify(reminderWorkflowPolicy(asl, { poolArn: pool, tableArn: table }))),
      },
      { parent: this },
    );
    return this.poolAccess;
  }
}
