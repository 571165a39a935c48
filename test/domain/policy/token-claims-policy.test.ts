import { expect } from 'chai';
import fc from 'fast-check';
import {
  assertValidClaimsPolicy,
  claimsPolicyProblems,
  decideTokenClaims,
  isProtectedClaim,
  PROTECTED_ACCESS_CLAIMS,
  PROTECTED_CLAIMS,
  type TokenClaimsPolicy,
} from '../../../domain';
import { PROTECTED_TOKEN_CLAIMS } from '../../../infra/config-schema';

const POLICY: TokenClaimsPolicy = {
  eventVersion: 'V2_0',
  tenant: { from: 'attribute', attribute: 'custom:tenant', claim: 'tenant', whenMissing: 'refuse' },
  roles: { claim: 'roles', groups: { admins: ['admin', 'billing'], support: ['reader', 'admin'] } },
  scopes: ['api.example.com/orders.read'],
  suppress: ['email', 'phone_number'],
};

describe('token claims policy', () => {
  it('holds the developer guide\'s claims that no trigger may change, and the stack configuration refuses the same ones', () => {
    for (const name of ['acr', 'amr', 'aud', 'auth_time', 'azp', 'exp', 'iat', 'identities', 'iss', 'jti', 'nbf', 'nonce', 'origin_jti', 'sub', 'token_use', 'cognito:username', 'at_hash']) {
      expect(PROTECTED_CLAIMS, name).to.include(name);
    }
    for (const name of ['client_id', 'scope', 'username', 'version']) expect(PROTECTED_ACCESS_CLAIMS, name).to.include(name);
    expect([...PROTECTED_TOKEN_CLAIMS].sort()).to.deep.equal([...PROTECTED_ACCESS_CLAIMS].sort());
    expect(isProtectedClaim('cognito:groups')).to.equal(true);
    expect(isProtectedClaim('tenant')).to.equal(false);
  });

  it('refuses a policy that would add, suppress or rename onto a protected claim, naming the setting', () => {
    for (const name of [...PROTECTED_ACCESS_CLAIMS, 'cognito:groups']) {
      expect(claimsPolicyProblems({ ...POLICY, suppress: [name] }).join(), name).to.contain('suppress[0]');
      expect(claimsPolicyProblems({ ...POLICY, tenant: { ...POLICY.tenant!, claim: name } }).join(), name).to.contain('tenant.claim');
      expect(claimsPolicyProblems({ ...POLICY, roles: { ...POLICY.roles!, claim: name } }).join(), name).to.contain('roles.claim');
    }
    expect(() => assertValidClaimsPolicy({ ...POLICY, suppress: ['sub'] })).to.throw(/invalid claims policy: suppress\[0\] "sub"/);
  });

  it('refuses scopes on V1_0, Cognito\'s own scopes, a non-custom tenant attribute and one claim for two things', () => {
    expect(claimsPolicyProblems({ ...POLICY, eventVersion: 'V1_0' })).to.deep.equal(['scopes need eventVersion V2_0 (V1_0 cannot change the access token)']);
    expect(claimsPolicyProblems({ ...POLICY, scopes: ['openid', 'two words'] })).to.have.length(2);
    expect(claimsPolicyProblems({ ...POLICY, tenant: { from: 'attribute', attribute: 'tenant', claim: 'tenant', whenMissing: 'refuse' } })[0]).to.match(/must be a custom attribute/);
    expect(claimsPolicyProblems({ ...POLICY, roles: { claim: 'tenant', groups: {} } })[0]).to.match(/is also tenant.claim/);
    expect(claimsPolicyProblems({ ...POLICY, suppress: ['roles'] })[0]).to.match(/a claim the policy adds/);
    expect(claimsPolicyProblems(POLICY)).to.deep.equal([]);
  });

  it('maps groups to sorted, distinct roles and ignores groups it does not know (V2_0: a list)', () => {
    const decision = decideTokenClaims(POLICY, { groups: ['support', 'admins', 'other', 'constructor'], tenant: 'acme' });
    expect(decision).to.deep.equal({
      claims: { tenant: 'acme', roles: ['admin', 'billing', 'reader'] },
      suppressFromIdToken: ['email', 'phone_number'],
      scopesToAdd: ['api.example.com/orders.read'],
    });
  });

  it('carries only strings and no scope when the event is V1_0, whatever the policy\'s version', () => {
    const decision = decideTokenClaims(POLICY, { groups: ['admins'], tenant: 'acme' }, 'V1_0');
    expect(decision).to.deep.equal({ claims: { tenant: 'acme', roles: 'admin billing' }, suppressFromIdToken: ['email', 'phone_number'], scopesToAdd: [] });
  });

  it('adds no roles claim for a user whose groups give none, and no tenant claim without a tenant', () => {
    expect(decideTokenClaims(POLICY, { groups: ['other'] }).claims).to.deep.equal({});
  });

  it('never names a protected claim, whatever the policy and the facts (a policy that skipped validation included)', () => {
    const name = fc.oneof(fc.constantFrom(...PROTECTED_ACCESS_CLAIMS, 'cognito:groups', 'cognito:roles', 'tenant', 'roles', 'email'), fc.string({ maxLength: 12 }));
    fc.assert(
      fc.property(name, name, fc.array(name, { maxLength: 5 }), fc.array(fc.string({ maxLength: 8 }), { maxLength: 4 }), fc.constantFrom('V1_0' as const, 'V2_0' as const), (tenantClaim, rolesClaim, suppress, groups, version) => {
        const policy: TokenClaimsPolicy = {
          eventVersion: version,
          tenant: { from: 'attribute', attribute: 'custom:tenant', claim: tenantClaim, whenMissing: 'omit' },
          roles: { claim: rolesClaim, groups: Object.fromEntries(groups.map((group) => [group, ['r']])) },
          scopes: [],
          suppress,
        };
        const decision = decideTokenClaims(policy, { groups, tenant: 't' }, version);
        for (const claim of [...Object.keys(decision.claims), ...decision.suppressFromIdToken]) {
          if (isProtectedClaim(claim)) return false;
        }
        return true;
      }),
      { numRuns: 500 },
    );
  });
});
