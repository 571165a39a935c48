import {
  LegacyDirectoryRejectedError,
  LegacyDirectoryUnavailableError,
  AccountLockedError,
  MigrationUnavailableError,
  SignInUnavailableError,
  StoreUnavailableError,
  type DomainError,
} from '../errors';
import { normaliseUsername } from '../model/account';
import { incidentFrom, type Incident } from '../model/incident';
import type { LegacyUser } from '../model/legacy-user';
import { isMigratableUsername, migratedAttributes, type MigrationPolicy } from '../policy/migration-policy';
import type { StoreFailureMode } from '../policy/sign-in-protection-policy';
import type { AccountKeys } from '../ports/account-keys';
import type { Clock } from '../ports/clock';
import type { LegacyDirectory } from '../ports/legacy-directory';
import type { LockReader } from '../ports/lock-reader';

export type MigrationInput =
  | { readonly source: 'authentication'; readonly username: string; readonly password: string }
  | { readonly source: 'forgot-password'; readonly username: string };

/**
 * How a migration ended. `not-found`, `rejected` and `not-verified` leave the pool as it was, and Cognito
 * answers them as it answers any unknown user: nothing tells them apart.
 */
export type MigrationOutcome = 'migrated' | 'not-found' | 'rejected' | 'not-verified' | 'locked' | 'unavailable';

export interface MigratedUser {
  readonly attributes: Readonly<Record<string, string>>;
  /** Set at sign-in only: in the forgot-password flow Cognito makes the user reset their password anyway. */
  readonly finalUserStatus?: 'CONFIRMED' | 'RESET_REQUIRED';
}

export interface MigrationResult {
  readonly outcome: MigrationOutcome;
  readonly incidents: readonly Incident[];
  /** The user Cognito is to create; only when migrated. */
  readonly user?: MigratedUser;
  /** A user-facing refusal; Cognito fails the flow with its message. */
  readonly denial?: DomainError;
}

const answered = (outcome: MigrationOutcome, incidents: readonly Incident[] = []): MigrationResult => ({ outcome, incidents });

/**
 * UserMigration: bring a user of the legacy directory into the pool the first time they sign in (with
 * their old password) or ask for a reset code.
 *
 * The legacy directory becomes a password oracle for whoever can reach the sign-in, so it is only asked
 * for an attempt that sign-in protection let through. Cognito runs PreAuthentication first, with
 * `userNotFound: true`, under the same `userName` (what was typed), so the attempt is already counted
 * there: an attempt never followed by a success is a failure, and a failed legacy authentication is one.
 * This use case counts nothing a second time; it only reads the lock, so that an account locked meanwhile
 * is refused before the legacy side is asked. A reset code is recovery, which beats lockout: the
 * forgot-password flow is never refused for a lock (PreAuthentication does not run there either).
 *
 * The password goes to the legacy directory and nowhere else: not into a result, an incident or an error.
 */
export class MigrateUser {
  constructor(
    private readonly keys: AccountKeys,
    private readonly locks: LockReader,
    private readonly directory: LegacyDirectory,
    private readonly clock: Clock,
    private readonly policy: MigrationPolicy,
    private readonly storeFailureMode: StoreFailureMode,
  ) {}

  async execute(input: MigrationInput): Promise<MigrationResult> {
    // What cannot be an address in an email-as-username pool never names a legacy user (and is often a
    // password typed into the wrong field): the legacy side is not asked about it.
    if (!isMigratableUsername(input.username)) return answered('not-found');
    const username = normaliseUsername(input.username);
    if (input.source === 'forgot-password') return this.lookUp(input.username);
    if (input.password.length === 0) return answered('rejected');

    const incidents: Incident[] = [];
    const locked = await this.checkLock(username, incidents);
    if (locked !== undefined) return { ...locked, incidents };

    let authenticated;
    try {
      // As typed (trimmed): the legacy side has its own rules for case; only the keys here are normalised.
      authenticated = await this.directory.authenticate(input.username.trim(), input.password);
    } catch (error) {
      return this.unavailable(error, incidents);
    }
    if (authenticated.outcome !== 'authenticated') {
      return answered(authenticated.outcome === 'rejected' ? 'rejected' : 'not-found', incidents);
    }
    return this.migrated(input.username, authenticated.user, incidents, this.policy.finalUserStatus);
  }

  private async lookUp(typed: string): Promise<MigrationResult> {
    let found;
    try {
      found = await this.directory.lookUp(typed.trim());
    } catch (error) {
      return this.unavailable(error, []);
    }
    if (found.outcome !== 'found') return answered('not-found');
    const result = this.migrated(typed, found.user, []);
    // Cognito sends the reset code to a verified address only: a user it could not reach is left where
    // they were, and answered as an unknown one.
    if (result.user?.attributes.email_verified !== 'true') return answered('not-verified');
    return result;
  }

  private migrated(
    typed: string,
    user: LegacyUser,
    incidents: readonly Incident[],
    finalUserStatus?: MigratedUser['finalUserStatus'],
  ): MigrationResult {
    return {
      outcome: 'migrated',
      incidents,
      user: { attributes: migratedAttributes(typed, user, this.policy), ...(finalUserStatus ? { finalUserStatus } : {}) },
    };
  }

  /** The lock PreAuthentication may have engaged: a refusal, or undefined to go on. */
  private async checkLock(username: string, incidents: Incident[]): Promise<Omit<MigrationResult, 'incidents'> | undefined> {
    try {
      const account = await this.keys.refFor(username);
      if (await this.locks.isLocked(account, this.clock.now())) {
        return { outcome: 'locked', denial: new AccountLockedError() };
      }
      return undefined;
    } catch (error) {
      if (!(error instanceof StoreUnavailableError)) throw error;
      incidents.push(incidentFrom(error.code, 'error', error));
      // The stack's choice, as PreAuthentication applied it to this very attempt a moment ago.
      return this.storeFailureMode === 'open' ? undefined : { outcome: 'unavailable', denial: new SignInUnavailableError() };
    }
  }

  private unavailable(error: unknown, incidents: Incident[]): MigrationResult {
    if (!(error instanceof LegacyDirectoryUnavailableError) && !(error instanceof LegacyDirectoryRejectedError)) throw error;
    incidents.push(incidentFrom(error.code, 'error', error));
    return { outcome: 'unavailable', incidents, denial: new MigrationUnavailableError() };
  }
}
