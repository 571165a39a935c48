import { UnknownAccountError } from '../errors';
import { normaliseUsername } from '../model/account';
import type { LoginAttempts } from '../model/login-attempts';
import type { AccountAdministration, ReadOptions } from '../ports/account-administration';
import type { AccountKeys } from '../ports/account-keys';
import type { Clock } from '../ports/clock';
import type { PoolUser, PoolUsers } from '../ports/pool-users';
import { InspectAccount, type Inspection } from './inspect-account';

export interface FindAccountInput extends ReadOptions {
  /** What the operator was given: a username or an email address. */
  readonly identifier: string;
}

/**
 * - `pool-user`: the pool's user the identifier signs in as; the triggers key it by the pool's own
 *   username. `typedName` is what is kept under the identifier as typed, when something is (attempts
 *   typed before the user existed: a name the pool did not know is counted under what was typed).
 * - `unknown-name`: the pool has no such user, but attempts typed under that name are kept.
 * - `keyed-name`: no pool to ask; the identifier is taken as the username the triggers receive.
 */
export type FoundAccount =
  | { readonly kind: 'pool-user'; readonly user: PoolUser; readonly inspection: Inspection; readonly typedName?: Inspection }
  | { readonly kind: 'unknown-name'; readonly inspection: Inspection }
  | { readonly kind: 'keyed-name'; readonly inspection: Inspection };

/**
 * An operator names an account by username or email; this finds what the triggers keep for it. In a
 * Gatehouse pool the email is a sign-in alias and the username is the user's `sub`: a sign-in as
 * `jane@example.com` reaches the triggers as the user's username, so the pool is asked first. A name
 * the pool does not know is looked up as typed, because attempts against unknown usernames are counted
 * under what was typed; when nothing is kept there either, the account is unknown.
 */
export class FindAccount {
  private readonly inspect: InspectAccount;

  constructor(
    keys: AccountKeys,
    administration: AccountAdministration,
    clock: Clock,
    /** Absent when the operator gave no pool: the identifier is then the username itself. */
    private readonly users?: PoolUsers,
  ) {
    this.inspect = new InspectAccount(keys, administration, clock);
  }

  async execute(input: FindAccountInput): Promise<FoundAccount> {
    const { identifier, ...options } = input;
    const typed = normaliseUsername(identifier);
    if (!this.users) {
      const inspection = await this.inspect.execute({ username: typed, ...options });
      if (holdsNothing(inspection)) {
        throw new UnknownAccountError(`nothing is kept under the username ${identifier.trim()} (give the pool to look up an email address)`);
      }
      return { kind: 'keyed-name', inspection };
    }
    const user = await this.users.find(identifier.trim());
    if (!user) {
      const inspection = await this.inspect.execute({ username: typed, ...options });
      if (holdsNothing(inspection)) throw new UnknownAccountError(`the pool has no user ${identifier.trim()}, and nothing is kept under that name`);
      return { kind: 'unknown-name', inspection };
    }
    const inspection = await this.inspect.execute({ username: user.username, ...options });
    if (normaliseUsername(user.username) === typed) return { kind: 'pool-user', user, inspection };
    const typedName = await this.inspect.execute({ username: typed, auditLimit: 0 });
    return { kind: 'pool-user', user, inspection, ...(holdsNothing(typedName) ? {} : { typedName }) };
  }
}

/** No record, no protection state and no audit entry (of those read). */
export function holdsNothing(inspection: Inspection): boolean {
  return inspection.record === undefined && !isCounted(inspection.protection) && inspection.audit.length === 0;
}

function isCounted(state: LoginAttempts): boolean {
  return state.attemptsInWindow > 0 || state.streak > 0 || state.lockouts > 0 || state.lockedUntil !== undefined || state.resetRequired;
}
