import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface ClientOptions {
  /** Upper bound of one request, connection included. */
  readonly timeoutMs: number;
  /** Attempts per request, the first included. */
  readonly maxAttempts: number;
}

/**
 * One client per cold start, from the SDK's default configuration chain (so `AWS_REGION` and
 * `AWS_ENDPOINT_URL_DYNAMODB` work unchanged), with timeouts that keep a trigger inside Cognito's
 * five seconds even when DynamoDB does not answer.
 */
export function createDocumentClient(options: ClientOptions): DynamoDBDocumentClient {
  const client = new DynamoDBClient({
    maxAttempts: options.maxAttempts,
    requestHandler: {
      connectionTimeout: Math.max(50, Math.floor(options.timeoutMs / 2)),
      requestTimeout: options.timeoutMs,
    },
  });
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}
