import { InvalidInputError } from '../errors';

/** The pre token generation event a pool sends: V1_0 customises the ID token, V2_0 the ID and access tokens. */
export type ClaimsEventVersion = 'V1_0' | 'V2_0';

/** Where a user's tenant comes from: one of their custom attributes, or their account record. */
export type TenantSource =
  | { readonly from: 'attribute'; readonly attribute: string; readonly claim: string; readonly whenMissing: 'refuse' | 'omit' }
  | { readonly from: 'account-record'; readonly claim: string; readonly whenMissing: 'refuse' | 'omit' };

/**
 * What a stack adds to and takes from its tokens. Plain data, checked by `assertValidClaimsPolicy`; the
 * claims each token gets are decided by `decideTokenClaims`.
 */
export interface TokenClaimsPolicy {
  readonly eventVersion: ClaimsEventVersion;
  readonly tenant?: TenantSource;
  /** The roles claim: each group a user belongs to gives the roles listed for it; other groups give none. */
  readonly roles?: { readonly claim: string; readonly groups: Readonly<Record<string, readonly string[]>> };
  /** Scopes added to every access token (V2_0 only: V1_0 leaves the access token as Cognito issues it). */
  readonly scopes: readonly string[];
  /** Claims taken out of the ID token (its attributes: `email`, `phone_number`, …). */
  readonly suppress: readonly string[];
}

/**
 * Claims Cognito never lets a pre token generation trigger add, override or suppress, in either token
 * (the developer guide's list), and those that record the event and the device. A response that names one
 * is not an error to Cognito, it is ignored: Gatehouse never names one, so that what a stack asks for is
 * what its tokens carry. https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-pre-token-generation.html
 */
export const PROTECTED_CLAIMS: readonly string[] = [
  'acr',
  'amr',
  'at_hash',
  'aud',
  'auth_time',
  'azp',
  'cognito:username',
  'device_key',
  'event_id',
  'exp',
  'iat',
  'identities',
  'iss',
  'jti',
  'nbf',
  'nonce',
  'origin_jti',
  'sub',
  'token_use',
];

/** Claims of the access token that stay Cognito's too: its client, user, version, and scopes (changed only through scopesToAdd). */
export const PROTECTED_ACCESS_CLAIMS: readonly string[] = [...PROTECTED_CLAIMS, 'client_id', 'scope', 'username', 'version'];

/** Whether a claim is Cognito's alone: the protected ones, and every `cognito:` claim (groups change only through groupOverrideDetails). */
export function isProtectedClaim(name: string): boolean {
  return PROTECTED_ACCESS_CLAIMS.includes(name) || name.startsWith('cognito:');
}

/** A claim name a policy may add: JSON-friendly, short, and never one of Cognito's. */
const CLAIM_NAME = /^[A-Za-z][A-Za-z0-9_:.-]{0,63}$/;
/** A custom attribute as Cognito names it: `custom:` and 1-20 letters, digits or `_`. */
export const CUSTOM_ATTRIBUTE = /^custom:[A-Za-z0-9_]{1,20}$/;
/** An OAuth scope: printable ASCII without spaces, quotes or backslashes (RFC 6749 §3.3). */
export const SCOPE = /^[\x21\x23-\x5B\x5D-\x7E]{1,256}$/;
/** Cognito's scope of every token issued through its API: never a policy's to add. */
const RESERVED_SCOPES = ['aws.cognito.signin.user.admin', 'openid', 'email', 'phone', 'profile'];

