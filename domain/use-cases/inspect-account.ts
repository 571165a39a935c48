import { normaliseUsername, type AccountRef } from '../model/account';
import type { AccountSnapshot } from '../model/account-snapshot';
import { isLocked, NO_ATTEMPTS, type LoginAttempts } from '../model/login-attempts';
import type { AccountAdministration, ReadOptions } from '../ports/account-administration';
import type { AccountKeys } from '../ports/account-keys';
import type { Clock } from '../ports/clock';

export interface InspectionInput extends ReadOptions {
  readonly username: string;
}

export interface Inspection {
  readonly account: AccountRef;
  readonly record?: AccountSnapshot['record'];
  /** The protection state, `NO_ATTEMPTS` when nothing is counted. */
  readonly protection: LoginAttempts;
  readonly locked: boolean;
  readonly audit: AccountSnapshot['audit'];
}

/**
 * An operator's look at one account: its record, its sign-in protection state and its audit trail,
 * found by username the way the triggers key it. Unknown usernames have a key too (attempts on them are
 * counted): whether the user exists is the directory's to say, not this use case's.
 */
export class InspectAccount {
  constructor(
    private readonly keys: AccountKeys,
    private readonly administration: AccountAdministration,
    private readonly clock: Clock,
  ) {}

  async execute(input: InspectionInput): Promise<Inspection> {
    const account = await this.keys.refFor(normaliseUsername(input.username));
    const { username: _username, ...options } = input;
    const snapshot = await this.administration.read(account, options);
    const protection = snapshot.protection ?? NO_ATTEMPTS;
    return {
      account,
      ...(snapshot.record ? { record: snapshot.record } : {}),
      protection,
      locked: isLocked(protection, this.clock.now()),
      audit: snapshot.audit,
    };
  }
}
