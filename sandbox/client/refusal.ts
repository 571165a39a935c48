/** How a call that should fail failed: Cognito's error type and message. */
export interface Refusal {
  readonly code: string;
  readonly message: string;
}

/** The call was expected to be refused and was not. */
export class NotRefusedError extends Error {
  override readonly name = 'NotRefusedError';
}

/**
 * The refusal a call ended with. amazon-cognito-identity-js reports Cognito's error type as `code`, the
 * AWS SDK as `name`; both come out as `code`. A call that succeeds throws `NotRefusedError`.
 */
export async function refusalOf(attempt: Promise<unknown>, what = 'the call'): Promise<Refusal> {
  try {
    await attempt;
  } catch (error) {
    const { code, name, message } = error as { code?: string; name: string; message: string };
    return { code: code ?? name, message };
  }
  throw new NotRefusedError(`${what} succeeded`);
}
