import { StackConfigError } from '../infra/config';

/** A wrong command line. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** What a person sees when the sandbox cannot start: the reason and what to do, never a stack trace. */
export function explain(error: unknown): string {
  const failure = error as NodeJS.ErrnoException & { port?: number };
  if (failure.code === 'EADDRINUSE') {
    return (
      `a port the sandbox needs is in use${failure.port ? ` (${failure.port})` : ''}: stop what uses it, ` +
      'or run `npm start -- --ephemeral-ports`'
    );
  }
  if (error instanceof StackConfigError || error instanceof UsageError) return error.message;
  return error instanceof Error ? error.message : String(error);
}
