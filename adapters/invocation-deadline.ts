import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * One deadline per invocation, shared by every AWS call it makes. Each request is bounded on its own
 * (timeout × attempts), but calls made one after another could still add up past Cognito's five
 * seconds; under a deadline, every call gets only what is left of the invocation's time.
 *
 * The deadline travels with the invocation's asynchronous context, so concurrent invocations in one
 * process (tests, benchmarks, a local sandbox) each keep their own.
 */
const current = new AsyncLocalStorage<number>();

/** Below this, a request cannot complete anyway: it is not sent. */
export const MIN_REQUEST_MS = 25;

export class DeadlineExceededError extends Error {
  override readonly name = 'DeadlineExceededError';
}

/** Runs `work` with a deadline (epoch milliseconds) for every AWS call it makes. */
export function withDeadline<T>(deadline: number, work: () => Promise<T>): Promise<T> {
  return current.run(deadline, work);
}

/** Milliseconds left before the current invocation's deadline; undefined outside an invocation. */
export function remainingMs(now: number = Date.now()): number | undefined {
  const deadline = current.getStore();
  return deadline === undefined ? undefined : deadline - now;
}

/** What an SDK `send` needs to stop at the deadline: an abort signal for the time that is left. */
export function deadlineSendOptions(): { abortSignal?: AbortSignal } {
  const remaining = remainingMs();
  if (remaining === undefined) return {};
  if (remaining < MIN_REQUEST_MS) {
    throw new DeadlineExceededError(`the invocation's deadline leaves ${Math.max(0, remaining)} ms, too little to send`);
  }
  return { abortSignal: AbortSignal.timeout(remaining) };
}

interface Sender {
  send(command: unknown, options?: unknown): Promise<unknown>;
}

/**
 * Makes every request of an SDK client (and of whatever library is handed the client) honour the
 * current invocation's deadline, without each call site having to remember it.
 */
export function boundByDeadline<C extends Sender>(client: C): C {
  const send = client.send.bind(client) as (command: unknown, options?: unknown) => Promise<unknown>;
  (client as Sender).send = (command: unknown, options?: unknown) => {
    if (typeof options === 'function') return send(command, options); // callback style: untouched
    let bound: { abortSignal?: AbortSignal };
    try {
      bound = deadlineSendOptions();
    } catch (error) {
      return Promise.reject(error);
    }
    return send(command, { ...bound, ...(options as object | undefined) });
  };
  return client;
}
