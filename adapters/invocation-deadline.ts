/**
 * One deadline per invocation, shared by every AWS call it makes. Each request is bounded on its own
 * (timeout × attempts), but calls made one after another could still add up past Cognito's five
 * seconds; under a deadline, every call gets only what is left of the invocation's time.
 *
 * An invocation's deadline is one abort signal with one timer, cleared when the invocation ends.
 * Lambda serves one invocation at a time per execution environment, so the deadline in force is
 * simply the current invocation's. A process that serves several at once (the tests, a local sandbox)
 * applies the latest of their deadlines to all of them: no call is cut short before its own
 * invocation's deadline. Tracking each invocation through its asynchronous context instead
 * (AsyncLocalStorage) costs every promise of the process a hook on Node.js 22: measurably slower.
 */

/** Below this, a request cannot complete anyway: it is not sent. */
export const MIN_REQUEST_MS = 25;

export class DeadlineExceededError extends Error {
  override readonly name = 'DeadlineExceededError';
}

interface Invocation {
  readonly deadline: number;
  readonly controller: AbortController;
}

const active = new Set<Invocation>();

function current(): Invocation | undefined {
  let latest: Invocation | undefined;
  for (const invocation of active) if (latest === undefined || invocation.deadline > latest.deadline) latest = invocation;
  return latest;
}

/** Runs `work` with a deadline (epoch milliseconds) for every AWS call it makes. */
export async function withDeadline<T>(deadline: number, work: () => Promise<T>): Promise<T> {
  const invocation: Invocation = { deadline, controller: new AbortController() };
  const timer = setTimeout(
    () => invocation.controller.abort(new DeadlineExceededError("the invocation's deadline has passed")),
    Math.max(0, deadline - Date.now()),
  );
  active.add(invocation);
  try {
    return await work();
  } finally {
    clearTimeout(timer);
    active.delete(invocation);
  }
}

/** Milliseconds left before the deadline in force; undefined outside an invocation. */
export function remainingMs(now: number = Date.now()): number | undefined {
  const invocation = current();
  return invocation === undefined ? undefined : invocation.deadline - now;
}

/** What an SDK `send` needs to stop at the deadline: the invocation's abort signal. */
export function deadlineSendOptions(): { abortSignal?: AbortSignal } {
  const invocation = current();
  if (invocation === undefined) return {};
  const remaining = invocation.deadline - Date.now();
  if (remaining < MIN_REQUEST_MS) {
    throw new DeadlineExceededError(`the invocation's deadline leaves ${Math.max(0, remaining)} ms, too little to send`);
  }
  return { abortSignal: invocation.controller.signal };
}

interface Sender {
  send(command: unknown, options?: unknown): Promise<unknown>;
}

/**
 * Makes every request of an SDK client (and of whatever library is handed the client) honour the
 * deadline in force, without each call site having to remember it.
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
