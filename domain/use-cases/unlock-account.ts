import { InvalidInputError } from '../errors';
import { normaliseUsername } from '../model/account';
import type { LoginAttempts } from '../model/login-attempts';
import type { AccountAdministration } from '../ports/account-administration';
import type { AccountKeys } from '../ports/account-keys';
import type { Clock } from '../ports/clock';

/** Operator names longer than this are not names: refused before anything is written. */
export const MAX_OPERATOR_LENGTH = 256;

export interface UnlockInput {
  /** Unique per action: the audit entry's id. */
  readonly eventId: string;
  readonly username: string;
  /** Who asks, kept in the audit trail. */
  readonly operator: string;
}

export type UnlockResult =
  | { readonly outcome: 'unlocked'; readonly cleared: LoginAttempts }
  | { readonly outcome: 'nothing-to-unlock' };

/**
 * Support lifts an account's sign-in protection: the lock, the counters and the backoff level go, as
 * after a password reset, and the audit trail says who did it. Nothing is written when there was
 * nothing to clear. Failures are thrown: an operator is there to read them.
 */
export class UnlockAccount {
  constructor(
    private readonly keys: AccountKeys,
    private readonly administration: AccountAdministration,
    private readonly clock: Clock,
  ) {}

  async execute(input: UnlockInput): Promise<UnlockResult> {
    const operator = input.operator.trim();
    if (operator.length === 0 || operator.length > MAX_OPERATOR_LENGTH) {
      throw new InvalidInputError(`the operator must be named in 1 to ${MAX_OPERATOR_LENGTH} characters`);
    }
    const account = await this.keys.refFor(normaliseUsername(input.username));
    const cleared = await this.administration.unlock(account, { id: input.eventId, at: this.clock.now(), operator });
    return cleared ? { outcome: 'unlocked', cleared } : { outcome: 'nothing-to-unlock' };
  }
}
