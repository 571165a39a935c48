import { AdminResetUserPasswordCommand, type CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DirectoryRejectedError, DirectoryUnavailableError, type UserDirectory } from '../../domain';
import { errorName, isTransientAwsError } from '../aws-errors';

/** The user pool's administrative API. */
export class CognitoUserDirectory implements UserDirectory {
  constructor(private readonly client: CognitoIdentityProviderClient) {}

  async requirePasswordReset(user: { readonly poolId: string; readonly username: string }): Promise<void> {
    try {
      await this.client.send(new AdminResetUserPasswordCommand({ UserPoolId: user.poolId, Username: user.username }));
    } catch (error) {
      const message = `Cognito AdminResetUserPassword failed (${errorName(error)})`;
      throw isTransientAwsError(error)
        ? new DirectoryUnavailableError(message, { cause: error })
        : new DirectoryRejectedError(message, { cause: error });
    }
  }
}
