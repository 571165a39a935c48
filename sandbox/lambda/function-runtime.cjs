'use strict';
/**
 * The runtime inside one function's execution environment: what Lambda's Node.js runtime does for a
 * bundle, in a process of its own that function-process.ts starts with plain `node` (no TypeScript
 * loader, so it runs from a fresh clone after `npm run build`).
 *
 *   node function-runtime.cjs <bundle>/index.js
 *
 * It loads the bundle once (the init phase of a cold start) and says `ready`, or `init-error` and
 * exits. Then it runs one invocation at a time, as the parent sends them over the IPC channel:
 *
 *   in   { type: 'invoke', requestId, deadlineMs, invokedFunctionArn, event }
 *   out  { type: 'result', requestId, payload }   payload: the handler's result as JSON text
 *        { type: 'error', requestId, error: { errorType, errorMessage } }
 *
 * The function's identity (name, version, memory, log group and stream) comes from the reserved
 * variables Lambda sets, as the real runtime reads them. Whatever the function writes to stdout and
 * stderr is its log; the parent forwards it line by line.
 */
const { resolve } = require('node:path');

/** An error as Lambda reports it: `errorType` is the error's name, or the type of a thrown non-error. */
function describe(error) {
  if (error instanceof Error) return { errorType: error.name || 'Error', errorMessage: error.message };
  if (error === null || error === undefined) return { errorType: 'Error', errorMessage: String(error) };
  return { errorType: typeof error, errorMessage: typeof error === 'string' ? error : JSON.stringify(error) };
}

/** Lambda's record of a failed invocation in the function's log (JSON log format), with the stack. */
function logFailure(requestId, error) {
  const stackTrace = error instanceof Error && typeof error.stack === 'string' ? error.stack.split('\n') : [];
  const message = { ...describe(error), stackTrace };
  process.stderr.write(`${JSON.stringify({ timestamp: new Date().toISOString(), level: 'ERROR', requestId, message })}\n`);
}

/** Sends a message, then ends the process once it is on its way (a crash must still be reported). */
function sendAndExit(message, code) {
  if (process.connected) process.send(message, () => process.exit(code));
  else process.exit(code);
}

// Without its parent this environment serves nothing: end with it rather than linger as an orphan.
process.on('disconnect', () => process.exit(0));

let handler;
try {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  handler = require(resolve(process.argv[2])).handler;
  if (typeof handler !== 'function') {
    sendAndExit(
      { type: 'init-error', error: { errorType: 'Runtime.HandlerNotFound', errorMessage: 'index.handler is undefined or not exported' } },
      1,
    );
  }
} catch (error) {
  const described = describe(error);
  if (error && error.code === 'MODULE_NOT_FOUND') described.errorType = 'Runtime.ImportModuleError';
  logFailure(undefined, error);
  sendAndExit({ type: 'init-error', error: described }, 1);
}

/** The invocation in flight: the parent sends one at a time, as Lambda gives an environment one event. */
let current;

// An error outside the handler's promise ends the environment, as it does in Lambda; the invocation in
// flight (if any) reports it first.
process.on('uncaughtException', (error) => {
  logFailure(current, error);
  if (current === undefined) process.exit(1);
  sendAndExit({ type: 'error', requestId: current, error: describe(error) }, 1);
});
process.on('unhandledRejection', (reason) => {
  logFailure(current, reason);
  const { errorType, errorMessage } = describe(reason);
  const error = { errorType: 'Runtime.UnhandledPromiseRejection', errorMessage: `${errorType}: ${errorMessage}` };
  if (current === undefined) process.exit(128);
  sendAndExit({ type: 'error', requestId: current, error }, 128);
});

/** Calls the handler, async or with a callback, and settles with what it answers first. */
function call(event, context) {
  return new Promise((settle, fail) => {
    const callback = (error, result) => (error === null || error === undefined ? settle(result) : fail(error));
    const returned = handler(event, context, callback);
    if (returned !== null && typeof returned === 'object' && typeof returned.then === 'function') returned.then(settle, fail);
  });
}

async function invoke({ requestId, deadlineMs, invokedFunctionArn, event }) {
  if (current !== undefined) {
    process.send({ type: 'error', requestId, error: { errorType: 'Runtime.Busy', errorMessage: `invocation ${current} is in flight` } });
    return;
  }
  current = requestId;
  const env = process.env;
  const context = {
    callbackWaitsForEmptyEventLoop: true,
    functionName: env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: env.AWS_LAMBDA_FUNCTION_VERSION,
    invokedFunctionArn,
    memoryLimitInMB: env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    awsRequestId: requestId,
    logGroupName: env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: env.AWS_LAMBDA_LOG_STREAM_NAME,
    getRemainingTimeInMillis: () => Math.max(0, deadlineMs - Date.now()),
  };
  let message;
  try {
    const result = await call(event, context);
    // Lambda answers `null` for a handler that returns nothing.
    message = { type: 'result', requestId, payload: JSON.stringify(result === undefined ? null : result) };
  } catch (error) {
    logFailure(requestId, error);
    message = { type: 'error', requestId, error: describe(error) };
  }
  current = undefined;
  if (process.connected) process.send(message);
}

if (typeof handler === 'function') {
  process.on('message', (message) => {
    if (message && message.type === 'invoke') void invoke(message);
  });
  process.send({ type: 'ready' });
}
