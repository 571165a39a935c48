import { StoreUnavailableError } from '../../domain';

/**
 * Every failure of a store call becomes a `StoreUnavailableError` naming the operation. The message
 * carries the SDK error's name, never item contents; the SDK error stays attached as the cause.
 */
export function storeUnavailable(operation: string, error: unknown): StoreUnavailableError {
  const name = error instanceof Error ? error.name : typeof error;
  return new StoreUnavailableError(`DynamoDB ${operation} failed (${name})`, { cause: error });
}

export function isConditionalCheckFailure(error: unknown): error is Error & { Item?: Record<string, unknown> } {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}
