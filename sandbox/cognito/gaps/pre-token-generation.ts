import type { AppClient } from 'cognito-local/lib/services/appClient';
import type { Clock } from 'cognito-local/lib/services/clock';
import type { CognitoService } from 'cognito-local/lib/services/cognitoService';
import type { Context } from 'cognito-local/lib/services/context';
import type { TokenConfig, TokenGenerator, Tokens } from 'cognito-local/lib/services/tokenGenerator';
import { attributesToRecord, attributeValue, customAttributes, type Group, type User } from 'cognito-local/lib/services/userPoolService';
import signingKey from 'cognito-local/lib/keys/cognitoLocal.private.json';
import { createSign, randomUUID } from 'node:crypto';
import { invokeTrigger, type LambdaInvoker, type TriggerFunctions } from '../lambda';

/**
 * The pre token generation event a pool sends, its `LambdaConfig.PreTokenGenerationConfig.LambdaVersion`:
 * V1_0 customises the ID token (every feature plan); V2_0 the ID and access tokens (Essentials or Plus).
 * V3_0 differs from V2_0 only for machine-to-machine (client credentials) tokens, which this pool does
 * not issue.
 */
export type PreTokenGenerationVersion = 'V1_0' | 'V2_0';

/** What the token generator calls the flow that asks for tokens; the event's `triggerSource` is `TokenGeneration_<source>`. */
export type TokenSource = Parameters<TokenGenerator['generate']>[5];

/** The scope of every access token issued through the user pools API (not the OAuth endpoints). */
export const SIGNED_IN_USER_SCOPE = 'aws.cognito.signin.user.admin';

/**
 * Claims a pre token generation trigger can never add, override or suppress, in either token and either
 * version: the developer guide's list (acr, amr, aud, at_hash, auth_time, azp, cognito:username, exp,
 * iat, identities, iss, jti, nbf, nonce, origin_jti, sub, token_use), and the other claims that record
 * the event and the device. Cognito leaves such a claim as it would have issued it and applies the rest of
 * the response.
 */
export const PROTECTED_CLAIMS: ReadonlySet<string> = new Set([
  'acr',
  'amr',
  'aud',
  'at_hash',
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
]);

/** Claims of the access token only that stay Cognito's: its client, its user, its version, and its scopes (changed through scopesToAdd/scopesToSuppress only). */
const PROTECTED_ACCESS_CLAIMS: ReadonlySet<string> = new Set([...PROTECTED_CLAIMS, 'client_id', 'scope', 'username', 'version']);

/** The group claims: set through groupOverrideDetails only, but a trigger may suppress them. */
const GROUP_CLAIMS: readonly string[] = ['cognito:groups', 'cognito:roles', 'cognito:preferred_role'];

/** ID token claims that keep a simple value (string, number, boolean) even in V2_0. */
const SIMPLE_ID_CLAIMS: readonly string[] = ['phone_number_verified', 'email_verified', 'updated_at', 'address'];

type Claims = Record<string, unknown>;
type TokenUse = 'id' | 'access';

/** A user's groups as the tokens carry them, and as `groupConfiguration` hands them to the trigger. */
export interface GroupConfiguration {
  readonly groupsToOverride: readonly string[];
  readonly iamRolesToOverride: readonly string[];
  readonly preferredRole: string | null;
}

/** The trigger's function, how to invoke it, and the event version the pool sends it. */
export interface PreTokenGenerationTrigger {
  readonly invoker: LambdaInvoker | undefined;
  readonly functions: TriggerFunctions;
  readonly version: PreTokenGenerationVersion;
}

