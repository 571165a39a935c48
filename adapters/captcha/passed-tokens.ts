/** Long enough for Cognito's retries of one sign-up (seconds apart), and as long as a Turnstile token lives. */
export const PASSED_TOKEN_TTL_MS = 5 * 60_000;

/** Far more sign-ups than one execution environment serves in five minutes; the oldest go first beyond it. */
export const PASSED_TOKEN_CAPACITY = 1_000;

/**
 * The digests of tokens that passed verification in this execution environment, each for a while. A token
 * is single-use at the provider, so when Cognito invokes PreSignUp again for the same sign-up (its retry
 * after a timeout or an error), asking the provider again would be answered "already used"; a retry that
 * lands here passes without asking. Only passes are remembered: a refusal is asked again, and answered again.
 *
 * Entries go in the order they expire (one lifetime for all), so the oldest are always at the front.
 */
export class PassedTokens {
  private readonly expiries = new Map<string, number>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly ttlMs: number = PASSED_TOKEN_TTL_MS,
    private readonly capacity: number = PASSED_TOKEN_CAPACITY,
  ) {}

  has(digest: string): boolean {
    this.forgetExpired();
    return this.expiries.has(digest);
  }

  remember(digest: string): void {
    this.expiries.delete(digest);
    this.expiries.set(digest, this.now() + this.ttlMs);
    this.forgetExpired();
    for (const oldest of this.expiries.keys()) {
      if (this.expiries.size <= this.capacity) break;
      this.expiries.delete(oldest);
    }
  }

  get size(): number {
    return this.expiries.size;
  }

  private forgetExpired(): void {
    const now = this.now();
    for (const [digest, expiry] of this.expiries) {
      if (expiry > now) break;
      this.expiries.delete(digest);
    }
  }
}
