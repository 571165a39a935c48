/**
 * One cold start, in the fresh Node process the benchmark starts for it (bundled to
 * dist/bench/cold-start.js and run without any loader): loads a handler bundle as Lambda's runtime does
 * at init, invokes it once, and prints `{ loadMs, firstMs, outcome }` as one JSON line.
 *
 *   node dist/bench/cold-start.js <bundle path> <userName>
 *
 * A process of its own each time: V8 keeps compiled code within a process, so a reload there is not cold.
 */
import { performance } from 'node:perf_hooks';
import { lambdaContext, preAuthenticationEvent } from '../../test/support/cognito-events';

type Handler = (event: unknown, context: unknown) => Promise<unknown>;

async function main(): Promise<void> {
  const [path, userName] = process.argv.slice(2);
  if (!path || !userName) throw new Error('usage: cold-start.js <bundle path> <userName>');
  const event = preAuthenticationEvent({ userName, sub: userName, email: `${userName}@example.com` });
  const context = lambdaContext('bench-pre-authentication');

  const started = performance.now();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { handler } = require(path) as { handler: Handler };
  const loaded = performance.now();
  let outcome = 'ok';
  try {
    await handler(event, context);
  } catch (error) {
    outcome = (error as Error).message;
  }
  const invoked = performance.now();

  process.stdout.write(`${JSON.stringify({ loadMs: loaded - started, firstMs: invoked - loaded, outcome })}\n`, () =>
    process.exit(0),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