/**
 * The pool's tokens, in place of cognito-local's JwtTokenGenerator (the same claims, signed with the same
 * key its JWKS serves), with the pre token generation trigger as Cognito runs it.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-pre-token-generation.html
 *
 * cognito-local 5.3 sends the V1 event only (as version "0", with an empty `groupConfiguration`), applies
 * `claimsOverrideDetails` to the ID token only and ignores its `groupOverrideDetails`. Here:
 * - V1_0 sends version "1" with the user's groups; `claimsToAddOrOverride` (string values only) and
 *   `claimsToSuppress` change the ID token; `groupOverrideDetails` replaces the groups in both tokens.
 * - V2_0 sends version "2" with the access token's `scopes`; `claimsAndScopeOverrideDetails` changes the
 *   ID token (`idTokenGeneration`), the access token (`accessTokenGeneration`, with `scopesToAdd` and
 *   `scopesToSuppress` on its `scope` claim) and both tokens' groups (`groupOverrideDetails`). Claim values
 *   may be strings, numbers, booleans, arrays or JSON objects, except the ID token's
 *   phone_number_verified, email_verified, updated_at and address.
 * - A claim both overridden and suppressed is suppressed. A `groupOverrideDetails` that is null or empty
 *   suppresses the groups; one left out keeps them.
 * - Protected claims (sub, iss, aud, token_use, exp, iat, auth_time, cognito:username, …) stay as Cognito
 *   issues them whatever the function returns, as does any value the version does not allow.
 * - `triggerSource` is `TokenGeneration_<source>`: `_Authentication` at sign-in, `_RefreshTokens` for
 *   REFRESH_TOKEN_AUTH, `_HostedAuth` from the hosted UI.
 * - A function's error ends the flow: UserLambdaValidationException "PreTokenGeneration failed with error <message>.".
 */
export class PreTokenGenerationTokens implements TokenGenerator {
  constructor(
    private readonly clock: Clock,
    private readonly cognito: CognitoService,
    private readonly tokenConfig: TokenConfig,
    private readonly trigger: PreTokenGenerationTrigger,
  ) {}

  async generate(
    ctx: Context,
    user: User,
    userGroups: readonly string[],
    client: AppClient,
    clientMetadata: Record<string, string> | undefined,
    source: TokenSource,
  ): Promise<Tokens> {
    const now = Math.floor(this.clock.get().getTime() / 1000);
    const eventId = randomUUID();
    const sub = attributeValue('sub', user.Attributes);
    const email = attributeValue('email', user.Attributes);
    const groups = await groupConfiguration(await this.cognito.getUserPool(ctx, client.UserPoolId), ctx, userGroups);
    const scopes = [SIGNED_IN_USER_SCOPE];

    let access: Claims = {
      auth_time: now,
      client_id: client.ClientId,
      event_id: eventId,
      iat: now,
      jti: randomUUID(),
      scope: scopes.join(' '),
      sub,
      token_use: 'access',
      username: user.Username,
    };
    let id: Claims = {
      'cognito:username': user.Username,
      auth_time: now,
      ...(email === undefined ? {} : { email, email_verified: attributeValue('email_verified', user.Attributes) === 'true' }),
      event_id: eventId,
      iat: now,
      jti: randomUUID(),
      sub,
      token_use: 'id',
      ...attributesToRecord(customAttributes(user.Attributes)),
    };

    const { invoker, functions, version } = this.trigger;
    if (invoker !== undefined && functions.PreTokenGeneration !== undefined) {
      const event = preTokenGenerationEvent({ version, source, user, client, groups, scopes, clientMetadata });
      const response = await invokeTrigger(invoker, functions, 'PreTokenGeneration', event);
      ({ id, access } = applyResponse(version, response, { id, access, groups, scopes }));
    } else {
      id = withGroups(id, 'id', groups);
      access = withGroups(access, 'access', groups);
    }

    const issuer = `${this.tokenConfig.IssuerDomain}/${client.UserPoolId}`;
    const units = client.TokenValidityUnits;
    return {
      AccessToken: signed({ ...access, exp: now + lifetime(client.AccessTokenValidity, units?.AccessToken ?? 'hours', 24 * 3600), iss: issuer }),
      IdToken: signed({ ...id, exp: now + lifetime(client.IdTokenValidity, units?.IdToken ?? 'hours', 24 * 3600), aud: client.ClientId, iss: issuer }),
      // As cognito-local's: readable, for debugging (Cognito's are encrypted and opaque).
      RefreshToken: signed({
        'cognito:username': user.Username,
        ...(email === undefined ? {} : { email }),
        iat: now,
        jti: randomUUID(),
        exp: now + lifetime(client.RefreshTokenValidity, units?.RefreshToken ?? 'days', 7 * 24 * 3600),
        iss: issuer,
      }),
    };
  }
}

