import { SignInUnavailableError, TenantUnknownError, type DomainError } from '../errors';
import { normaliseUsername } from '../model/account';
import { incidentFrom, type Incident } from '../model/incident';
import { decideTokenClaims, type ClaimsEventVersion, type TokenClaimsDecision, type TokenClaimsPolicy } from '../policy/token-claims-policy';
import type { AccountKeys } from '../ports/account-keys';
import type { TenantDirectory } from '../ports/tenant-directory';

export interface TokenIssue {
  /** The pool's username of the user (`userName` of the event), which keys the account's record. */
  readonly username: string;
  /** The event's version: the policy's, unless the pool still sends the other one. */
  readonly eventVersion: ClaimsEventVersion;
  readonly groups: readonly string[];
  /** The user's attributes as the event carries them. */
  readonly attributes: Readonly<Record<string, unknown>>;
}

/**
 * `customised`: the policy applied; `tenant-omitted`: applied without the tenant, which the user has none
 * of and the stack allows; `no-tenant`: refused, the user has no tenant; `tenant-unavailable`: refused,
 * the record could not be read.
 */
export type TokenClaimsOutcome = 'customised' | 'tenant-omitted' | 'no-tenant' | 'tenant-unavailable';

export interface TokenClaimsResult {
  readonly outcome: TokenClaimsOutcome;
  /** What the tokens get; absent when they are refused. */
  readonly decision?: TokenClaimsDecision;
  readonly denial?: DomainError;
  /** Whether the account's record was read (the only request a token issue can cost). */
  readonly storeReads: 0 | 1;
  readonly incidents: readonly Incident[];
}

/** The account keys and the record reader, for a policy that takes the tenant from the record. */
export interface TenantRecords {
  readonly keys: AccountKeys;
  readonly tenants: TenantDirectory;
}

/**
 * PreTokenGeneration, at every sign-in and every refresh: the stack's claims policy applied to the
 * user's tokens. Nothing is read unless the policy takes the tenant from the account's record, and then
 * exactly one item. The tenant fails closed: a user whose tenant cannot be told, or whose record cannot be
 * read, gets no tokens (a token without its tenant could be taken by an API as belonging to any), unless
 * the stack lets tokens go without a tenant claim for users who have none.
 */
export class CustomiseTokenClaims {
  constructor(
    private readonly policy: TokenClaimsPolicy,
    private readonly records?: TenantRecords,
  ) {}

  async execute(issue: TokenIssue): Promise<TokenClaimsResult> {
    const source = this.policy.tenant;
    let tenant: string | undefined;
    let storeReads: 0 | 1 = 0;
    if (source?.from === 'attribute') {
      tenant = tenantValue(issue.attributes[source.attribute]);
    } else if (source?.from === 'account-record') {
      if (this.records === undefined) throw new Error('a tenant from the account record needs the account keys and records');
      storeReads = 1;
      try {
        const account = await this.records.keys.refFor(normaliseUsername(issue.username));
        tenant = tenantValue(await this.records.tenants.tenantOf(account));
      } catch (error) {
        return { outcome: 'tenant-unavailable', denial: new SignInUnavailableError(), storeReads, incidents: [incidentFrom('TENANT_LOOKUP_FAILED', 'error', error)] };
      }
    }
    if (source !== undefined && tenant === undefined && source.whenMissing === 'refuse') {
      return { outcome: 'no-tenant', denial: new TenantUnknownError(), storeReads, incidents: [] };
    }
    const decision = decideTokenClaims(this.policy, { groups: issue.groups, ...(tenant === undefined ? {} : { tenant }) }, issue.eventVersion);
    return { outcome: source !== undefined && tenant === undefined ? 'tenant-omitted' : 'customised', decision, storeReads, incidents: [] };
  }
}

/** A tenant is a non-empty string once trimmed; anything else is no tenant. */
function tenantValue(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed.length > 0 ? trimmed : undefined;
}
