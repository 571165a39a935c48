/** The sandbox did not do what the journey expects of a Gatehouse pool. */
export class JourneyError extends Error {
  override readonly name = 'JourneyError';
}

/** Checks every 200 ms until `check` holds, or fails with the message once `timeoutMs` has passed. */
export async function waitUntil(timeoutMs: number, check: () => Promise<boolean>, failureMessage: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new JourneyError(`${failureMessage} within ${seconds(timeoutMs)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export function seconds(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
