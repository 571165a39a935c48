import type { Account, AccountStore, SignIn } from '../../../domain';
import { FailureSwitch, type FailureOptions } from './failure-switch';

/** Account records keyed by normalised username, updated as `AccountStore.recordSignIn` specifies. */
export class InMemoryAccountStore implements AccountStore {
  private readonly accounts = new Map<string, Account>();
  private readonly failures = new FailureSwitch<'recordSignIn'>();

  async recordSignIn(signIn: SignIn): Promise<void> {
    this.failures.check('recordSignIn');
    const { username } = signIn.account;
    const previous = this.accounts.get(username) ?? { username };
    this.accounts.set(username, {
      ...previous,
      ...(signIn.sub === undefined ? {} : { sub: signIn.sub }),
      ...(signIn.email === undefined ? {} : { email: signIn.email }),
      lastSignInAt: signIn.at,
      signInCount: (previous.signInCount ?? 0) + 1,
    });
  }

  accountOf(username: string): Account | undefined {
    return this.accounts.get(username);
  }

  seed(account: Account): void {
    this.accounts.set(account.username, account);
  }

  failNext(options?: FailureOptions<'recordSignIn'>): void {
    this.failures.failNext(options);
  }

  heal(): void {
    this.failures.heal();
  }
}
