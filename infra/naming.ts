import { accountKeyParameterName, stackSecretParameterName } from './account-key';
import { SECRET_CONFIG_KEYS } from './config-schema';
import type { TriggerDefinition } from './triggers';

/**
 * The names Gatehouse gives resources in AWS, all derived from one prefix: `gatehouse-<stack>` by
 * default, or `gatehouse:namePrefix` (which keeps the old names after `pulumi stack rename`). Names that
 * include the stack let several stacks share an account; names fixed up front let a function's log group
 * exist before the function does.
 */

export const triggerFunctionName = (prefix: string, trigger: TriggerDefinition): string => `${prefix}-${trigger.name}`;
export const triggerRoleName = (prefix: string, trigger: TriggerDefinition): string => `${prefix}-${trigger.name}`;
export const logGroupName = (functionName: string): string => `/aws/lambda/${functionName}`;
export const userPoolName = (prefix: string): string => prefix;
export const appClientName = (prefix: string): string => `${prefix}-app`;
export const tableName = (prefix: string): string => prefix;
export const keyAliasName = (prefix: string): string => `alias/${prefix}`;
export const reminderWorkflowName = (prefix: string): string => `${prefix}-sign-up-reminders`;
export const reminderRoleName = (prefix: string): string => `${prefix}-sign-up-reminders`;
/** Step Functions' own prefix for log groups it delivers to (no resource policy size limit applies). */
export const reminderLogGroupName = (prefix: string): string => `/aws/vendedlogs/states/${reminderWorkflowName(prefix)}`;

/** The queue where the custom senders' failed deliveries wait for an operator. */
export const undeliveredQueueName = (prefix: string): string => `${prefix}-undelivered-messages`;

/** The operations of the stack (see `gatehouse:operations`): its alarms' topic, its dashboard, its web ACL. */
export const alarmTopicName = (prefix: string): string => `${prefix}-alarms`;
export const dashboardName = (prefix: string): string => prefix;
export const webAclName = (prefix: string): string => prefix;
/** The web ACL's rate-based rule, and the metric WAF counts its requests under. */
export const rateRuleName = (prefix: string): string => `${prefix}-requests-per-ip`;

export interface NameRule {
  /** What the name is, as an error message says it: "the function name". */
  readonly what: string;
  readonly service: string;
  /** The rule as the error message states it. */
  readonly rule: string;
  readonly valid: (name: string) => boolean;
}

const matches = (pattern: RegExp, min: number, max: number) => (name: string) =>
  pattern.test(name) && name.length >= min && name.length <= max;

