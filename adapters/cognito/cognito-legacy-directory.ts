import {
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  type AttributeType,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  LegacyDirectoryRejectedError,
  LegacyDirectoryUnavailableError,
  type LegacyAuthentication,
  type LegacyDirectory,
  type LegacyLookUp,
  type LegacyUser,
} from '../../domain';
import { awsFailure, errorName } from '../aws-errors';

const LEGACY_FAILURES = { unavailable: LegacyDirectoryUnavailableError, rejected: LegacyDirectoryRejectedError };

/**
 * Answers about the user, never about Gatehouse: a wrong password, a disabled user, a user who must reset
 * their password or has not confirmed their account (NotAuthorized, PasswordResetRequired,
 * UserNotConfirmed; emulators answer a wrong password with InvalidPassword).
 */
const REFUSED_USER = new Set(['NotAuthorizedException', 'PasswordResetRequiredException', 'UserNotConfirmedException', 'InvalidPasswordException']);
const UNKNOWN_USER = 'UserNotFoundException';

export interface CognitoLegacyDirectoryOptions {
  readonly userPoolId: string;
  /** An app client of the legacy pool that allows ALLOW_ADMIN_USER_PASSWORD_AUTH and has no secret. */
  readonly clientId: string;
}

/**
 * An older Cognito user pool as the legacy directory, through its administrative API: the password is
 * checked with `AdminInitiateAuth` (ADMIN_USER_PASSWORD_AUTH: server side, no SRP), the user's attributes
 * are read with `AdminGetUser`. The tokens a successful check issues on the legacy pool are not kept.
 */
export class CognitoLegacyDirectory implements LegacyDirectory {
  constructor(
    private readonly client: CognitoIdentityProviderClient,
    private readonly options: CognitoLegacyDirectoryOptions,
  ) {}

  async authenticate(username: string, password: string): Promise<LegacyAuthentication> {
    try {
      // Tokens or a further challenge (MFA, a new password): either way the password was right.
      await this.client.send(
        new AdminInitiateAuthCommand({
          UserPoolId: this.options.userPoolId,
          ClientId: this.options.clientId,
          AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: username, PASSWORD: password },
        }),
      );
    } catch (error) {
      const name = errorName(error);
      if (name === UNKNOWN_USER) return { outcome: 'unknown' };
      if (REFUSED_USER.has(name)) return { outcome: 'rejected' };
      // The SDK error may quote the request; it stays only as the cause, which the boundary describes by name.
      throw awsFailure('Cognito AdminInitiateAuth (legacy pool)', error, LEGACY_FAILURES);
    }
    const found = await this.lookUp(username);
    // Deleted between the two calls: nothing to migrate.
    return found.outcome === 'found' ? { outcome: 'authenticated', user: found.user } : { outcome: 'unknown' };
  }

  async lookUp(username: string): Promise<LegacyLookUp> {
    let output;
    try {
      output = await this.client.send(new AdminGetUserCommand({ UserPoolId: this.options.userPoolId, Username: username }));
    } catch (error) {
      if (errorName(error) === UNKNOWN_USER) return { outcome: 'unknown' };
      throw awsFailure('Cognito AdminGetUser (legacy pool)', error, LEGACY_FAILURES);
    }
    // A user the legacy pool itself would not let in is not brought over.
    if (output.Enabled === false || output.UserStatus === 'UNCONFIRMED') return { outcome: 'unknown' };
    return { outcome: 'found', user: legacyUserOf(output.UserAttributes ?? []) };
  }
}

function legacyUserOf(attributes: readonly AttributeType[]): LegacyUser {
  const record: Record<string, string> = {};
  for (const { Name, Value } of attributes) if (Name !== undefined && Value !== undefined) record[Name] = Value;
  return {
    ...(record.email !== undefined ? { email: record.email } : {}),
    emailVerified: record.email_verified === 'true',
    attributes: record,
  };
}
