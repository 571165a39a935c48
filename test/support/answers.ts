import type { Person } from './cognito-events';

/** What users see, word for word (Cognito prefixes it with "<Trigger> failed with error"). */
export const ANSWERS = {
  locked: 'Too many failed sign-in attempts, please try again later',
  reset: 'Too many failed sign-in attempts, check your email for a code to reset your password',
  unavailable: 'Sign-in is temporarily unavailable, please try again in a few minutes',
  generic: 'Something went wrong, please try again later',
} as const;

/** What an invocation answered: ok, or the message Cognito would show. */
export async function settle(promise: Promise<unknown>): Promise<{ ok: true } | { ok: false; message: string }> {
  try {
    await promise;
    return { ok: true };
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
}

/** People of one test file: `series` keeps files apart (their accounts never meet in one table). */
export function people(series: number, mailbox: string): (n: number) => Person {
  return (n) => {
    const id = `${String(series).padStart(8, '0')}-0000-4000-8000-${String(n).padStart(12, '0')}`;
    return { userName: id, sub: id, email: `${mailbox}${n}@example.com` };
  };
}
