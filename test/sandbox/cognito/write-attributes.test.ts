/**
 * The sandbox's pool holds clients to their write attributes as Cognito does: the tenant's custom
 * attribute of a claims policy cannot be set by a user, at sign-up or afterwards, only by an administrator;
 * a kept pool gains a new custom attribute in place.
 */
import {
  AdminGetUserCommand,
  AdminUpdateUserAttributesCommand,
  DescribeUserPoolCommand,
  SignUpCommand,
  UpdateUserAttributesCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseStackConfig } from '../../../infra/config';
import { appClientSettings, poolSettings } from '../../../infra/pool-settings';
import { startCognitoLocal, type CognitoLocalHandle } from '../../../sandbox/cognito/cognito-local';
import type { UserPoolDefinition } from '../../../sandbox/cognito/pool';
import { confirmedUser, PASSWORD, signInWithSrp } from './sign-in';

const UNAUTHORIZED = 'A client attempted to write unauthorized attribute';

function pool(claims: Record<string, unknown>): UserPoolDefinition {
  const config = parseStackConfig({ claims });
  return { poolName: 'gatehouse-claims', clientName: 'gatehouse-claims-app', pool: poolSettings(config), appClient: appClientSettings(config) };
}
const TENANT_ATTRIBUTE = { enabled: true, tenant: { from: 'attribute', attribute: 'custom:tenant' } };

async function failure(promise: Promise<unknown>): Promise<{ name: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    return { name: (error as Error).name, message: (error as Error).message };
  }
  throw new Error('the call succeeded');
}

describe('sandbox/cognito: the app client\'s write attributes', function () {
  let cognito: CognitoLocalHandle;
  before(async () => {
    cognito = await startCognitoLocal({ pool: pool(TENANT_ATTRIBUTE) });
  });
  after(() => cognito?.stop());

  it('refuses a sign-up that sets the tenant, creating no user', async () => {
    const users = cognito.client();
    const refused = await failure(
      users.send(
        new SignUpCommand({
          ClientId: cognito.clientId,
          Username: 'mallory@example.com',
          Password: PASSWORD,
          UserAttributes: [{ Name: 'email', Value: 'mallory@example.com' }, { Name: 'custom:tenant', Value: 'acme' }],
        }),
      ),
    );
    expect(refused).to.deep.equal({ name: 'NotAuthorizedException', message: UNAUTHORIZED });
    const lookup = await failure(users.send(new AdminGetUserCommand({ UserPoolId: cognito.userPoolId, Username: 'mallory@example.com' })));
    expect(lookup.name).to.equal('UserNotFoundException');
  });

  it('refuses a signed-in user who sets their own tenant, and lets an administrator set it', async () => {
    const users = cognito.client();
    await confirmedUser(cognito, 'ada@example.com');
    const session = await signInWithSrp(cognito, 'ada@example.com', PASSWORD);
    const accessToken = session.getAccessToken().getJwtToken();
    const refused = await failure(users.send(new UpdateUserAttributesCommand({ AccessToken: accessToken, UserAttributes: [{ Name: 'custom:tenant', Value: 'acme' }] })));
    expect(refused).to.deep.equal({ name: 'NotAuthorizedException', message: UNAUTHORIZED });
    // A standard attribute the client may write still goes through.
    await users.send(new UpdateUserAttributesCommand({ AccessToken: accessToken, UserAttributes: [{ Name: 'locale', Value: 'fr' }] }));
    await users.send(new AdminUpdateUserAttributesCommand({ UserPoolId: cognito.userPoolId, Username: 'ada@example.com', UserAttributes: [{ Name: 'custom:tenant', Value: 'acme' }] }));
    const { UserAttributes = [] } = await users.send(new AdminGetUserCommand({ UserPoolId: cognito.userPoolId, Username: 'ada@example.com' }));
    expect(Object.fromEntries(UserAttributes.map(({ Name, Value }) => [Name, Value]))).to.include({ 'custom:tenant': 'acme', locale: 'fr' });
  });

  it('lets a client without a write list write any attribute the pool has, as Cognito does', async () => {
    const open = await startCognitoLocal({ pool: { ...pool(TENANT_ATTRIBUTE), appClient: { generateSecret: false } } });
    try {
      await open.client().send(
        new SignUpCommand({
          ClientId: open.clientId,
          Username: 'grace@example.com',
          Password: PASSWORD,
          UserAttributes: [{ Name: 'email', Value: 'grace@example.com' }, { Name: 'custom:tenant', Value: 'acme' }],
        }),
      );
    } finally {
      await open.stop();
    }
  });
});

describe('sandbox/cognito: a kept pool gains the tenant attribute in place', function () {
  const data = mkdtempSync(join(tmpdir(), 'gatehouse-kept-pool-'));
  after(() => rmSync(data, { recursive: true, force: true }));

  it('adds the custom attribute to a pool created without it, keeping the pool and its users', async () => {
    const first = await startCognitoLocal({ dataDirectory: data, pool: pool({}) });
    let userPoolId: string;
    try {
      userPoolId = first.userPoolId;
      await confirmedUser(first, 'ada@example.com');
    } finally {
      await first.stop();
    }
    const second = await startCognitoLocal({ dataDirectory: data, pool: pool(TENANT_ATTRIBUTE) });
    try {
      expect(second.userPoolId).to.equal(userPoolId);
      const { UserPool } = await second.client().send(new DescribeUserPoolCommand({ UserPoolId: userPoolId }));
      expect(UserPool?.SchemaAttributes?.map((attribute) => attribute.Name)).to.include('custom:tenant');
      await second.client().send(new AdminUpdateUserAttributesCommand({ UserPoolId: userPoolId, Username: 'ada@example.com', UserAttributes: [{ Name: 'custom:tenant', Value: 'acme' }] }));
    } finally {
      await second.stop();
    }
  });
});
