import { CognitoError, InvalidParameterError, NotAuthorizedError, UserNotFoundError } from 'cognito-local/lib/errors';

/**
 * The errors real Cognito answers where cognito-local words them differently, with Cognito's messages,
 * so that a client (or a test) matching on them sees what production shows.
 */

/** A wrong password, or an unknown user with PreventUserExistenceErrors=ENABLED: one answer for both. */
export function incorrectUsernameOrPassword(): CognitoError {
  return new NotAuthorizedError('Incorrect username or password.');
}

/** An unknown user with PreventUserExistenceErrors=LEGACY. */
export function userDoesNotExist(): CognitoError {
  return new UserNotFoundError('User does not exist.');
}

/** A disabled user whose password was right (with a wrong one, Cognito answers as for any wrong password). */
export function userIsDisabled(): CognitoError {
  return new NotAuthorizedError('User is disabled.');
}

export function passwordResetRequired(): CognitoError {
  return new CognitoError('PasswordResetRequiredException', 'Password reset required for the user');
}

export function flowNotEnabled(flow: string): CognitoError {
  return new InvalidParameterError(`${flow} flow not enabled for this client`);
}

/** SignUp or UpdateUserAttributes naming an attribute outside the app client's WriteAttributes. */
export function unauthorizedAttribute(): CognitoError {
  return new NotAuthorizedError('A client attempted to write unauthorized attribute');
}
