import { AdminResetUserPasswordCommand, type CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { UserDirectory } from '../../domain';
import { awsFailure, DIRECTORY_FAILURES } from '../aws-errors';

/** The user pool's administrative API. */
export class CognitoUserDirectory implements UserDirectory {
  constructor(private readonly client: CognitoIdentityProviderClient) {}

  async requirePasswordReset(user: { readonly poolId: string; readonly username: string }): Promise<void> {
    try {
      await this.client.send(new AdminResetUserPasswordCommand({ UserPoolId: user.poolId, Username: user.username }));
    } catch (error) {
      throw awsFailure('Cognito AdminResetUserPassword', error, DIRECTORY_FAILURES);
    }
  }
}
