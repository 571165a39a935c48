import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { requestHandlerOptions, type ClientOptions } from '../aws-client-options';
import { boundByDeadline } from '../invocation-deadline';

/**
 * One client per cold start, from the SDK's default configuration chain (so `AWS_REGION` and
 * `AWS_ENDPOINT_URL_DYNAMODB` work unchanged), with timeouts that keep a trigger inside Cognito's
 * five seconds even when DynamoDB does not answer. Every request also honours the invocation's deadline.
 */
export function createDocumentClient(options: ClientOptions): DynamoDBDocumentClient {
  const client = new DynamoDBClient({
    maxAttempts: options.maxAttempts,
    requestHandler: requestHandlerOptions(options),
  });
  return boundByDeadline(DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } }));
}
