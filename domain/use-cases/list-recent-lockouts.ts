import { InvalidInputError } from '../errors';
import type { RecentLockout } from '../model/recent-lockout';
import type { AccountAdministration } from '../ports/account-administration';
import type { Clock } from '../ports/clock';

/** Without `since`: the last day. */
export const DEFAULT_LOCKOUT_PERIOD_MS = 86_400_000;
/** One index partition per day is read: a period is bounded so a listing stays a handful of queries. */
export const MAX_LOCKOUT_PERIOD_MS = 90 * 86_400_000;
export const DEFAULT_LOCKOUT_LIMIT = 100;
export const MAX_LOCKOUT_LIMIT = 1000;

export interface RecentLockoutsInput {
  /** Epoch milliseconds; default a day ago. */
  readonly since?: number;
  readonly limit?: number;
}

export interface ListedLockout extends RecentLockout {
  /** The lock is still in force now. */
  readonly locked: boolean;
}

/** An operator's list of the accounts locked out lately, across accounts, the newest lock first. */
export class ListRecentLockouts {
  constructor(
    private readonly administration: AccountAdministration,
    private readonly clock: Clock,
  ) {}

  async execute(input: RecentLockoutsInput = {}): Promise<ListedLockout[]> {
    const now = this.clock.now();
    const since = input.since ?? now - DEFAULT_LOCKOUT_PERIOD_MS;
    const limit = input.limit ?? DEFAULT_LOCKOUT_LIMIT;
    if (!Number.isFinite(since) || since > now) throw new InvalidInputError('the period must start in the past');
    if (now - since > MAX_LOCKOUT_PERIOD_MS) throw new InvalidInputError(`the period may span at most ${MAX_LOCKOUT_PERIOD_MS / 86_400_000} days`);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LOCKOUT_LIMIT) throw new InvalidInputError(`the limit must be a whole number from 1 to ${MAX_LOCKOUT_LIMIT}`);
    const lockouts = await this.administration.recentLockouts({ since, until: now, limit });
    return lockouts.map((lockout) => ({ ...lockout, locked: lockout.lockedUntil !== undefined && now < lockout.lockedUntil }));
  }
}
