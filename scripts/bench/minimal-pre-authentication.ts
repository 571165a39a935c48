/**
 * The floor Gatehouse's PreAuthentication is measured against: a hand-written handler doing exactly one
 * conditional `UpdateItem` per sign-in attempt with the same pinned @aws-sdk/client-dynamodb. No
 * logger, no validation, no container, no audit, no Gatehouse code.
 *
 * Its one client is built once per cold start (at load, as hand-written handlers usually do) with the
 * request-handler settings Gatehouse gives its clients (adapters/aws-client-options.ts and
 * adapters/dynamodb/dynamodb-client.ts, written out here by hand): connection timeout half the request
 * timeout (at least 50 ms), request timeout, `throwOnRequestTimeout`, attempts per request. The two
 * numbers come from the same variables Gatehouse reads, with Gatehouse's defaults.
 *
 * Bundled by scripts/bench/build.ts with the esbuild options of scripts/bundle.ts into
 * dist/bench/minimal-pre-authentication/index.js.
 */
import { ConditionalCheckFailedException, DynamoDBClient, UpdateItemCommand } from '@aws-sdk/client-dynamodb';

interface PreAuthenticationEvent {
  readonly userName: string;
}

const tableName = process.env.TABLE_NAME;
const timeoutMs = Number(process.env.CLIENT_TIMEOUT_MS ?? 1000);

const client = new DynamoDBClient({
  maxAttempts: Number(process.env.CLIENT_MAX_ATTEMPTS ?? 2),
  requestHandler: {
    connectionTimeout: Math.max(50, Math.floor(timeoutMs / 2)),
    requestTimeout: timeoutMs,
    throwOnRequestTimeout: true,
  },
});

export async function handler<E extends PreAuthenticationEvent>(event: E): Promise<E> {
  const now = Date.now();
  try {
    await client.send(
      new UpdateItemCommand({
        TableName: tableName,
        Key: { pk: { S: `USER#${event.userName.toLowerCase()}` }, sk: { S: 'ATTEMPTS' } },
        UpdateExpression: 'ADD attempts :one',
        ConditionExpression: 'attribute_not_exists(lockedUntil) OR lockedUntil <= :now',
        ExpressionAttributeValues: { ':one': { N: '1' }, ':now': { N: String(now) } },
        ReturnValues: 'ALL_NEW',
      }),
    );
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) {
      throw new Error('Too many failed sign-in attempts, please try again later');
    }
    throw error;
  }
  return event;
}
