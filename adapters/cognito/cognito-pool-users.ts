import { AdminGetUserCommand, type AdminGetUserCommandOutput, type CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { PoolUser, PoolUsers } from '../../domain';
import { awsFailure, DIRECTORY_FAILURES } from '../aws-errors';

/**
 * One pool's users through `AdminGetUser`, which takes a username or any sign-in alias (the email of a
 * Gatehouse pool) and answers with the pool's own username: what the sign-in triggers receive. An
 * address given in other letters is asked again in lower case, as a sign-in of the case-insensitive
 * pool would find it.
 */
export class CognitoPoolUsers implements PoolUsers {
  constructor(
    private readonly client: CognitoIdentityProviderClient,
    private readonly userPoolId: string,
  ) {}

  async find(identifier: string): Promise<PoolUser | undefined> {
    const user = await this.get(identifier);
    if (user || identifier === identifier.toLowerCase()) return user;
    return this.get(identifier.toLowerCase());
  }

  private async get(identifier: string): Promise<PoolUser | undefined> {
    let output: AdminGetUserCommandOutput;
    try {
      output = await this.client.send(new AdminGetUserCommand({ UserPoolId: this.userPoolId, Username: identifier }));
    } catch (error) {
      if (error instanceof Error && error.name === 'UserNotFoundException') return undefined;
      throw awsFailure('Cognito AdminGetUser', error, DIRECTORY_FAILURES);
    }
    if (!output.Username) return undefined;
    const attribute = (name: string) => output.UserAttributes?.find((each) => each.Name === name)?.Value;
    const sub = attribute('sub');
    const email = attribute('email');
    return {
      username: output.Username,
      ...(sub ? { sub } : {}),
      ...(email ? { email } : {}),
      ...(output.UserStatus ? { status: output.UserStatus } : {}),
      enabled: output.Enabled !== false,
    };
  }
}
