import type { AccountRef, IssuedLink, MagicLinkStore, Redemption } from '../../../domain';
import { FailureSwitch, type FailureOptions } from './failure-switch';

/** The link store as the port specifies it: one live link per account, fixed-window request counts. */
export class InMemoryMagicLinks implements MagicLinkStore {
  readonly links = new Map<string, IssuedLink>();
  private readonly counts = new Map<string, number>();
  private readonly failures = new FailureSwitch<keyof MagicLinkStore>();

  async countRequest(account: AccountRef, now: number, windowSeconds: number): Promise<number> {
    this.failures.check('countRequest');
    const key = `${account.key}#${Math.floor(now / 1000 / windowSeconds)}`;
    const count = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, count);
    return count;
  }

  async issue(account: AccountRef, link: IssuedLink): Promise<void> {
    this.failures.check('issue');
    this.links.set(account.key, link);
  }

  async redeem(account: AccountRef, secretHash: string, now: number): Promise<Redemption> {
    this.failures.check('redeem');
    const link = this.links.get(account.key);
    if (link === undefined || link.secretHash !== secretHash) return 'wrong';
    if (link.validUntil <= now) return 'expired';
    this.links.delete(account.key);
    return 'redeemed';
  }

  failNext(options?: FailureOptions<keyof MagicLinkStore>): void {
    this.failures.failNext(options);
  }
}
