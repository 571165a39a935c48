import { expect } from 'chai';
import sinon from 'sinon';
import type { TenantDirectory } from '../../domain';
import { buildContainer, type Composition } from '../../handlers/composition/composition-root';
import type { HandlerConfig } from '../../handlers/composition/handler-config';
import { tokenClaimsModules } from '../../handlers/composition/modules/token-claims-module';
import { TOKENS } from '../../handlers/composition/tokens';
import { createPreTokenGenerationHandler, responseFor } from '../../handlers/pre-token-generation';
import { jane, preTokenGenerationEvent } from '../support/cognito-events';
import { PlainAccountKeys } from '../support/fakes/plain-account-keys';
import { failureOf, recordingMetrics, spiedLogger, testConfig } from '../support/handler-harness';

const RECORD: HandlerConfig['claims'] = {
  eventVersion: 'V2_0',
  tenant: { from: 'account-record', claim: 'org', whenMissing: 'refuse' },
  roles: { claim: 'roles', groups: { admins: ['admin'] } },
  scopes: ['orders.read'],
  suppress: ['email'],
};

/** The real composition of the trigger's modules, the record's reader and the account keys replaced by fakes. */
function handlerWith(claims: HandlerConfig['claims'], tenants?: TenantDirectory) {
  const config = { ...testConfig(), claims };
  const log = spiedLogger();
  const container = buildContainer(config, log.logger, tokenClaimsModules(config));
  if (tenants) {
    container.rebind(TOKENS.TenantDirectory).toConstantValue(tenants);
    container.rebind(TOKENS.AccountKeys).toConstantValue(new PlainAccountKeys());
  }
  const { metrics, counted } = recordingMetrics();
  const composition: Composition = { logger: log.logger, metrics, container: () => container };
  return { handler: createPreTokenGenerationHandler(composition), log, counted };
}

describe('handlers/pre-token-generation', () => {
  it('reads the tenant through the port, keyed by the account, and answers in the event\'s version', async () => {
    const tenantOf = sinon.stub<Parameters<TenantDirectory['tenantOf']>, ReturnType<TenantDirectory['tenantOf']>>().resolves('globex');
    const { handler, counted, log } = handlerWith(RECORD, { tenantOf });
    const answer = (await handler(preTokenGenerationEvent(jane, { version: 'V2_0', groups: ['admins'] }))) as { response: unknown };
    expect(tenantOf.calledOnceWithExactly({ key: jane.userName })).to.equal(true);
    expect(answer.response).to.deep.equal({
      claimsAndScopeOverrideDetails: {
        idTokenGeneration: { claimsToAddOrOverride: { org: 'globex', roles: ['admin'] }, claimsToSuppress: ['email'] },
        accessTokenGeneration: { claimsToAddOrOverride: { org: 'globex', roles: ['admin'] }, scopesToAdd: ['orders.read'] },
      },
    });
    expect(counted).to.deep.equal([{ name: 'Invocations', dimensions: { trigger: 'PreTokenGeneration', result: 'accepted', outcome: 'customised' } }]);
    expect(log.everything()).to.not.contain('globex');
  });

  it('refuses, with the generic sign-in answer and an incident, when the record cannot be read', async () => {
    const tenantOf = sinon.stub<Parameters<TenantDirectory['tenantOf']>, ReturnType<TenantDirectory['tenantOf']>>().rejects(new Error('timeout'));
    const { handler, counted } = handlerWith(RECORD, { tenantOf });
    const error = await failureOf(handler(preTokenGenerationEvent(jane, { version: 'V2_0' })));
    expect(error.message).to.equal('Sign-in is temporarily unavailable, please try again in a few minutes');
    expect(counted.map((each) => each.dimensions)).to.deep.equal([
      { trigger: 'PreTokenGeneration', incident: 'TENANT_LOOKUP_FAILED' },
      { trigger: 'PreTokenGeneration', result: 'refused', outcome: 'tenant-unavailable' },
    ]);
  });

  it('leaves the tokens as Cognito issues them when the policy changes nothing', async () => {
    const { handler } = handlerWith({ eventVersion: 'V1_0', scopes: [], suppress: [] });
    const event = preTokenGenerationEvent(jane, { groups: ['admins'] });
    expect(await handler(event)).to.deep.equal(event);
    expect(responseFor('V2_0', { claims: {}, suppressFromIdToken: [], scopesToAdd: [] })).to.deep.equal({});
  });

  it('composes no record reader for a tenant from an attribute', () => {
    const config = { ...testConfig(), claims: { ...RECORD, tenant: { from: 'attribute' as const, attribute: 'custom:org', claim: 'org', whenMissing: 'refuse' as const } } };
    const container = buildContainer(config, spiedLogger().logger, tokenClaimsModules(config));
    expect(container.isBound(TOKENS.TenantDirectory)).to.equal(false);
    expect(container.isBound(TOKENS.DynamoDbClient)).to.equal(false);
    expect(tokenClaimsModules({ ...testConfig(), claims: RECORD })).to.have.length(5);
  });
});