/** The problems of a policy, each naming the setting; empty when it is valid. */
export function claimsPolicyProblems(policy: TokenClaimsPolicy): string[] {
  const problems: string[] = [];
  const claimName = (where: string, name: string) => {
    if (isProtectedClaim(name)) problems.push(`${where} "${name}" is a claim Cognito never lets a trigger change`);
    else if (!CLAIM_NAME.test(name)) problems.push(`${where} "${name}" is not a claim name (a letter, then up to 63 letters, digits, "_", ":", "." or "-")`);
  };
  if (policy.tenant) {
    claimName('tenant.claim', policy.tenant.claim);
    if (policy.tenant.from === 'attribute' && !CUSTOM_ATTRIBUTE.test(policy.tenant.attribute)) {
      problems.push(`tenant.attribute "${policy.tenant.attribute}" must be a custom attribute ("custom:" and 1-20 letters, digits or "_")`);
    }
  }
  if (policy.roles) {
    claimName('roles.claim', policy.roles.claim);
    if (policy.tenant && policy.tenant.claim === policy.roles.claim) problems.push(`roles.claim "${policy.roles.claim}" is also tenant.claim`);
  }
  policy.suppress.forEach((name, index) => {
    if (isProtectedClaim(name)) problems.push(`suppress[${index}] "${name}" is a claim Cognito never lets a trigger change`);
    if ([policy.tenant?.claim, policy.roles?.claim].includes(name)) problems.push(`suppress[${index}] "${name}" is a claim the policy adds`);
  });
  if (policy.scopes.length > 0 && policy.eventVersion !== 'V2_0') problems.push('scopes need eventVersion V2_0 (V1_0 cannot change the access token)');
  policy.scopes.forEach((scope, index) => {
    if (!SCOPE.test(scope)) problems.push(`scopes[${index}] "${scope}" is not a scope (printable characters, no spaces or quotes)`);
    if (RESERVED_SCOPES.includes(scope)) problems.push(`scopes[${index}] "${scope}" is one of Cognito's own scopes`);
  });
  return problems;
}

export function assertValidClaimsPolicy(policy: TokenClaimsPolicy): void {
  const problems = claimsPolicyProblems(policy);
  if (problems.length > 0) throw new InvalidInputError(`invalid claims policy: ${problems.join('; ')}`);
}

/** What the trigger knows of the user when the policy is applied. */
export interface ClaimFacts {
  /** The user's groups, as Cognito hands them to the trigger. */
  readonly groups: readonly string[];
  /** The user's tenant, when the policy has one and it was found. */
  readonly tenant?: string;
}

/** A claim's value: V1_0 carries strings only, V2_0 lists as JSON arrays. */
export type ClaimValue = string | readonly string[];

/** What the policy does to the tokens, whichever event version carries it. */
export interface TokenClaimsDecision {
  /** Claims added to the ID token and, in V2_0, to the access token. */
  readonly claims: Readonly<Record<string, ClaimValue>>;
  /** Claims taken out of the ID token. */
  readonly suppressFromIdToken: readonly string[];
  /** Scopes added to the access token (V2_0). */
  readonly scopesToAdd: readonly string[];
}

/**
 * The claims of one token issue: the tenant as found, the roles the user's groups map to (sorted, each
 * once; none when no group maps to a role), the ID token's suppressed claims and the access token's
 * scopes. Nothing protected is ever named, whatever the policy says (it is checked at configuration
 * time too). `version` is the event's (the policy's unless a pool still sends the other one): V1_0
 * carries string values only, so the roles are then one space-separated string, and adds no scope.
 */
export function decideTokenClaims(policy: TokenClaimsPolicy, facts: ClaimFacts, version: ClaimsEventVersion = policy.eventVersion): TokenClaimsDecision {
  const claims: Record<string, ClaimValue> = {};
  if (policy.tenant && facts.tenant !== undefined && !isProtectedClaim(policy.tenant.claim)) claims[policy.tenant.claim] = facts.tenant;
  if (policy.roles && !isProtectedClaim(policy.roles.claim)) {
    const roles = [...new Set(facts.groups.flatMap((group) => (Object.hasOwn(policy.roles?.groups ?? {}, group) ? (policy.roles?.groups[group] ?? []) : [])))].sort();
    if (roles.length > 0) claims[policy.roles.claim] = version === 'V1_0' ? roles.join(' ') : roles;
  }
  return {
    claims,
    suppressFromIdToken: policy.suppress.filter((name) => !isProtectedClaim(name) && claims[name] === undefined),
    scopesToAdd: version === 'V2_0' ? [...policy.scopes] : [],
  };
}
