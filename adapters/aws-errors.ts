import { isServerError, isThrottlingError, isTransientError } from '@smithy/core/retry';

/**
 * Whether an AWS SDK error is transient: the service could not answer in time (timeouts, throttling,
 * 5xx, network failures, or this invocation's deadline cutting the request short). Everything else
 * is an answer — a missing table, a missing permission, a rejected request — and must never be
 * mistaken for an outage. The SDK's own retry classification decides, so both agree on what a retry
 * could fix.
 */
export function isTransientAwsError(error: unknown): boolean {
  // Libraries that wrap SDK calls (Powertools Parameters) keep the SDK error as the cause.
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth += 1) {
    // The SDK treats an abort as the caller's wish; here the only caller that aborts is the deadline.
    if (current.name === 'AbortError' || current.name === 'DeadlineExceededError') return true;
    const candidate = current as Parameters<typeof isTransientError>[0];
    if (isTransientError(candidate) || isThrottlingError(candidate) || isServerError(candidate)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/** The SDK error's name (its exception type), never its message or request: safe for logs. */
export function errorName(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}