/**
 * The groups' claims as Cognito issues them: `cognito:groups`, the groups' IAM roles (`cognito:roles`)
 * and the role of the group with the lowest precedence value (`cognito:preferred_role`; none when groups
 * of that precedence have different roles).
 * https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-user-groups.html
 */
async function groupConfiguration(
  pool: { getGroupByGroupName(ctx: Context, name: string): Promise<Group | null> },
  ctx: Context,
  names: readonly string[],
): Promise<GroupConfiguration> {
  const groups = (await Promise.all(names.map((name) => pool.getGroupByGroupName(ctx, name)))).filter((group): group is Group => group !== null);
  const withRoles = groups.filter((group) => group.RoleArn !== undefined && group.RoleArn !== '');
  const roles = [...new Set(withRoles.map((group) => group.RoleArn as string))];
  const ranked = withRoles.filter((group) => group.Precedence !== undefined && group.Precedence !== null);
  const first = Math.min(...ranked.map((group) => group.Precedence as number));
  const preferred = [...new Set(ranked.filter((group) => group.Precedence === first).map((group) => group.RoleArn as string))];
  return { groupsToOverride: [...names], iamRolesToOverride: roles, preferredRole: preferred.length === 1 ? (preferred[0] ?? null) : null };
}

interface EventInput {
  readonly version: PreTokenGenerationVersion;
  readonly source: TokenSource;
  readonly user: User;
  readonly client: AppClient;
  readonly groups: GroupConfiguration;
  readonly scopes: readonly string[];
  readonly clientMetadata: Record<string, string> | undefined;
}

/** The event as the developer guide lays it out: the common parameters, then the request of the version. */
export function preTokenGenerationEvent({ version, source, user, client, groups, scopes, clientMetadata }: EventInput): Record<string, unknown> {
  const v2 = version === 'V2_0';
  return {
    version: v2 ? '2' : '1',
    triggerSource: `TokenGeneration_${source}`,
    // The region is the pool id's prefix (cognito-local's pools are `local_…`).
    region: client.UserPoolId.split('_')[0] ?? '',
    userPoolId: client.UserPoolId,
    userName: user.Username,
    // Cognito names the caller's SDK here; a sandbox cannot know it.
    callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: client.ClientId },
    request: {
      userAttributes: { ...attributesToRecord(user.Attributes), 'cognito:user_status': user.UserStatus },
      groupConfiguration: groups,
      ...(v2 ? { scopes: [...scopes] } : {}),
      ...(clientMetadata === undefined ? {} : { clientMetadata }),
    },
    response: v2 ? { claimsAndScopeOverrideDetails: null } : { claimsOverrideDetails: null },
  };
}

interface Issued {
  readonly id: Claims;
  readonly access: Claims;
  readonly groups: GroupConfiguration;
  readonly scopes: readonly string[];
}

/** The tokens' claims once the function's `response` is applied, as the version reads it. */
export function applyResponse(version: PreTokenGenerationVersion, response: unknown, { id, access, groups, scopes }: Issued): { id: Claims; access: Claims } {
  if (version === 'V1_0') {
    const details = field(response, 'claimsOverrideDetails');
    const overridden = groupsOverridden(details, groups);
    return {
      id: customised(withGroups(id, 'id', overridden), 'id', details, isString),
      access: withGroups(access, 'access', overridden),
    };
  }
  const details = field(response, 'claimsAndScopeOverrideDetails');
  const overridden = groupsOverridden(details, groups);
  const accessChanges = field(details, 'accessTokenGeneration');
  const customisedAccess = customised(withGroups(access, 'access', overridden), 'access', accessChanges, isJsonValue);
  const scope = scopesAfter(scopes, accessChanges);
  delete customisedAccess['scope'];
  if (scope.length > 0) customisedAccess['scope'] = scope.join(' ');
  return {
    id: customised(withGroups(id, 'id', overridden), 'id', field(details, 'idTokenGeneration'), (name, value) =>
      SIMPLE_ID_CLAIMS.includes(name) ? isSimple(value) : isJsonValue(name, value),
    ),
    access: customisedAccess,
  };
}

/**
 * `groupOverrideDetails` replaces the groups: left out, they stay; null or empty, they are suppressed;
 * otherwise its groups, roles and preferred role are the tokens' own.
 */
