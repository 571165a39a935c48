import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { requestHandlerOptions, type ClientOptions } from '../aws-client-options';
import { boundByDeadline } from '../invocation-deadline';

/**
 * One client per cold start, from the SDK's default configuration chain (so `AWS_REGION` and
 * `AWS_ENDPOINT_URL_DYNAMODB` work unchanged), with timeouts that keep a trigger inside Cognito's
 * five seconds even when DynamoDB does not answer. Every request also honours the invocation's deadline.
 *
 * The adapters send the low-level commands on it and write attribute values in DynamoDB's wire format
 * themselves (attribute-values.ts): the document client of @aws-sdk/lib-dynamodb would add its own
 * middleware and a marshalling pass to every request of the common path.
 */
export function createDynamoDbClient(options: ClientOptions): DynamoDBClient {
  return boundByDeadline(
    new DynamoDBClient({
      maxAttempts: options.maxAttempts,
      requestHandler: requestHandlerOptions(options),
    }),
  );
}
