import type { StackConfig } from './config-schema';

/** The `lambdaConfig` fields of a user pool that take a function ARN. */
export type LambdaConfigField =
  | 'preSignUp'
  | 'preAuthentication'
  | 'postAuthentication'
  | 'postConfirmation'
  | 'preTokenGeneration'
  | 'customMessage'
  | 'userMigration'
  | 'defineAuthChallenge'
  | 'createAuthChallenge'
  | 'verifyAuthChallengeResponse';

export interface TriggerDefinition {
  /** The bundle `dist/lambda/<name>/index.js`, built from `handlers/<name>.ts`. */
  readonly name: string;
  readonly lambdaConfigField: LambdaConfigField;
  /** DynamoDB actions on the single table: exactly what the trigger's adapters send. */
  readonly tableActions: readonly string[];
  /** Cognito actions on the pool itself, which may depend on the stack's configuration. */
  readonly poolActions: (config: StackConfig) => readonly string[];
}

const none = (): readonly string[] => [];

/**
 * Every trigger Gatehouse provisions. A new trigger is added here (and as `handlers/<name>.ts`); the
 * function, its role, its log group, its invoke permission and its place in `lambdaConfig` follow.
 */
export const TRIGGERS: readonly TriggerDefinition[] = [
  {
    name: 'pre-authentication',
    lambdaConfigField: 'preAuthentication',
    // Count and lock (update), read the state where a failed condition does not return it (get), audit (put).
    tableActions: ['dynamodb:UpdateItem', 'dynamodb:GetItem', 'dynamodb:PutItem'],
    poolActions: (config) => (config.forcedReset.enabled ? ['cognito-idp:AdminResetUserPassword'] : []),
  },
  {
    name: 'post-authentication',
    lambdaConfigField: 'postAuthentication',
    // Clear attempts (delete), record the sign-in (update), audit (put).
    tableActions: ['dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:PutItem'],
    poolActions: none,
  },
  {
    name: 'post-confirmation',
    lambdaConfigField: 'postConfirmation',
    // Clear the lockout after a password reset (delete), audit (put).
    tableActions: ['dynamodb:DeleteItem', 'dynamodb:PutItem'],
    poolActions: none,
  },
  {
    name: 'pre-sign-up',
    lambdaConfigField: 'preSignUp',
    // Screens the email domain against the rules in its environment: no table, no account key, no pool.
    tableActions: [],
    poolActions: none,
  },
];