// From each service's API reference (name constraints of CreateFunction, CreateRole, CreateLogGroup,
// CreateTable, CreateUserPool, CreateUserPoolClient, CreateAlias, PutParameter).
const RULES = {
  function: {
    what: 'the function name',
    service: 'Lambda',
    rule: 'letters, digits, "-" and "_" only, at most 64 characters',
    valid: matches(/^[A-Za-z0-9_-]+$/, 1, 64),
  },
  role: {
    what: 'the role name',
    service: 'IAM',
    rule: 'letters, digits and + = , . @ _ - only, at most 64 characters',
    valid: matches(/^[\w+=,.@-]+$/, 1, 64),
  },
  logGroup: {
    what: 'the log group name',
    service: 'CloudWatch Logs',
    rule: 'letters, digits and . - _ / # only, at most 512 characters',
    valid: matches(/^[.\-_/#A-Za-z0-9]+$/, 1, 512),
  },
  table: {
    what: 'the table name',
    service: 'DynamoDB',
    rule: 'letters, digits, "_", "-" and "." only, 3 to 255 characters',
    valid: matches(/^[A-Za-z0-9_.-]+$/, 3, 255),
  },
  pool: {
    what: 'the user pool name',
    service: 'Cognito',
    rule: 'letters, digits, spaces and + = , . @ _ - only, at most 128 characters',
    valid: matches(/^[\w\s+=,.@-]+$/, 1, 128),
  },
  client: {
    what: 'the app client name',
    service: 'Cognito',
    rule: 'letters, digits, spaces and + = , . @ _ - only, at most 128 characters',
    valid: matches(/^[\w\s+=,.@-]+$/, 1, 128),
  },
  alias: {
    what: 'the key alias',
    service: 'KMS',
    rule: '"alias/" and then letters, digits, "/", "_" and "-" only, at most 256 characters, not under "alias/aws/"',
    valid: (name) => matches(/^alias\/[A-Za-z0-9/_-]+$/, 7, 256)(name) && !name.startsWith('alias/aws/'),
  },
  parameter: {
    what: 'the parameter name',
    service: 'SSM',
    rule: 'letters, digits and _ . - / only, at most 1011 characters, not starting with "aws" or "ssm"',
    valid: (name) => matches(/^[A-Za-z0-9_.\-/]+$/, 1, 1011)(name) && !/^\/?(aws|ssm)/i.test(name),
  },
  queue: {
    what: 'the queue name',
    service: 'SQS',
    rule: 'letters, digits, "-" and "_" only, at most 80 characters',
    valid: matches(/^[A-Za-z0-9_-]+$/, 1, 80),
  },
  topic: {
    what: 'the topic name',
    service: 'SNS',
    rule: 'letters, digits, "-" and "_" only, at most 256 characters',
    valid: matches(/^[A-Za-z0-9_-]+$/, 1, 256),
  },
  dashboard: {
    what: 'the dashboard name',
    service: 'CloudWatch',
    rule: 'letters, digits, "-" and "_" only, at most 255 characters',
    valid: matches(/^[A-Za-z0-9_-]+$/, 1, 255),
  },
  webAcl: {
    what: 'the web ACL or rule name',
    service: 'WAF',
    rule: 'letters, digits, "-" and "_" only, at most 128 characters',
    valid: matches(/^[A-Za-z0-9_-]+$/, 1, 128),
  },
  stateMachine: {
    what: 'the state machine name',
    service: 'Step Functions',
    rule: 'letters, digits, "-" and "_" only, at most 80 characters',
    valid: matches(/^[A-Za-z0-9_-]+$/, 1, 80),
  },
} satisfies Record<string, NameRule>;

export class NamingError extends Error {
  override readonly name = 'NamingError';
}

/** Where the prefix came from, as an error message names it. */
export type PrefixSource = { readonly stack: string } | { readonly namePrefix: string };

function origin(source: PrefixSource): string {
  return 'namePrefix' in source
    ? `gatehouse:namePrefix "${source.namePrefix}"`
    : `stack "${source.stack}"`;
}

function remedy(source: PrefixSource): string {
  return 'namePrefix' in source
    ? 'choose a shorter or simpler gatehouse:namePrefix'
    : 'choose a shorter or simpler stack name, or set gatehouse:namePrefix';
}

/** Every name the prefix gives, with the rule it must follow: functions and roles first. */
export function physicalNames(prefix: string, triggers: readonly TriggerDefinition[]): [NameRule, string][] {
  return [
    ...triggers.map((trigger): [NameRule, string] => [RULES.function, triggerFunctionName(prefix, trigger)]),
    ...triggers.map((trigger): [NameRule, string] => [RULES.role, triggerRoleName(prefix, trigger)]),
    ...triggers.map((trigger): [NameRule, string] => [RULES.logGroup, logGroupName(triggerFunctionName(prefix, trigger))]),
    [RULES.table, tableName(prefix)],
    [RULES.pool, userPoolName(prefix)],
    [RULES.client, appClientName(prefix)],
    [RULES.alias, keyAliasName(prefix)],
    [RULES.parameter, accountKeyParameterName(prefix)],
    ...SECRET_CONFIG_KEYS.map((secret): [NameRule, string] => [RULES.parameter, stackSecretParameterName(prefix, secret)]),
    [RULES.stateMachine, reminderWorkflowName(prefix)],
    [RULES.queue, undeliveredQueueName(prefix)],
    [RULES.role, reminderRoleName(prefix)],
    [RULES.logGroup, reminderLogGroupName(prefix)],
    [RULES.topic, alarmTopicName(prefix)],
    [RULES.dashboard, dashboardName(prefix)],
    [RULES.webAcl, webAclName(prefix)],
    [RULES.webAcl, rateRuleName(prefix)],
  ];
}

/**
 * The prefix of the names Gatehouse gives resources in AWS: `gatehouse:namePrefix` when the stack sets
 * it, `<name>-<stack>` (`gatehouse-dev`) otherwise. Fails before anything is registered when a name it
 * gives would be refused by AWS, naming the stack or the setting it came from.
 */
export function physicalPrefix(
  name: string,
  stack: string,
  triggers: readonly TriggerDefinition[],
  namePrefix?: string,
): string {
  const prefix = namePrefix ?? `${name}-${stack}`;
  const source: PrefixSource = namePrefix === undefined ? { stack } : { namePrefix };
  for (const [rule, physical] of physicalNames(prefix, triggers)) {
    if (!rule.valid(physical)) {
      throw new NamingError(
        `${origin(source)} gives ${rule.what} "${physical}", which ${rule.service} refuses ` +
          `(${rule.rule}): ${remedy(source)}`,
      );
    }
  }
  return prefix;
}
