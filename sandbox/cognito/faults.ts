import type { IncomingMessage, ServerResponse } from 'node:http';

export interface FaultOptions {
  /** How many requests in a row get the error; default 1. */
  readonly times?: number;
  /** Default 400, as Cognito answers client and throttling errors. */
  readonly status?: number;
  readonly message?: string;
}

interface Fault {
  readonly type: string;
  readonly status: number;
  readonly message: string;
  remaining: number;
}

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

/**
 * In front of the emulator: counts requests by operation (the `X-Amz-Target` suffix) and answers the
 * next ones of an operation with an error instead, so that a caller's retries and error handling can be
 * exercised (a throttled AdminGetUser, say) without the emulator knowing.
 */
export class FaultInjector {
  /** Requests received, by operation (`AdminGetUser`, …), answered or faulted, since the last reset. */
  readonly requests = new Map<string, number>();
  private readonly faults = new Map<string, Fault>();

  /** Answers the next request(s) for `operation` with the error `type` (`TooManyRequestsException`). */
  failNext(operation: string, type: string, options: FaultOptions = {}): void {
    this.faults.set(operation, {
      type,
      status: options.status ?? 400,
      message: options.message ?? `${type} (injected)`,
      remaining: options.times ?? 1,
    });
  }

  around(next: Handler): Handler {
    return (request, response) => {
      const target = String(request.headers['x-amz-target'] ?? '');
      const operation = target.split('.').pop() ?? target;
      if (operation !== '') this.requests.set(operation, (this.requests.get(operation) ?? 0) + 1);
      const fault = this.faults.get(operation);
      if (fault && fault.remaining > 0) {
        fault.remaining -= 1;
        request.resume();
        response.writeHead(fault.status, { 'content-type': 'application/x-amz-json-1.1' });
        response.end(JSON.stringify({ __type: fault.type, message: fault.message }));
        return;
      }
      next(request, response);
    };
  }
}
