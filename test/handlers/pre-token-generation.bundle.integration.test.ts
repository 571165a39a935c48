/**
 * The built PreTokenGeneration bundle, as Lambda loads it, with the environment infra renders for a
 * stack's claims policy: realistic V1_0 and V2_0 events of every trigger source, the tenant from a custom
 * attribute (no request at all) or from the account record (one GetItem against dynalite), Cognito's
 * protected claims never in a response, a missing tenant and a failed read refused, nothing of the claims
 * in the logs.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { expect } from 'chai';
import { accountKey } from '../../adapters/crypto/hmac-account-keys';
import { PROTECTED_ACCESS_CLAIMS } from '../../domain';
import { TOKEN_GENERATION_SOURCES } from '../../handlers/pre-token-generation';
import { parseStackConfig } from '../../infra/config';
import { claimsEnvironment as renderedClaims } from '../../infra/function-environment';
import { ANSWERS, settle } from '../support/answers';
import { useBundleStandIns } from '../support/bundle-stand-ins';
import { jane, preTokenGenerationEvent, type Person } from '../support/cognito-events';
import { loadBundle, TEST_ACCOUNT_KEY_SECRET, withEnvironment } from '../support/lambda-bundle';

const ROLES = { claim: 'roles', groups: { admins: ['admin', 'billing-reader'], support: ['reader'] } };

/** The variables infra gives the PreTokenGeneration function for `gatehouse:claims` (the rest of the environment is the suite's). */
function claimsEnvironment(claims: Record<string, unknown>): Record<string, string> {
  return renderedClaims(parseStackConfig({ claims: { enabled: true, ...claims } }));
}

const ATTRIBUTE_V1 = claimsEnvironment({ eventVersion: 'V1_0', tenant: { from: 'attribute', attribute: 'custom:tenant' }, roles: ROLES });
const ATTRIBUTE_V2 = claimsEnvironment({
  eventVersion: 'V2_0',
  tenant: { from: 'attribute', attribute: 'custom:tenant' },
  roles: ROLES,
  scopes: ['api.example.com/orders.read'],
});
const RECORD_V2 = claimsEnvironment({ eventVersion: 'V2_0', tenant: { from: 'account-record' }, roles: ROLES, scopes: ['api.example.com/orders.read'] });

type Answer = Record<string, unknown> & { response: Record<string, unknown> };

/** Every claim name a response adds or suppresses, in either token, in either version's shape. */
function namedClaims(answer: Answer): string[] {
  const { claimsOverrideDetails: v1, claimsAndScopeOverrideDetails: v2 } = answer.response as Record<string, Record<string, Record<string, unknown>> | null>;
  const parts = [v1, v2?.['idTokenGeneration'], v2?.['accessTokenGeneration']].filter((part): part is Record<string, unknown> => part !== null && part !== undefined);
  return parts.flatMap((part) => [...Object.keys((part['claimsToAddOrOverride'] as Record<string, unknown> | undefined) ?? {}), ...((part['claimsToSuppress'] as string[] | undefined) ?? [])]);
}

const ada: Person = { userName: '0d6c1f2e-aaaa-4bbb-8ccc-1d2e3f4a5b6c', sub: '0d6c1f2e-aaaa-4bbb-8ccc-1d2e3f4a5b6c', email: 'ada@example.com' };

