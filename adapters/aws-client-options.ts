/** How every AWS client of a trigger is bounded, so that a silent service cannot outlast Cognito's 5 s. */
export interface ClientOptions {
  /** Upper bound of one request, connection included. */
  readonly timeoutMs: number;
  /** Attempts per request, the first included. */
  readonly maxAttempts: number;
}

/**
 * The SDK's Node.js request handler settings for these bounds: connecting takes at most half the budget.
 * `requestTimeout` alone only logs a warning in current SDK versions and lets the request run on; the
 * request must be abandoned, so `throwOnRequestTimeout` is required.
 */
export function requestHandlerOptions(options: ClientOptions) {
  return {
    connectionTimeout: Math.max(50, Math.floor(options.timeoutMs / 2)),
    requestTimeout: options.timeoutMs,
    throwOnRequestTimeout: true,
  };
}
