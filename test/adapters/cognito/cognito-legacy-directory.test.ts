import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { AdminDisableUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import { expect } from 'chai';
import { createCognitoClient } from '../../../adapters/cognito/cognito-client';
import { CognitoLegacyDirectory } from '../../../adapters/cognito/cognito-legacy-directory';
import { LegacyDirectoryRejectedError, LegacyDirectoryUnavailableError } from '../../../domain';
import { startLegacyPool, type LegacyPool } from '../../../sandbox/legacy/legacy-pool';

const PASSWORD = 'Legacy-Password-7';

describe('adapters/cognito/CognitoLegacyDirectory against a second cognito-local as the legacy pool', () => {
  let legacy: LegacyPool;
  let client: CognitoIdentityProviderClient;
  let directory: CognitoLegacyDirectory;

  before(async () => {
    legacy = await startLegacyPool({
      users: [
        { email: 'alice@example.com', password: PASSWORD, attributes: { given_name: 'Alice', locale: 'fr' } },
        { email: 'unverified@example.com', password: PASSWORD, emailVerified: false },
        { email: 'disabled@example.com', password: PASSWORD },
      ],
    });
    const admin = legacy.cognito.client();
    await admin.send(new AdminDisableUserCommand({ UserPoolId: legacy.userPoolId, Username: 'disabled@example.com' }));
    // Its own region and endpoint: the function's default chain points at the function's own pool.
    client = createCognitoClient({ timeoutMs: 2000, maxAttempts: 1 }, { region: 'eu-central-1', endpoint: legacy.endpoint });
    directory = new CognitoLegacyDirectory(client, { userPoolId: legacy.userPoolId, clientId: legacy.clientId });
  });
  after(async () => {
    client.destroy();
    await legacy.stop();
  });
  beforeEach(() => legacy.cognito.resetCounts());

  it('authenticates with ADMIN_USER_PASSWORD_AUTH and reads the user with AdminGetUser', async () => {
    const result = await directory.authenticate('alice@example.com', PASSWORD);
    expect(result.outcome).to.equal('authenticated');
    if (result.outcome !== 'authenticated') return;
    expect(result.user.email).to.equal('alice@example.com');
    expect(result.user.emailVerified).to.equal(true);
    expect(result.user.attributes).to.include({ given_name: 'Alice', locale: 'fr' });
    expect(Object.fromEntries(legacy.cognito.requests)).to.deep.equal({ AdminInitiateAuth: 1, AdminGetUser: 1 });
  });

  it('answers a wrong password as rejected and an unknown user as unknown, asking nothing more', async () => {
    expect(await directory.authenticate('alice@example.com', 'not-it')).to.deep.equal({ outcome: 'rejected' });
    // A legacy client with PreventUserExistenceErrors ENABLED (and cognito-local) answers an unknown user as a
    // wrong password; one with LEGACY names it. MigrateUser answers both alike.
    expect(await directory.authenticate('nobody@example.com', PASSWORD)).to.deep.equal({ outcome: 'rejected' });
    legacy.cognito.failNext('AdminInitiateAuth', 'UserNotFoundException');
    expect(await directory.authenticate('nobody@example.com', PASSWORD)).to.deep.equal({ outcome: 'unknown' });
    expect(legacy.cognito.requests.get('AdminGetUser')).to.equal(undefined);
  });

  it('looks a user up for the forgot-password flow, with the legacy side\'s word on the address', async () => {
    const alice = await directory.lookUp('alice@example.com');
    expect(alice.outcome === 'found' && alice.user.emailVerified).to.equal(true);
    const unverified = await directory.lookUp('unverified@example.com');
    expect(unverified.outcome === 'found' && unverified.user.emailVerified).to.equal(false);
    expect(await directory.lookUp('nobody@example.com')).to.deep.equal({ outcome: 'unknown' });
  });

  it('does not bring over a user the legacy pool has disabled', async () => {
    expect(await directory.lookUp('disabled@example.com')).to.deep.equal({ outcome: 'unknown' });
  });

  it('reports throttling and server errors as unavailable, a missing permission as a refusal of Gatehouse', async () => {
    legacy.cognito.failNext('AdminInitiateAuth', 'TooManyRequestsException');
    expect(await directory.authenticate('alice@example.com', PASSWORD).catch((e: unknown) => e)).to.be.instanceOf(LegacyDirectoryUnavailableError);
    legacy.cognito.failNext('AdminGetUser', 'InternalErrorException', { status: 500 });
    expect(await directory.lookUp('alice@example.com').catch((e: unknown) => e)).to.be.instanceOf(LegacyDirectoryUnavailableError);
    legacy.cognito.failNext('AdminInitiateAuth', 'AccessDeniedException');
    const refused = (await directory.authenticate('alice@example.com', PASSWORD).catch((e: unknown) => e)) as Error;
    expect(refused).to.be.instanceOf(LegacyDirectoryRejectedError);
    expect(refused.message).to.equal('Cognito AdminInitiateAuth (legacy pool) failed (AccessDeniedException)');
    expect(refused.message).not.to.include(PASSWORD);
  });
});
