import { isServerError, isThrottlingError, isTransientError } from '@smithy/core/retry';
import {
  CodeRejectedError,
  CodeUnavailableError,
  DirectoryRejectedError,
  DirectoryUnavailableError,
  MailRejectedError,
  MailUnavailableError,
  StoreRejectedError,
  StoreUnavailableError,
  TextRejectedError,
  TextUnavailableError,
  type DomainError,
} from '../domain';

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

type DomainErrorClass = new (message: string, options?: { cause?: unknown }) => DomainError;

interface FailureClasses {
  /** The service could not answer in time. */
  readonly unavailable: DomainErrorClass;
  /** The service answered with a refusal (a defect or a misconfiguration). */
  readonly rejected: DomainErrorClass;
}

/** The stores: the table and the secrets its keys are derived with. */
export const STORE_FAILURES: FailureClasses = { unavailable: StoreUnavailableError, rejected: StoreRejectedError };
/** The user directory (Cognito administration). */
export const DIRECTORY_FAILURES: FailureClasses = { unavailable: DirectoryUnavailableError, rejected: DirectoryRejectedError };
/** The key service a custom sender decrypts codes with (KMS). */
export const CODE_FAILURES: FailureClasses = { unavailable: CodeUnavailableError, rejected: CodeRejectedError };
/** The mail provider (SES). */
export const MAIL_FAILURES: FailureClasses = { unavailable: MailUnavailableError, rejected: MailRejectedError };
/** The SMS provider (SNS). */
export const TEXT_FAILURES: FailureClasses = { unavailable: TextUnavailableError, rejected: TextRejectedError };

/**
 * A failed AWS call as a domain error: unavailable or rejected, as `isTransientAwsError` decides. The
 * message names the call and the SDK error's name, never data; the SDK error stays attached as cause.
 */
export function awsFailure(call: string, error: unknown, classes: FailureClasses): DomainError {
  const ErrorClass = isTransientAwsError(error) ? classes.unavailable : classes.rejected;
  return new ErrorClass(`${call} failed (${errorName(error)})`, { cause: error });
}

/**
 * Some services quote what they were given in their answers (SES names addresses, SNS numbers), and
 * causes reach the logs. An answer stays attached as its type, status and request id only; errors raised
 * on this side (timeouts, network failures, the deadline) stay whole.
 */
export function withoutServiceMessage(service: string, error: unknown): unknown {
  const metadata = (error as { $metadata?: { httpStatusCode?: unknown; requestId?: unknown } } | undefined)?.$metadata;
  if (!(error instanceof Error) || typeof metadata?.httpStatusCode !== 'number') return error;
  const requestId = typeof metadata.requestId === 'string' ? metadata.requestId : 'unknown';
  const answer = new Error(`${service} answered HTTP ${metadata.httpStatusCode}, request ${requestId} (its message is withheld)`);
  answer.name = error.name;
  return Object.assign(answer, {
    $fault: (error as { $fault?: unknown }).$fault,
    $metadata: { httpStatusCode: metadata.httpStatusCode, requestId },
  });
}
