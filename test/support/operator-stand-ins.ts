import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import sinon from 'sinon';
import { HmacAccountKeys } from '../../adapters/crypto/hmac-account-keys';
import { DynamoDbAccountStore } from '../../adapters/dynamodb/dynamodb-account-store';
import { DynamoDbAttemptLedger } from '../../adapters/dynamodb/dynamodb-attempt-ledger';
import { DynamoDbAuditTrail } from '../../adapters/dynamodb/dynamodb-audit-trail';
import { createDynamoDbClient } from '../../adapters/dynamodb/dynamodb-client';
import { DEFAULT_SIGN_IN_PROTECTION, RecordSignInAttempt, type SignInAttemptResult } from '../../domain';
import { SsmEndpoint } from '../../sandbox/secrets/ssm-endpoint';
import { confirmedUser, programPool } from '../sandbox/cognito/sign-in';
import { startCognitoLocal, type CognitoLocalHandle } from './cognito-local';
import { startDynalite, type DynaliteHandle } from './dynalite';
import { nextEventId } from './event-ids';
import { FixedClock } from './fakes/fixed-clock';
import { StsEndpoint } from './sts-endpoint';

export const ACCOUNT_KEY_PARAMETER = '/gatehouse-ops/account-key';
export const ACCOUNT_KEY_SECRET = 'b3BlcmF0b3ItY29tbWFuZC10ZXN0LXNlY3JldC1sb25nLWVub3VnaA';
/** The credentials test/setup.ts gives every client, and who STS says they are. */
export const OPERATOR_ARN = 'arn:aws:iam::000000000000:user/support-alice';
export const REGION = 'eu-west-1';

/**
 * What the operator command talks to, on 127.0.0.1: dynalite as the table, the SSM stand-in with the
 * account key secret, cognito-local with the program's pool (one confirmed user), the STS stand-in
 * that knows the tests' credentials; and the sign-in trigger's use case with the real adapters, to
 * make attempts as PreAuthentication does.
 */
export interface OperatorStandIns {
  readonly dynamo: DynaliteHandle;
  readonly cognito: CognitoLocalHandle;
  readonly ssm: SsmEndpoint;
  readonly sts: StsEndpoint;
  /** AWS_ENDPOINT_URL_* for the command (dynalite's is set by startDynalite). */
  readonly endpoints: Record<string, string>;
  /** The confirmed user's address and pool username (its sub). */
  readonly ada: { readonly email: string; readonly username: string };
  readonly clock: FixedClock;
  /** The flags naming the stand-ins as a deployed stack's resources. */
  flags(overrides?: Partial<Record<'table' | 'parameter' | 'pool', string>>): string[];
  /** A sign-in attempt as PreAuthentication records it: the pool's username for a known user, the typed name otherwise. */
  attempt(username: string, accountExists?: boolean): Promise<SignInAttemptResult>;
  /** The account record PostConfirmation writes. */
  confirm(username: string, email: string): Promise<void>;
  /** Write requests the table received since the last `resetCounts`. */
  writes(): Record<string, number>;
  stop(): Promise<void>;
}

export async function startOperatorStandIns(): Promise<OperatorStandIns> {
  const clock = new FixedClock(Date.now());
  const dynamo = await startDynalite();
  const ssm = new SsmEndpoint({ [ACCOUNT_KEY_PARAMETER]: ACCOUNT_KEY_SECRET });
  const sts = new StsEndpoint(REGION, { [String(process.env.AWS_ACCESS_KEY_ID)]: { secretAccessKey: String(process.env.AWS_SECRET_ACCESS_KEY), arn: OPERATOR_ARN } });
  const cognito = await startCognitoLocal({ pool: programPool() });
  const endpoints = {
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    AWS_ENDPOINT_URL_SSM: await ssm.start(),
    AWS_ENDPOINT_URL_STS: await sts.start(),
    AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: cognito.endpoint,
  };
  const previous = Object.fromEntries(Object.keys(endpoints).map((name) => [name, process.env[name]]));
  Object.assign(process.env, endpoints);
  const email = 'ada@example.com';
  const username = await confirmedUser(cognito, email);

  const client: DynamoDBClient = createDynamoDbClient({ timeoutMs: 4000, maxAttempts: 1 });
  const keys = new HmacAccountKeys(async () => ACCOUNT_KEY_SECRET);
  const ledger = new DynamoDbAttemptLedger(client, { tableName: dynamo.tableName, retentionSeconds: 86_400 });
  const trail = new DynamoDbAuditTrail(client, { tableName: dynamo.tableName, retentionDays: 90 });
  const store = new DynamoDbAccountStore(client, { tableName: dynamo.tableName });
  const signIn = new RecordSignInAttempt(keys, ledger, trail, { requirePasswordReset: sinon.stub().resolves() }, clock, DEFAULT_SIGN_IN_PROTECTION);
  const WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems']);

  return {
    dynamo,
    cognito,
    ssm,
    sts,
    endpoints,
    ada: { email, username },
    clock,
    flags: (overrides = {}) => [
      '--table', overrides.table ?? dynamo.tableName,
      '--account-key-parameter', overrides.parameter ?? ACCOUNT_KEY_PARAMETER,
      '--user-pool-id', overrides.pool ?? cognito.userPoolId,
      '--region', REGION,
    ],
    attempt: (name, accountExists = true) => signIn.execute({ eventId: nextEventId(), poolId: cognito.userPoolId, username: name, accountExists }),
    confirm: async (name, address) => {
      await store.recordConfirmation({ account: await keys.refFor(name), username: name, sub: name, email: address, at: clock.now() - 86_400_000 });
    },
    writes: () => Object.fromEntries([...dynamo.requests].filter(([operation]) => WRITES.has(operation))),
    stop: async () => {
      client.destroy();
      for (const [name, value] of Object.entries(previous)) {
        if (name === 'AWS_ENDPOINT_URL_DYNAMODB') continue; // dynalite's own stop restores it
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
      await Promise.all([cognito.stop(), ssm.stop(), sts.stop()]);
      await dynamo.stop();
    },
  };
}
