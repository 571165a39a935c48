import { AdminResetUserPasswordCommand, type CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DirectoryUnavailableError, type UserDirectory } from '../../domain';

/** The user pool's administrative API. */
export class CognitoUserDirectory implements UserDirectory {
  constructor(private readonly client: CognitoIdentityProviderClient) {}

  async requirePasswordReset(user: { readonly poolId: string; readonly username: string }): Promise<void> {
    try {
      await this.client.send(new AdminResetUserPasswordCommand({ UserPoolId: user.poolId, Username: user.username }));
    } catch (error) {
      const name = error instanceof Error ? error.name : typeof error;
      throw new DirectoryUnavailableError(`Cognito AdminResetUserPassword failed (${name})`, { cause: error });
    }
  }
}
