import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { StoreRejectedError, StoreUnavailableError } from '../../domain';
import { errorName, isTransientAwsError } from '../aws-errors';

/**
 * A failed store call as a domain error naming the operation: `StoreUnavailableError` when DynamoDB
 * could not answer in time, `StoreRejectedError` when it answered with a refusal (a missing table or
 * permission, an invalid request). The message carries the SDK error's name, never item contents;
 * the SDK error stays attached as the cause.
 */
export function storeFailure(operation: string, error: unknown): StoreUnavailableError | StoreRejectedError {
  const message = `DynamoDB ${operation} failed (${errorName(error)})`;
  return isTransientAwsError(error)
    ? new StoreUnavailableError(message, { cause: error })
    : new StoreRejectedError(message, { cause: error });
}

/** A failed condition; with `ReturnValuesOnConditionCheckFailure`, DynamoDB attaches the item (wire format). */
export function isConditionalCheckFailure(error: unknown): error is Error & { Item?: Record<string, AttributeValue> } {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}
