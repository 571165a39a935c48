import type { PolicyDocument, PolicyStatement } from './iam-policies';
import type { StateMachineDefinition } from './reminder-workflow';

/**
 * The reminder workflow's role, as pure functions of plain ARNs and of the definition itself: the
 * actions it may take on the pool and the table are read from the definition's Task resources, so the
 * policy cannot grant less (a failing step) or more (an unused right) than the workflow calls.
 */

/** Only Step Functions may assume the role, and only on behalf of a state machine of this account. */
export function reminderWorkflowAssumeRolePolicy(accountId: string): PolicyDocument {
  if (!/^\d{12}$/.test(accountId)) throw new Error(`"${accountId}" is not an AWS account id`);
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: ['sts:AssumeRole'],
        Principal: { Service: 'states.amazonaws.com' },
        Condition: { StringEquals: { 'aws:SourceAccount': accountId } },
      },
    ],
  };
}

/** The account of an ARN (`arn:<partition>:<service>:<region>:<account>:<resource>`). */
export function arnAccount(arn: string): string {
  const account = arn.split(':')[4];
  if (!arn.startsWith('arn:') || account === undefined || !/^\d{12}$/.test(account)) {
    throw new Error(`"${arn}" is not an ARN with an account`);
  }
  return account;
}

const SDK_INTEGRATION = /^arn:aws:states:::aws-sdk:([a-z0-9]+):([A-Za-z0-9]+)$/;
const DYNAMODB_INTEGRATION = /^arn:aws:states:::dynamodb:([A-Za-z]+)$/;

// An SDK integration names the service as the SDK does; IAM has its own prefix.
const IAM_PREFIX: Readonly<Record<string, string>> = { cognitoidentityprovider: 'cognito-idp', dynamodb: 'dynamodb', cloudwatch: 'cloudwatch' };

const pascal = (action: string) => `${action.charAt(0).toUpperCase()}${action.slice(1)}`;

/** The IAM action a Task's Resource needs, for the two kinds of integration the workflow uses. */
export function iamActionOf(resource: string): string {
  const sdk = SDK_INTEGRATION.exec(resource);
  if (sdk) {
    const [, service = '', action = ''] = sdk;
    const prefix = IAM_PREFIX[service];
    if (prefix === undefined) throw new Error(`no IAM prefix known for the SDK integration service "${service}"`);
    return `${prefix}:${pascal(action)}`;
  }
  const dynamodb = DYNAMODB_INTEGRATION.exec(resource);
  if (dynamodb) return `dynamodb:${pascal(dynamodb[1] ?? '')}`;
  throw new Error(`no IAM action known for the Task resource "${resource}"`);
}

/** Every IAM action the definition's Tasks call, once each, in the order the definition first calls them. */
export function actionsOf(definition: StateMachineDefinition): string[] {
  const actions = Object.values(definition.States).flatMap((state) => (state.Type === 'Task' ? [iamActionOf(state.Resource)] : []));
  return [...new Set(actions)];
}

/** The Cognito (`cognito-idp:`) actions the definition calls. */
export const poolActionsOf = (definition: StateMachineDefinition): string[] =>
  actionsOf(definition).filter((action) => action.startsWith('cognito-idp:'));

/** The DynamoDB actions the definition calls. */
export const tableActionsOf = (definition: StateMachineDefinition): string[] =>
  actionsOf(definition).filter((action) => action.startsWith('dynamodb:'));

/**
 * Delivering execution logs to CloudWatch Logs. These are the vended-log delivery actions Step Functions
 * asks for (https://docs.aws.amazon.com/step-functions/latest/dg/cw-logs.html); they take no resource
 * type in the Service Authorization Reference, so AWS requires `Resource: "*"` for them. They let the
 * service manage log deliveries and the log group resource policy, not read or write log events.
 */
export function logDeliveryStatement(): PolicyStatement {
  return {
    Sid: 'DeliverExecutionLogs',
    Effect: 'Allow',
    Action: [
      'logs:CreateLogDelivery',
      'logs:GetLogDelivery',
      'logs:UpdateLogDelivery',
      'logs:DeleteLogDelivery',
      'logs:ListLogDeliveries',
      'logs:PutResourcePolicy',
      'logs:DescribeResourcePolicies',
      'logs:DescribeLogGroups',
    ],
    Resource: ['*'],
  };
}

