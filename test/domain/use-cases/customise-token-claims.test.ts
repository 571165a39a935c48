import { expect } from 'chai';
import {
  CustomiseTokenClaims,
  SignInUnavailableError,
  StoreRejectedError,
  TenantUnknownError,
  type TokenClaimsPolicy,
} from '../../../domain';
import { InMemoryTenantDirectory } from '../../support/fakes/in-memory-tenant-directory';
import { PlainAccountKeys } from '../../support/fakes/plain-account-keys';

const FROM_ATTRIBUTE: TokenClaimsPolicy = {
  eventVersion: 'V2_0',
  tenant: { from: 'attribute', attribute: 'custom:tenant', claim: 'tenant', whenMissing: 'refuse' },
  roles: { claim: 'roles', groups: { admins: ['admin'] } },
  scopes: ['orders.read'],
  suppress: ['email'],
};
const FROM_RECORD: TokenClaimsPolicy = { ...FROM_ATTRIBUTE, tenant: { from: 'account-record', claim: 'tenant', whenMissing: 'refuse' } };

const issue = (attributes: Record<string, unknown> = {}, groups: string[] = []) => ({ username: 'Jane@Example.com', eventVersion: 'V2_0' as const, groups, attributes });

describe('CustomiseTokenClaims', () => {
  it('takes the tenant from the custom attribute without reading anything', async () => {
    const tenants = new InMemoryTenantDirectory();
    const keys = new PlainAccountKeys();
    const result = await new CustomiseTokenClaims(FROM_ATTRIBUTE, { keys, tenants }).execute(issue({ 'custom:tenant': ' acme ' }, ['admins']));
    expect(result).to.deep.equal({
      outcome: 'customised',
      decision: { claims: { tenant: 'acme', roles: ['admin'] }, suppressFromIdToken: ['email'], scopesToAdd: ['orders.read'] },
      storeReads: 0,
      incidents: [],
    });
    expect(tenants.reads).to.equal(0);
    expect(keys.requested).to.deep.equal([]);
  });

  it('refuses tokens to a user without a tenant, with a message the user may read', async () => {
    for (const value of [undefined, '', '   ', 42]) {
      const result = await new CustomiseTokenClaims(FROM_ATTRIBUTE).execute(issue(value === undefined ? {} : { 'custom:tenant': value }));
      expect(result.outcome).to.equal('no-tenant');
      expect(result.denial).to.be.instanceOf(TenantUnknownError);
      expect(result.denial?.userFacing).to.equal(true);
      expect(result.decision).to.equal(undefined);
    }
  });

  it('issues tokens without the claim when the stack lets a user without a tenant through', async () => {
    const policy: TokenClaimsPolicy = { ...FROM_ATTRIBUTE, tenant: { from: 'attribute', attribute: 'custom:tenant', claim: 'tenant', whenMissing: 'omit' } };
    const result = await new CustomiseTokenClaims(policy).execute(issue({}, ['admins']));
    expect(result.outcome).to.equal('tenant-omitted');
    expect(result.decision?.claims).to.deep.equal({ roles: ['admin'] });
  });

  it('reads the tenant from the account record, keyed by the normalised username, once per token issue', async () => {
    const tenants = new InMemoryTenantDirectory();
    tenants.tenants.set('jane@example.com', 'globex');
    const keys = new PlainAccountKeys();
    const useCase = new CustomiseTokenClaims(FROM_RECORD, { keys, tenants });
    const result = await useCase.execute(issue({ 'custom:tenant': 'forged' }));
    expect(result.outcome).to.equal('customised');
    expect(result.storeReads).to.equal(1);
    expect(result.decision?.claims).to.deep.equal({ tenant: 'globex' });
    expect(keys.requested).to.deep.equal(['jane@example.com']);
    expect(tenants.reads).to.equal(1);
  });

  it('fails closed when the record cannot be read: no tokens, a generic refusal and an error incident', async () => {
    for (const error of [undefined, () => new StoreRejectedError('DynamoDB GetItem (tenant): AccessDeniedException')]) {
      const tenants = new InMemoryTenantDirectory();
      tenants.tenants.set('jane@example.com', 'globex');
      tenants.failNext(error ? { error } : {});
      const result = await new CustomiseTokenClaims(FROM_RECORD, { keys: new PlainAccountKeys(), tenants }).execute(issue());
      expect(result.outcome).to.equal('tenant-unavailable');
      expect(result.denial).to.be.instanceOf(SignInUnavailableError);
      expect(result.incidents.map((incident) => [incident.code, incident.severity])).to.deep.equal([['TENANT_LOOKUP_FAILED', 'error']]);
    }
  });

  it('fails closed when the account key cannot be had either', async () => {
    const keys = new PlainAccountKeys();
    keys.failNext();
    const tenants = new InMemoryTenantDirectory();
    const result = await new CustomiseTokenClaims(FROM_RECORD, { keys, tenants }).execute(issue());
    expect(result.outcome).to.equal('tenant-unavailable');
    expect(tenants.reads).to.equal(0);
  });

  it('refuses a user whose record names no tenant', async () => {
    const result = await new CustomiseTokenClaims(FROM_RECORD, { keys: new PlainAccountKeys(), tenants: new InMemoryTenantDirectory() }).execute(issue());
    expect(result).to.include({ outcome: 'no-tenant', storeReads: 1 });
  });

  it('without a tenant in the policy, applies the rest and reads nothing', async () => {
    const { tenant: _tenant, ...policy } = FROM_ATTRIBUTE;
    const result = await new CustomiseTokenClaims(policy).execute({ ...issue({}, ['admins']), eventVersion: 'V1_0' });
    expect(result).to.deep.equal({
      outcome: 'customised',
      decision: { claims: { roles: 'admin' }, suppressFromIdToken: ['email'], scopesToAdd: [] },
      storeReads: 0,
      incidents: [],
    });
  });
});
