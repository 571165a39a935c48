import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { expect } from 'chai';
import { createCognitoClient } from '../../../adapters/cognito/cognito-client';
import { CognitoUserDirectory } from '../../../adapters/cognito/cognito-user-directory';
import { DirectoryRejectedError, DirectoryUnavailableError } from '../../../domain';
import { CognitoEndpoint } from '../../support/cognito-endpoint';

describe('adapters/cognito/CognitoUserDirectory against a local Cognito endpoint', () => {
  const endpoint = new CognitoEndpoint();
  let previous: string | undefined;
  let client: CognitoIdentityProviderClient;
  let directory: CognitoUserDirectory;

  before(async () => {
    previous = process.env.AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER;
    process.env.AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER = await endpoint.start();
    client = createCognitoClient({ timeoutMs: 1000, maxAttempts: 1 });
    directory = new CognitoUserDirectory(client);
  });
  after(async () => {
    client.destroy();
    if (previous === undefined) delete process.env.AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER;
    else process.env.AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER = previous;
    await endpoint.stop();
  });
  beforeEach(() => {
    endpoint.calls.length = 0;
    endpoint.failWith = undefined;
  });

  it('asks for a password reset of the user in the given pool', async () => {
    await directory.requirePasswordReset({ poolId: 'eu-west-1_AbC', username: 'jane' });
    expect(endpoint.calls).to.deep.equal([
      { operation: 'AdminResetUserPassword', body: { UserPoolId: 'eu-west-1_AbC', Username: 'jane' } },
    ]);
  });

  // A refusal is an answer (no such user, no verified contact, a missing permission), not an outage.
  for (const type of ['UserNotFoundException', 'InvalidParameterException', 'NotAuthorizedException', 'AccessDeniedException']) {
    it(`turns ${type} into DirectoryRejectedError`, async () => {
      endpoint.failWith = { type, status: 400 };
      const error = (await directory
        .requirePasswordReset({ poolId: 'eu-west-1_AbC', username: 'jane' })
        .catch((e: unknown) => e)) as DirectoryRejectedError;
      expect(error).to.be.instanceOf(DirectoryRejectedError);
      expect(error.message).to.equal(`Cognito AdminResetUserPassword failed (${type})`);
      expect((error.cause as Error).name).to.equal(type);
    });
  }

  for (const [type, status] of [
    ['TooManyRequestsException', 400],
    ['InternalErrorException', 500],
  ] as const) {
    it(`turns ${type} (${status}) into DirectoryUnavailableError`, async () => {
      endpoint.failWith = { type, status };
      const error = await directory.requirePasswordReset({ poolId: 'eu-west-1_AbC', username: 'jane' }).catch((e: unknown) => e);
      expect(error).to.be.instanceOf(DirectoryUnavailableError);
    });
  }

  it('turns an unreachable endpoint into DirectoryUnavailableError', async () => {
    process.env.AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER = 'http://127.0.0.1:9';
    const offline = createCognitoClient({ timeoutMs: 300, maxAttempts: 1 });
    const error = await new CognitoUserDirectory(offline)
      .requirePasswordReset({ poolId: 'p', username: 'u' })
      .catch((e: unknown) => e);
    offline.destroy();
    expect(error).to.be.instanceOf(DirectoryUnavailableError);
  });
});
