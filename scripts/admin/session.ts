import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SSMClient } from '@aws-sdk/client-ssm';
import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { CognitoPoolUsers } from '../../adapters/cognito/cognito-pool-users';
import { HmacAccountKeys } from '../../adapters/crypto/hmac-account-keys';
import { DynamoDbAccountAdministration } from '../../adapters/dynamodb/dynamodb-account-administration';
import { SsmSecret } from '../../adapters/ssm/ssm-secret';
import { FindAccount, ListRecentLockouts, UnlockNamedAccount, type Clock } from '../../domain';
import { parseStackConfig } from '../../infra/config';
import { loadSandboxStack } from '../../sandbox/stack';
import { callerArn } from './caller-identity';
import type { Target } from './target';

/** An operator waits longer than a trigger may, and a retry is cheap: still bounded. */
const CLIENT_SETTINGS = {
  maxAttempts: 3,
  requestHandler: { connectionTimeout: 3_000, requestTimeout: 10_000, throwOnRequestTimeout: true },
} as const;
/** The sandbox's stand-ins take any credentials; the functions it runs are given these. */
const SANDBOX_CREDENTIALS = { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' };

/** The use cases an operator's command runs, over the target's table, secret and pool. */
export interface Session {
  readonly find: FindAccount;
  readonly unlock: UnlockNamedAccount;
  readonly recentLockouts: ListRecentLockouts;
  /** Who runs the command, as the unlock's audit entry names them. */
  operator(): Promise<string>;
  close(): void;
}

export function openSession(target: Target, options: { readonly projectRoot: string; readonly clock: Clock; readonly env: NodeJS.ProcessEnv }): Session {
  const local = target.sandbox;
  const settings = (endpoint: string | undefined) => ({
    region: target.region,
    ...CLIENT_SETTINGS,
    ...(local ? { credentials: SANDBOX_CREDENTIALS } : {}),
    ...(endpoint ? { endpoint } : {}),
  });
  const dynamo = new DynamoDBClient(settings(local?.dynamodb));
  const ssm = new SSMClient(settings(local?.ssm));
  const cognito = target.userPoolId === undefined ? undefined : new CognitoIdentityProviderClient(settings(local?.cognito));
  const secret = new SsmSecret(ssm, target.accountKeyParameter);
  const keys = new HmacAccountKeys(() => secret.value());
  const administration = new DynamoDbAccountAdministration(dynamo, {
    tableName: target.tableName,
    auditRetentionDays: auditRetentionDays(target, options.projectRoot),
  });
  const users = cognito && target.userPoolId ? new CognitoPoolUsers(cognito, target.userPoolId) : undefined;
  return {
    find: new FindAccount(keys, administration, options.clock, users),
    unlock: new UnlockNamedAccount(keys, administration, options.clock, users),
    recentLockouts: new ListRecentLockouts(administration, options.clock),
    operator: async () => (local ? `${userInfo().username} (sandbox)` : callerArn(target.region, dynamo.config.credentials, options.env)),
    close: () => {
      dynamo.destroy();
      ssm.destroy();
      cognito?.destroy();
    },
  };
}

/**
 * How long the unlock's audit entry is kept: as the stack's triggers keep theirs (`audit.retentionDays`
 * of its `Pulumi.<stack>.yaml` when the project has it), else the program's default.
 */
function auditRetentionDays(target: Target, projectRoot: string): number {
  if (target.stack !== undefined && existsSync(join(projectRoot, `Pulumi.${target.stack}.yaml`))) {
    return loadSandboxStack(target.stack, projectRoot).config.audit.retentionDays;
  }
  return parseStackConfig({}).audit.retentionDays;
}
