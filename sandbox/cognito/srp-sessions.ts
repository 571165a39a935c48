import { randomBytes } from 'node:crypto';
import type { ServerEphemeral } from './srp';

/** What the server keeps between the two calls of one USER_SRP_AUTH sign-in. */
export interface PendingSrp {
  readonly poolId: string;
  readonly clientId: string;
  readonly userIdForSrp: string;
  /** False for the simulated challenge of an unknown user: no proof can succeed. */
  readonly userExists: boolean;
  readonly A: bigint;
  readonly v: bigint;
  readonly ephemeral: ServerEphemeral;
  readonly expiresAt: number;
}

/**
 * Pending SRP sign-ins, keyed by the SECRET_BLOCK handed to the client, which it returns as
 * PASSWORD_CLAIM_SECRET_BLOCK (and signs). Each is used once, and only within the authentication
 * session's validity: 3 minutes, Cognito's default for AuthSessionValidity (cognito-local does not keep
 * the client's setting).
 * https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateUserPoolClient.html#CognitoUserPools-CreateUserPoolClient-request-AuthSessionValidity
 */
export class SrpSessions {
  static readonly VALIDITY_MS = 3 * 60 * 1000;
  private readonly pending = new Map<string, PendingSrp>();

  constructor(private readonly now: () => number) {}

  /** Keeps a sign-in and returns its secret block. */
  open(session: Omit<PendingSrp, 'expiresAt'>): string {
    this.forgetExpired();
    const secretBlock = randomBytes(64).toString('base64');
    this.pending.set(secretBlock, { ...session, expiresAt: this.now() + SrpSessions.VALIDITY_MS });
    return secretBlock;
  }

  /** The sign-in of this secret block, removed (a proof is checked once): 'expired', or undefined when unknown. */
  take(secretBlock: string): PendingSrp | 'expired' | undefined {
    const session = this.pending.get(secretBlock);
    this.pending.delete(secretBlock);
    if (session === undefined) return undefined;
    return session.expiresAt <= this.now() ? 'expired' : session;
  }

  private forgetExpired(): void {
    const now = this.now();
    for (const [key, session] of this.pending) if (session.expiresAt <= now) this.pending.delete(key);
  }
}
