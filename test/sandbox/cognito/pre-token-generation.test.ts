import {
  AdminAddUserToGroupCommand,
  CreateGroupCommand,
  InitiateAuthCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import type { CognitoUserSession } from 'amazon-cognito-identity-js';
import { expect } from 'chai';
import { createPublicKey, verify, type JsonWebKey } from 'node:crypto';
import { PROTECTED_CLAIMS as DOMAIN_PROTECTED_CLAIMS } from '../../../domain';
import { startCognitoLocal, type CognitoLocalHandle, type PreTokenGenerationVersion } from '../../../sandbox/cognito/cognito-local';
import { PROTECTED_CLAIMS } from '../../../sandbox/cognito/gaps/pre-token-generation';
import { confirmedUser, PASSWORD, programPool, signInFailure, signInWithSrp } from './sign-in';

type Event = Record<string, unknown> & { request: Record<string, unknown>; response: Record<string, unknown> };
type Claims = Record<string, unknown>;

const ROLE = 'arn:aws:iam::123456789012:role/gatehouse-readers';
const ADMIN_SCOPE = 'aws.cognito.signin.user.admin';

/** A pool with a PreTokenGeneration function that records each event and answers with `respond`. */
function poolWithTrigger(version: PreTokenGenerationVersion) {
  const pool = {
    cognito: undefined as unknown as CognitoLocalHandle,
    users: undefined as unknown as CognitoIdentityProviderClient,
    sub: '',
    events: [] as Event[],
    respond: (_event: Event): unknown => undefined,
    signIn: (options = {}) => signInWithSrp(pool.cognito, 'ada@example.com', PASSWORD, options),
  };

  before(async function () {
    pool.cognito = await startCognitoLocal({
      pool: programPool(),
      preTokenGenerationVersion: version,
      triggers: {
        PreTokenGeneration: async (event) => {
          pool.events.push(structuredClone(event) as Event);
          const response = pool.respond(event as Event);
          return response === undefined ? event : { ...(event as Event), response };
        },
      },
    });
    pool.users = pool.cognito.client();
    pool.sub = await confirmedUser(pool.cognito, 'ada@example.com');
    await pool.users.send(new CreateGroupCommand({ UserPoolId: pool.cognito.userPoolId, GroupName: 'readers', RoleArn: ROLE, Precedence: 1 }));
    await pool.users.send(new AdminAddUserToGroupCommand({ UserPoolId: pool.cognito.userPoolId, Username: 'ada@example.com', GroupName: 'readers' }));
  });

  after(async function () {
    await pool.cognito?.stop();
  });

  beforeEach(function () {
    pool.events.length = 0;
    pool.respond = () => undefined;
  });

  return pool;
}

const idClaims = (session: CognitoUserSession): Claims => session.getIdToken().decodePayload();
const accessClaims = (session: CognitoUserSession): Claims => session.getAccessToken().decodePayload();

/** The claims Cognito keeps whatever a trigger returns, as a token carries them. */
const protectedClaims = (claims: Claims, names: readonly string[]) => Object.fromEntries(names.map((name) => [name, claims[name]]));

/** Whether a token's signature verifies with the key the pool's JWKS serves (as an API's authorizer checks it). */
async function verifiesWithJwks(cognito: CognitoLocalHandle, token: string): Promise<boolean> {
  const { keys } = (await (await fetch(`${cognito.endpoint}/${cognito.userPoolId}/.well-known/jwks.json`)).json()) as { keys: (JsonWebKey & { kid: string })[] };
  const [header = '', payload = '', signature = ''] = token.split('.');
  const { kid } = JSON.parse(Buffer.from(header, 'base64url').toString()) as { kid: string };
  const jwk = keys.find((key) => key.kid === kid);
  if (!jwk) return false;
  return verify('RSA-SHA256', Buffer.from(`${header}.${payload}`), createPublicKey({ key: jwk, format: 'jwk' }), Buffer.from(signature, 'base64url'));
}

describe('sandbox cognito: the claims a pre token generation trigger cannot change', () => {
  it('are the ones Gatehouse\'s claims policy never names (one fact of Cognito, kept in two places)', () => {
    expect([...PROTECTED_CLAIMS].sort()).to.deep.equal([...DOMAIN_PROTECTED_CLAIMS].sort());
  });
});

describe('sandbox cognito: PreTokenGeneration with event version V1_0 (the default)', function () {
  const pool = poolWithTrigger('V1_0');

  it('sends the V1 event: version "1", the sign-in’s trigger source, the user’s attributes and groups, no scopes', async function () {
    await pool.signIn({ clientMetadata: { locale: 'fr' } });

    expect(pool.events).to.have.length(1);
    const [event] = pool.events;
    expect(event).to.deep.include({
      version: '1',
      triggerSource: 'TokenGeneration_Authentication',
      region: 'local',
      userPoolId: pool.cognito.userPoolId,
      userName: pool.sub,
      response: { claimsOverrideDetails: null },
    });
    expect(event?.['callerContext']).to.have.property('clientId', pool.cognito.clientId);
    expect(event?.request['userAttributes']).to.deep.include({ sub: pool.sub, email: 'ada@example.com', email_verified: 'true', 'cognito:user_status': 'CONFIRMED' });
    expect(event?.request['groupConfiguration']).to.deep.equal({ groupsToOverride: ['readers'], iamRolesToOverride: [ROLE], preferredRole: ROLE });
    expect(event?.request['clientMetadata']).to.deep.equal({ locale: 'fr' });
    expect(event?.request).to.not.have.property('scopes');
  });

  it('adds and overrides string claims in the ID token and suppresses others (suppression wins), leaving the access token alone', async function () {
    pool.respond = () => ({
      claimsOverrideDetails: {
        claimsToAddOrOverride: { tenant: 'acme', email: 'someone-else@example.com', plan: 'gold', seats: 5, flags: ['a'] },
        claimsToSuppress: ['email_verified', 'plan'],
      },
    });

    const session = await pool.signIn();

    const id = idClaims(session);
    expect(id).to.include({ tenant: 'acme', email: 'someone-else@example.com' });
    expect(id).to.not.have.any.keys('email_verified', 'plan');
    // V1 claim values are strings: others are not the function's to add.
    expect(id).to.not.have.any.keys('seats', 'flags');
    expect(accessClaims(session)).to.not.have.any.keys('tenant', 'email');
    expect(await verifiesWithJwks(pool.cognito, session.getIdToken().getJwtToken())).to.equal(true);
    expect(await verifiesWithJwks(pool.cognito, session.getAccessToken().getJwtToken())).to.equal(true);
  });

  it('replaces the groups of both tokens with groupOverrideDetails, suppresses them with an empty one, and keeps them without one', async function () {
    pool.respond = () => ({ claimsOverrideDetails: { groupOverrideDetails: { groupsToOverride: ['editors', 'auditors'] } } });
    const replaced = await pool.signIn();
    expect(idClaims(replaced)['cognito:groups']).to.deep.equal(['editors', 'auditors']);
    expect(accessClaims(replaced)['cognito:groups']).to.deep.equal(['editors', 'auditors']);
    // The object is replaced as a whole: the groups' roles went with it.
    expect(idClaims(replaced)).to.not.have.any.keys('cognito:roles', 'cognito:preferred_role');

    pool.respond = () => ({ claimsOverrideDetails: { groupOverrideDetails: null } });
    const suppressed = await pool.signIn();
    expect(idClaims(suppressed)).to.not.have.any.keys('cognito:groups', 'cognito:roles', 'cognito:preferred_role');
    expect(accessClaims(suppressed)).to.not.have.property('cognito:groups');

    pool.respond = () => ({ claimsOverrideDetails: { claimsToAddOrOverride: { tenant: 'acme' } } });
    const kept = await pool.signIn();
    expect(idClaims(kept)).to.deep.include({ 'cognito:groups': ['readers'], 'cognito:roles': [ROLE], 'cognito:preferred_role': ROLE });
    expect(accessClaims(kept)['cognito:groups']).to.deep.equal(['readers']);
  });

  it('never changes a claim Cognito protects, and applies the rest of the response', async function () {
    const names = ['sub', 'iss', 'aud', 'token_use', 'exp', 'iat', 'auth_time', 'jti', 'event_id', 'cognito:username'];
    const before = idClaims(await pool.signIn());
    pool.respond = () => ({
      claimsOverrideDetails: {
        claimsToAddOrOverride: { ...Object.fromEntries(names.map((name) => [name, 'forged'])), 'cognito:groups': 'admins', tenant: 'acme' },
        claimsToSuppress: ['sub', 'token_use', 'aud', 'cognito:username'],
      },
    });

    const id = idClaims(await pool.signIn());

    expect(id).to.have.property('tenant', 'acme');
    expect(protectedClaims(id, ['sub', 'iss', 'aud', 'token_use', 'cognito:username'])).to.deep.equal(
      protectedClaims(before, ['sub', 'iss', 'aud', 'token_use', 'cognito:username']),
    );
    for (const name of names) expect(id[name], name).to.not.equal('forged');
    expect(id['cognito:groups']).to.deep.equal(['readers']);
  });

  it('fails the sign-in with UserLambdaValidationException when the function throws', async function () {
    pool.respond = () => {
      throw new Error('Your subscription has ended');
    };

    expect(await signInFailure(pool.signIn())).to.deep.equal({
      code: 'UserLambdaValidationException',
      message: 'PreTokenGeneration failed with error Your subscription has ended.',
    });
  });

  it('runs again for REFRESH_TOKEN_AUTH, as TokenGeneration_RefreshTokens, and its response shapes the new ID token', async function () {
    const session = await pool.signIn();
    pool.events.length = 0;
    pool.respond = (event) => ({ claimsOverrideDetails: { claimsToAddOrOverride: { source: String(event['triggerSource']) } } });

    const { AuthenticationResult } = await pool.users.send(
      new InitiateAuthCommand({
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        ClientId: pool.cognito.clientId,
        AuthParameters: { REFRESH_TOKEN: session.getRefreshToken().getToken() },
      }),
    );

    expect(pool.events.map((event) => event['triggerSource'])).to.deep.equal(['TokenGeneration_RefreshTokens']);
    expect(pool.events[0]).to.deep.include({ version: '1', userName: pool.sub });
    const id = JSON.parse(Buffer.from(String(AuthenticationResult?.IdToken).split('.')[1] ?? '', 'base64url').toString()) as Claims;
    expect(id).to.include({ source: 'TokenGeneration_RefreshTokens', sub: pool.sub, token_use: 'id' });
  });
});

describe('sandbox cognito: PreTokenGeneration with event version V2_0', function () {
  const pool = poolWithTrigger('V2_0');

  it('sends the V2 event: version "2", the access token’s scopes, the user’s attributes and groups', async function () {
    await pool.signIn();

    expect(pool.events).to.have.length(1);
    const [event] = pool.events;
    expect(event).to.deep.include({
      version: '2',
      triggerSource: 'TokenGeneration_Authentication',
      userPoolId: pool.cognito.userPoolId,
      userName: pool.sub,
      response: { claimsAndScopeOverrideDetails: null },
    });
    expect(event?.request['scopes']).to.deep.equal([ADMIN_SCOPE]);
    expect(event?.request['userAttributes']).to.deep.include({ sub: pool.sub, email: 'ada@example.com' });
    expect(event?.request['groupConfiguration']).to.deep.equal({ groupsToOverride: ['readers'], iamRolesToOverride: [ROLE], preferredRole: ROLE });
  });

  it('adds claims of every JSON type to the ID and access tokens and suppresses claims of each', async function () {
    const entitlements = { plan: 'gold', limits: { seats: 5, storage: [10, 'GB'] } };
    pool.respond = () => ({
      claimsAndScopeOverrideDetails: {
        idTokenGeneration: {
          claimsToAddOrOverride: { tenant: 'acme', seats: 5, beta: true, regions: ['eu-west-1', 'eu-central-1'], entitlements, email_verified: { not: 'simple' } },
          claimsToSuppress: ['email'],
        },
        accessTokenGeneration: {
          claimsToAddOrOverride: { tenant: 'acme', seats: 5, beta: false, roles: ['reader', 1, true], entitlements, audit: 'dropped' },
          claimsToSuppress: ['cognito:groups', 'audit'],
        },
      },
    });

    const session = await pool.signIn();

    const id = idClaims(session);
    expect(id).to.deep.include({ tenant: 'acme', seats: 5, beta: true, regions: ['eu-west-1', 'eu-central-1'], entitlements });
    expect(id).to.not.have.property('email');
    // An object is no value for email_verified in an ID token: it stays as Cognito issued it.
    expect(id).to.have.property('email_verified', true);
    expect(id['cognito:groups']).to.deep.equal(['readers']);

    const access = accessClaims(session);
    expect(access).to.deep.include({ tenant: 'acme', seats: 5, beta: false, roles: ['reader', 1, true], entitlements });
    expect(access).to.not.have.any.keys('cognito:groups', 'audit');
    expect(access).to.include({ sub: pool.sub, token_use: 'access', client_id: pool.cognito.clientId });
    expect(await verifiesWithJwks(pool.cognito, session.getAccessToken().getJwtToken())).to.equal(true);
  });

  it('adds and suppresses scopes in the access token’s scope claim', async function () {
    pool.respond = () => ({
      claimsAndScopeOverrideDetails: {
        accessTokenGeneration: { scopesToAdd: ['gatehouse/read', 'gatehouse/write', 'two words'], scopesToSuppress: [ADMIN_SCOPE, 'gatehouse/write'] },
      },
    });
    expect(accessClaims(await pool.signIn())['scope']).to.equal('gatehouse/read');

    pool.respond = () => ({ claimsAndScopeOverrideDetails: { accessTokenGeneration: { scopesToAdd: ['gatehouse/read'] } } });
    expect(accessClaims(await pool.signIn())['scope']).to.equal(`${ADMIN_SCOPE} gatehouse/read`);

    pool.respond = () => ({ claimsAndScopeOverrideDetails: { accessTokenGeneration: { scopesToSuppress: [ADMIN_SCOPE] } } });
    expect(accessClaims(await pool.signIn())).to.not.have.property('scope');
  });

  it('overrides the groups of both tokens with groupOverrideDetails', async function () {
    pool.respond = () => ({
      claimsAndScopeOverrideDetails: {
        groupOverrideDetails: { groupsToOverride: ['editors'], iamRolesToOverride: ['arn:aws:iam::123456789012:role/editors'], preferredRole: 'arn:aws:iam::123456789012:role/editors' },
      },
    });

    const session = await pool.signIn();

    expect(idClaims(session)).to.deep.include({
      'cognito:groups': ['editors'],
      'cognito:roles': ['arn:aws:iam::123456789012:role/editors'],
      'cognito:preferred_role': 'arn:aws:iam::123456789012:role/editors',
    });
    expect(accessClaims(session)['cognito:groups']).to.deep.equal(['editors']);
  });

  it('never changes a claim Cognito protects in either token, scope included, and applies the rest', async function () {
    const before = await pool.signIn();
    const idNames = ['sub', 'iss', 'aud', 'token_use', 'exp', 'iat', 'auth_time', 'jti', 'event_id', 'cognito:username'];
    const accessNames = ['sub', 'iss', 'token_use', 'exp', 'iat', 'auth_time', 'jti', 'event_id', 'client_id', 'username', 'scope'];
    const forged = (names: readonly string[]) => Object.fromEntries(names.map((name) => [name, 'forged']));
    pool.respond = () => ({
      claimsAndScopeOverrideDetails: {
        idTokenGeneration: { claimsToAddOrOverride: { ...forged(idNames), tenant: 'acme' }, claimsToSuppress: ['sub', 'token_use', 'cognito:username'] },
        accessTokenGeneration: { claimsToAddOrOverride: { ...forged(accessNames), tenant: 'acme' }, claimsToSuppress: ['sub', 'client_id', 'scope', 'username'] },
      },
    });

    const session = await pool.signIn();

    const id = idClaims(session);
    const access = accessClaims(session);
    expect(id).to.have.property('tenant', 'acme');
    expect(access).to.have.property('tenant', 'acme');
    for (const name of idNames) expect(id[name], `ID token ${name}`).to.not.equal('forged');
    for (const name of accessNames) expect(access[name], `access token ${name}`).to.not.equal('forged');
    const stable = ['sub', 'iss', 'aud', 'token_use', 'cognito:username'];
    expect(protectedClaims(id, stable)).to.deep.equal(protectedClaims(idClaims(before), stable));
    expect(protectedClaims(access, ['sub', 'token_use', 'client_id', 'username', 'scope'])).to.deep.equal(
      protectedClaims(accessClaims(before), ['sub', 'token_use', 'client_id', 'username', 'scope']),
    );
  });

  it('fails the sign-in with UserLambdaValidationException when the function throws', async function () {
    pool.respond = () => {
      throw new Error('No tenant for this account');
    };

    expect(await signInFailure(pool.signIn())).to.deep.equal({
      code: 'UserLambdaValidationException',
      message: 'PreTokenGeneration failed with error No tenant for this account.',
    });
  });

  it('sends TokenGeneration_RefreshTokens with the scopes for REFRESH_TOKEN_AUTH, and customises the new access token', async function () {
    const session = await pool.signIn();
    pool.events.length = 0;
    pool.respond = () => ({ claimsAndScopeOverrideDetails: { accessTokenGeneration: { claimsToAddOrOverride: { refreshed: true }, scopesToAdd: ['gatehouse/read'] } } });

    const { AuthenticationResult } = await pool.users.send(
      new InitiateAuthCommand({ AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: pool.cognito.clientId, AuthParameters: { REFRESH_TOKEN: session.getRefreshToken().getToken() } }),
    );

    expect(pool.events.map((event) => [event['triggerSource'], event['version'], event.request['scopes']])).to.deep.equal([
      ['TokenGeneration_RefreshTokens', '2', [ADMIN_SCOPE]],
    ]);
    const access = JSON.parse(Buffer.from(String(AuthenticationResult?.AccessToken).split('.')[1] ?? '', 'base64url').toString()) as Claims;
    expect(access).to.include({ refreshed: true, scope: `${ADMIN_SCOPE} gatehouse/read`, sub: pool.sub });
  });
});
