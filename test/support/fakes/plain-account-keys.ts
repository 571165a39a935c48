import type { AccountKeys, AccountRef } from '../../../domain';
import { FailureSwitch, type FailureOptions } from './failure-switch';

/**
 * Account keys that are the normalised username itself, so that tests can look an account's state up
 * by name. The real keys (adapters/crypto/hmac-account-keys.ts) are a keyed hash.
 */
export class PlainAccountKeys implements AccountKeys {
  readonly requested: string[] = [];
  private readonly failures = new FailureSwitch<'refFor'>();

  async refFor(normalisedUsername: string): Promise<AccountRef> {
    this.failures.check('refFor');
    this.requested.push(normalisedUsername);
    return { key: normalisedUsername };
  }

  failNext(options?: FailureOptions<'refFor'>): void {
    this.failures.failNext(options);
  }
}