describe('handlers/pre-token-generation: the built bundle', function () {
  const standIns = useBundleStandIns();
  const { logs } = standIns;
  let restore: () => void = () => undefined;
  afterEach(() => restore());
  const requests = () => Object.fromEntries(standIns.dynamo.requests);
  const flows = () => logs.entries().filter((entry) => entry['message'] === 'flow');
  const counted = () => logs.metrics().filter((entry) => entry['Invocations'] === 1).map((entry) => `${String(entry['result'])}:${String(entry['outcome'])}`);
  const bundleWith = (environment: Record<string, string>) => {
    restore = withEnvironment(environment);
    return loadBundle('pre-token-generation');
  };

  it('answers a V1_0 event of every trigger source: tenant and roles (one string) in the ID token, email out; nothing read', async () => {
    const preTokenGeneration = bundleWith(ATTRIBUTE_V1);
    for (const triggerSource of TOKEN_GENERATION_SOURCES) {
      const event = preTokenGenerationEvent(jane, { triggerSource, groups: ['support', 'admins', 'elsewhere'], attributes: { 'custom:tenant': 'acme' } });
      const answer = (await preTokenGeneration(event)) as Answer;
      expect(answer, triggerSource).to.deep.equal({
        ...event,
        response: {
          claimsOverrideDetails: {
            claimsToAddOrOverride: { tenant: 'acme', roles: 'admin billing-reader reader' },
            claimsToSuppress: ['email'],
          },
        },
      });
    }
    expect(requests()).to.deep.equal({});
    expect(counted()).to.deep.equal(Array(TOKEN_GENERATION_SOURCES.length).fill('accepted:customised'));
    expect(flows().map((entry) => [entry['eventVersion'], entry['storeReads']])).to.deep.equal(Array(TOKEN_GENERATION_SOURCES.length).fill(['V1_0', '0']));
  });

  it('answers a V2_0 event of every trigger source: both tokens, roles as a list, the scope on the access token', async () => {
    const preTokenGeneration = bundleWith(ATTRIBUTE_V2);
    for (const triggerSource of TOKEN_GENERATION_SOURCES) {
      const event = preTokenGenerationEvent(jane, { version: 'V2_0', triggerSource, groups: ['admins'], attributes: { 'custom:tenant': 'acme' } });
      const answer = (await preTokenGeneration(event)) as Answer;
      expect(answer.response, triggerSource).to.deep.equal({
        claimsAndScopeOverrideDetails: {
          idTokenGeneration: { claimsToAddOrOverride: { tenant: 'acme', roles: ['admin', 'billing-reader'] }, claimsToSuppress: ['email'] },
          accessTokenGeneration: { claimsToAddOrOverride: { tenant: 'acme', roles: ['admin', 'billing-reader'] }, scopesToAdd: ['api.example.com/orders.read'] },
        },
      });
      expect(answer.request).to.deep.equal(event.request);
    }
    expect(requests()).to.deep.equal({});
  });

  it('answers in the shape of the event it gets: a V1_0 event under a V2_0 policy gets strings and no scope', async () => {
    const preTokenGeneration = bundleWith(ATTRIBUTE_V2);
    const answer = (await preTokenGeneration(preTokenGenerationEvent(jane, { groups: ['admins'], attributes: { 'custom:tenant': 'acme' } }))) as Answer;
    expect(answer.response).to.deep.equal({
      claimsOverrideDetails: { claimsToAddOrOverride: { tenant: 'acme', roles: 'admin billing-reader' }, claimsToSuppress: ['email'] },
    });
  });

  it('never names a claim Cognito keeps for itself, whatever the user\'s attributes and groups', async () => {
    const preTokenGeneration = bundleWith(ATTRIBUTE_V2);
    const forged = Object.fromEntries(PROTECTED_ACCESS_CLAIMS.map((name) => [name, 'forged']));
    for (const version of ['V1_0', 'V2_0'] as const) {
      const event = preTokenGenerationEvent(jane, { version, groups: ['admins', 'cognito:username', 'sub'], attributes: { ...forged, 'custom:tenant': 'acme' } });
      const answer = (await preTokenGeneration(event)) as Answer;
      const named = namedClaims(answer);
      expect(named).to.not.be.empty;
      for (const claim of named) expect(PROTECTED_ACCESS_CLAIMS, claim).to.not.include(claim);
      expect(named.some((claim) => claim.startsWith('cognito:'))).to.equal(false);
    }
  });

  it('refuses tokens to a user without a tenant with a message the user may read, and counts it', async () => {
    const preTokenGeneration = bundleWith(ATTRIBUTE_V2);
    const answer = await settle(preTokenGeneration(preTokenGenerationEvent(jane, { version: 'V2_0', groups: ['admins'] })));
    expect(answer).to.deep.equal({ ok: false, message: 'This account is not assigned to an organisation yet, please contact your administrator' });
    expect(counted()).to.deep.equal(['refused:no-tenant']);
    expect(flows()[0]).to.include({ result: 'refused', code: 'TENANT_UNKNOWN' });
  });

  it('takes the tenant from the account record with one GetItem per token issue, never from a user-writable attribute', async () => {
    const documents = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: standIns.dynamo.endpoint }));
    try {
      await documents.send(
        new PutCommand({
          TableName: standIns.dynamo.tableName,
          Item: { pk: `ACCT#${accountKey(TEST_ACCOUNT_KEY_SECRET, ada.userName)}`, sk: 'ACCOUNT', username: ada.userName, tenant: 'globex' },
        }),
      );
    } finally {
      documents.destroy();
    }
    standIns.dynamo.resetCounts();
    const preTokenGeneration = bundleWith(RECORD_V2);
    for (const triggerSource of ['TokenGeneration_Authentication', 'TokenGeneration_RefreshTokens']) {
      const answer = (await preTokenGeneration(preTokenGenerationEvent(ada, { version: 'V2_0', triggerSource, attributes: { 'custom:tenant': 'forged' } }))) as Answer;
      const details = answer.response['claimsAndScopeOverrideDetails'] as Record<string, { claimsToAddOrOverride: Record<string, unknown> }>;
      expect(details['idTokenGeneration']?.claimsToAddOrOverride).to.deep.equal({ tenant: 'globex' });
      expect(details['accessTokenGeneration']?.claimsToAddOrOverride).to.deep.equal({ tenant: 'globex' });
    }
    expect(requests()).to.deep.equal({ GetItem: 2 });
    expect(flows().map((entry) => entry['storeReads'])).to.deep.equal(['1', '1']);
    // A user whose record names no tenant gets no tokens.
    const refused = await settle(preTokenGeneration(preTokenGenerationEvent(jane, { version: 'V2_0' })));
    expect(refused).to.deep.equal({ ok: false, message: 'This account is not assigned to an organisation yet, please contact your administrator' });
  });

  it('fails closed when the record cannot be read: the generic refusal, an error incident, nothing of the cause for the user', async () => {
    const preTokenGeneration = bundleWith({ ...RECORD_V2, TABLE_NAME: 'gatehouse-no-such-table' });
    const answer = await settle(preTokenGeneration(preTokenGenerationEvent(jane, { version: 'V2_0' })));
    expect(answer).to.deep.equal({ ok: false, message: ANSWERS.unavailable });
    expect(logs.entries().filter((entry) => entry['message'] === 'incident').map((entry) => entry['incident'])).to.deep.equal(['TENANT_LOOKUP_FAILED']);
    expect(logs.metrics().filter((entry) => entry['Incidents'] === 1).map((entry) => entry['incident'])).to.deep.equal(['TENANT_LOOKUP_FAILED']);
    expect(counted()).to.deep.equal(['refused:tenant-unavailable']);
  });

  it('refuses machine-to-machine and unknown trigger sources and malformed events before doing anything', async () => {
    const preTokenGeneration = bundleWith(RECORD_V2);
    for (const event of [
      preTokenGenerationEvent(jane, { version: 'V2_0', triggerSource: 'TokenGeneration_ClientCredentials' }),
      preTokenGenerationEvent(jane, { triggerSource: 'PreAuthentication_Authentication' }),
      { ...preTokenGenerationEvent(jane), request: { groupConfiguration: { groupsToOverride: 'admins' } } },
    ]) {
      const answer = await settle(preTokenGeneration(event));
      expect(answer).to.deep.equal({ ok: false, message: ANSWERS.generic });
    }
    expect(requests()).to.deep.equal({});
  });

  it('logs neither the tenant, the roles nor the user\'s attributes', async () => {
    const preTokenGeneration = bundleWith(ATTRIBUTE_V2);
    await preTokenGeneration(preTokenGenerationEvent(jane, { version: 'V2_0', groups: ['admins'], attributes: { 'custom:tenant': 'tenant-secret-name' } }));
    await settle(preTokenGeneration(preTokenGenerationEvent(jane, { version: 'V2_0' })));
    for (const secret of ['tenant-secret-name', 'billing-reader', jane.email]) expect(logs.text).to.not.contain(secret);
  });
});
