import type { Account, AccountStore, Confirmation, SignIn } from '../../../domain';
import { FailureSwitch, type FailureOptions } from './failure-switch';

/** Account records by account key, updated as `AccountStore` specifies. */
export class InMemoryAccountStore implements AccountStore {
  private readonly accounts = new Map<string, Account>();
  private readonly failures = new FailureSwitch<'recordSignIn' | 'recordConfirmation'>();

  async recordSignIn(signIn: SignIn): Promise<void> {
    this.failures.check('recordSignIn');
    const { key } = signIn.account;
    const previous = this.accounts.get(key);
    this.accounts.set(key, {
      ...previous,
      username: signIn.username,
      ...(signIn.sub === undefined ? {} : { sub: signIn.sub }),
      ...(signIn.email === undefined ? {} : { email: signIn.email }),
      lastSignInAt: signIn.at,
      signInCount: (previous?.signInCount ?? 0) + 1,
    });
  }

  async recordConfirmation(confirmation: Confirmation): Promise<'created' | 'existing'> {
    this.failures.check('recordConfirmation');
    const { key } = confirmation.account;
    const previous = this.accounts.get(key);
    const created = previous?.confirmedAt === undefined;
    this.accounts.set(key, {
      username: confirmation.username,
      status: 'CONFIRMED',
      createdAt: confirmation.at,
      confirmedAt: confirmation.at,
      ...(confirmation.sub === undefined ? {} : { sub: confirmation.sub }),
      ...(confirmation.email === undefined ? {} : { email: confirmation.email }),
      ...previous,
    });
    return created ? 'created' : 'existing';
  }

  accountOf(key: string): Account | undefined {
    return this.accounts.get(key);
  }

  seed(key: string, account: Account): void {
    this.accounts.set(key, account);
  }

  failNext(options?: FailureOptions<'recordSignIn' | 'recordConfirmation'>): void {
    this.failures.failNext(options);
  }

  heal(): void {
    this.failures.heal();
  }
}