/**
 * What execution logging needs. A document of its own: Step Functions checks these rights when the state
 * machine is created or updated with a logging configuration, so they must be in place first, while the
 * rest may only be granted once the pool exists.
 */
export function reminderWorkflowLoggingPolicy(): PolicyDocument {
  return { Version: '2012-10-17', Statement: [logDeliveryStatement()] };
}

/**
 * The CloudWatch actions the definition calls that its namespace condition bounds: PutMetricData only.
 * Any other (reading metrics, alarms) would be left uncovered, and refused, rather than granted on `*`.
 */
export const metricActionsOf = (definition: StateMachineDefinition): string[] =>
  actionsOf(definition).filter((action) => action === 'cloudwatch:PutMetricData');

/**
 * The namespaces the definition's PutMetricData Tasks publish to, once each. A namespace taken from the
 * execution's data (`Namespace.$`) could be anything, so it is refused: the policy names each one.
 */
export function metricNamespacesOf(definition: StateMachineDefinition): string[] {
  const namespaces = Object.entries(definition.States).flatMap(([name, state]) => {
    if (state.Type !== 'Task' || iamActionOf(state.Resource) !== 'cloudwatch:PutMetricData') return [];
    const namespace = state.Parameters['Namespace'];
    if (typeof namespace !== 'string' || namespace === '') throw new Error(`state ${name} publishes metrics without a fixed Namespace`);
    return [namespace];
  });
  return [...new Set(namespaces)];
}

export interface ReminderWorkflowArns {
  readonly poolArn: string;
  readonly tableArn: string;
}

/**
 * What the workflow does on the pool and the table.
 *
 * `cognito-idp:ResendConfirmationCode` is among the pool actions although Cognito does not evaluate IAM
 * for it: it is a public API, authorized by the app client id alone ("Amazon Cognito doesn't evaluate
 * IAM policies in requests for this API operation", API reference). The Service Authorization Reference
 * still lists the action, so granting it is valid and grants nothing anyone with the client id could
 * not do; it keeps the policy a statement of what the workflow calls, and the reminder working should
 * Cognito ever evaluate signed requests to it.
 *
 * Table writes are held to account partitions (`ACCT#…`): every item the workflow writes is an audit
 * entry under one. PutItem always carries its partition key, so the `ForAllValues` test never passes
 * for want of a key.
 *
 * `cloudwatch:PutMetricData` has no resource type (Service Authorization Reference), so its Resource is
 * `*`; the `cloudwatch:namespace` condition holds it to the namespaces the definition publishes to
 * (`Gatehouse`): the role cannot write into another application's metrics or an `AWS/` namespace.
 */
export function reminderWorkflowPolicy(definition: StateMachineDefinition, arns: ReminderWorkflowArns): PolicyDocument {
  const statements: PolicyStatement[] = [];
  const poolActions = poolActionsOf(definition);
  if (poolActions.length > 0) {
    statements.push({ Sid: 'FollowUpSignUps', Effect: 'Allow', Action: poolActions, Resource: [arns.poolArn] });
  }
  const tableActions = tableActionsOf(definition);
  if (tableActions.length > 0) {
    statements.push({
      Sid: 'AuditDeletions',
      Effect: 'Allow',
      Action: tableActions,
      Resource: [arns.tableArn],
      Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': 'ACCT#*' } },
    });
  }
  const metricActions = metricActionsOf(definition);
  if (metricActions.length > 0) {
    const namespaces = metricNamespacesOf(definition);
    statements.push({
      Sid: 'CountOutcomes',
      Effect: 'Allow',
      Action: metricActions,
      Resource: ['*'],
      Condition: { StringEquals: { 'cloudwatch:namespace': namespaces.length === 1 ? (namespaces[0] as string) : namespaces } },
    });
  }
  const covered = new Set([...poolActions, ...tableActions, ...metricActions]);
  const uncovered = actionsOf(definition).filter((action) => !covered.has(action));
  if (uncovered.length > 0) throw new Error(`the reminder workflow calls ${uncovered.join(', ')}, which its policy does not cover`);
  return { Version: '2012-10-17', Statement: statements };
}