function groupsOverridden(details: unknown, groups: GroupConfiguration): GroupConfiguration {
  if (!isObject(details) || !('groupOverrideDetails' in details)) return groups;
  const override = details['groupOverrideDetails'];
  if (!isObject(override)) return { groupsToOverride: [], iamRolesToOverride: [], preferredRole: null };
  const preferred = override['preferredRole'];
  return {
    groupsToOverride: strings(override['groupsToOverride']),
    iamRolesToOverride: strings(override['iamRolesToOverride']),
    preferredRole: typeof preferred === 'string' && preferred !== '' ? preferred : null,
  };
}

/** The group claims of a token: both carry `cognito:groups`, the ID token the roles too; none when empty. */
function withGroups(claims: Claims, use: TokenUse, groups: GroupConfiguration): Claims {
  const result = { ...claims };
  for (const name of GROUP_CLAIMS) delete result[name];
  if (groups.groupsToOverride.length > 0) result['cognito:groups'] = [...groups.groupsToOverride];
  if (use === 'id' && groups.iamRolesToOverride.length > 0) result['cognito:roles'] = [...groups.iamRolesToOverride];
  if (use === 'id' && groups.preferredRole !== null) result['cognito:preferred_role'] = groups.preferredRole;
  return result;
}

/** `claimsToAddOrOverride` then `claimsToSuppress` (so suppression wins), each claim only where Cognito lets a trigger change it. */
function customised(claims: Claims, use: TokenUse, changes: unknown, allowed: (name: string, value: unknown) => boolean): Claims {
  const result = { ...claims };
  const protectedClaims = use === 'access' ? PROTECTED_ACCESS_CLAIMS : PROTECTED_CLAIMS;
  const additions = field(changes, 'claimsToAddOrOverride');
  if (isObject(additions)) {
    for (const [name, value] of Object.entries(additions)) {
      // Group claims come from groupOverrideDetails only; no other cognito: claim is a trigger's.
      if (protectedClaims.has(name) || name.startsWith('cognito:') || !allowed(name, value)) continue;
      result[name] = value;
    }
  }
  for (const name of strings(field(changes, 'claimsToSuppress'))) {
    if (protectedClaims.has(name) || (name.startsWith('cognito:') && !GROUP_CLAIMS.includes(name))) continue;
    delete result[name];
  }
  return result;
}

/** The access token's scopes after `scopesToSuppress` and `scopesToAdd` (a scope is one word; suppression wins). */
function scopesAfter(scopes: readonly string[], changes: unknown): string[] {
  const suppressed = new Set(strings(field(changes, 'scopesToSuppress')));
  const added = strings(field(changes, 'scopesToAdd')).filter((scope) => scope !== '' && !/\s/.test(scope));
  return [...new Set([...scopes, ...added])].filter((scope) => !suppressed.has(scope));
}

function field(value: unknown, name: string): unknown {
  return isObject(value) ? value[name] : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((each): each is string => typeof each === 'string') : [];
}

function isString(_name: string, value: unknown): boolean {
  return typeof value === 'string';
}

function isSimple(value: unknown): boolean {
  return typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
}

/** A string, number, boolean, array or JSON object (the event comes back through JSON: no undefined, no functions). */
function isJsonValue(_name: string, value: unknown): boolean {
  return isSimple(value) || Array.isArray(value) || isObject(value);
}

const SECONDS: Record<string, number> = { seconds: 1, minutes: 60, hours: 3600, days: 24 * 3600 };

/** A token's lifetime in seconds, from the app client's validity and unit (cognito-local's defaults otherwise). */
function lifetime(validity: number | undefined, unit: string, fallback: number): number {
  if (validity === undefined) return fallback;
  const seconds = SECONDS[unit];
  if (seconds === undefined) throw new Error(`Invalid unit: ${unit}`);
  return validity * seconds;
}

/** An RS256 JWT under cognito-local's key (`kid` CognitoLocal), which its /.well-known/jwks.json serves. */
function signed(payload: Claims): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const input = `${encode({ alg: 'RS256', typ: 'JWT', kid: 'CognitoLocal' })}.${encode(payload)}`;
  return `${input}.${createSign('RSA-SHA256').update(input).sign(signingKey.pem, 'base64url')}`;
}
