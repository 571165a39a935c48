import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { DomainError } from '../../domain';
import { awsFailure, STORE_FAILURES } from '../aws-errors';

/**
 * A failed store call as a domain error naming the operation: `StoreUnavailableError` when DynamoDB
 * could not answer in time, `StoreRejectedError` when it answered with a refusal (a missing table or
 * permission, an invalid request).
 */
export function storeFailure(operation: string, error: unknown): DomainError {
  return awsFailure(`DynamoDB ${operation}`, error, STORE_FAILURES);
}

/** A failed condition; with `ReturnValuesOnConditionCheckFailure`, DynamoDB attaches the item (wire format). */
export function isConditionalCheckFailure(error: unknown): error is Error & { Item?: Record<string, AttributeValue> } {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}
