import { UnknownAccountError } from '../errors';
import type { AccountAdministration } from '../ports/account-administration';
import type { AccountKeys } from '../ports/account-keys';
import type { Clock } from '../ports/clock';
import type { PoolUsers } from '../ports/pool-users';
import { FindAccount, type FoundAccount } from './find-account';
import { UnlockAccount, type UnlockResult } from './unlock-account';

export interface UnlockNamedInput {
  readonly eventId: string;
  /** A username or an email address, as for `FindAccount`. */
  readonly identifier: string;
  readonly operator: string;
}

export type NamedUnlockResult = UnlockResult & { readonly found: FoundAccount };

/**
 * Support unlocks the account a person signs in as. The account is found first and every read must
 * succeed before anything is written. A name the pool does not know is refused: its attempts lock
 * nobody out (a sign-in under a real user's address reaches the triggers as that user's username),
 * so there is nothing to lift.
 */
export class UnlockNamedAccount {
  private readonly find: FindAccount;
  private readonly unlock: UnlockAccount;

  constructor(keys: AccountKeys, administration: AccountAdministration, clock: Clock, users?: PoolUsers) {
    this.find = new FindAccount(keys, administration, clock, users);
    this.unlock = new UnlockAccount(keys, administration, clock);
  }

  async execute(input: UnlockNamedInput): Promise<NamedUnlockResult> {
    const found = await this.find.execute({ identifier: input.identifier, auditLimit: 0 });
    if (found.kind === 'unknown-name') {
      throw new UnknownAccountError(`the pool has no user ${input.identifier.trim()}: attempts under a name nobody has lock no one out`);
    }
    const username = found.kind === 'pool-user' ? found.user.username : input.identifier;
    const result = await this.unlock.execute({ eventId: input.eventId, username, operator: input.operator });
    return { ...result, found };
  }
}
