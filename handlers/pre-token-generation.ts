import * as z from 'zod/mini';
import type { ClaimsEventVersion, CustomiseTokenClaims, TokenClaimsDecision } from '../domain';
import { cognitoTrigger } from './boundary/cognito-trigger';
import { compositionRoot, type Composition } from './composition/composition-root';
import { tokenClaimsModules, warmUpTokenClaims } from './composition/modules/token-claims-module';
import { TOKENS } from './composition/tokens';
import { cognitoEnvelope } from './events/cognito-envelope';

/**
 * Every flow that issues a user's tokens. `TokenGeneration_ClientCredentials` (machine-to-machine tokens,
 * V3_0 events only) is not among them: Gatehouse configures V1_0 or V2_0, which never send it.
 */
export const TOKEN_GENERATION_SOURCES = [
  'TokenGeneration_HostedAuth',
  'TokenGeneration_Authentication',
  'TokenGeneration_NewPasswordChallenge',
  'TokenGeneration_AuthenticateDevice',
  'TokenGeneration_RefreshTokens',
] as const;

const preTokenGenerationEvent = z.extend(cognitoEnvelope, {
  request: z.extend(cognitoEnvelope.shape.request, {
    // V1_0 and V2_0 alike; Cognito sends it with empty lists for a user in no group.
    groupConfiguration: z.optional(z.nullable(z.looseObject({ groupsToOverride: z.optional(z.nullable(z.array(z.string()))) }))),
  }),
});

/** The event's version as the pool sends it ("1", "2"); V3_0's "3" has V2_0's shape. */
function eventVersionOf(version: string | undefined): ClaimsEventVersion {
  return version === '2' || version === '3' ? 'V2_0' : 'V1_0';
}

/**
 * PreTokenGeneration runs at every sign-in and every refresh, before Cognito signs the tokens: it applies
 * the stack's claims policy (tenant, roles from groups, scopes, claims taken out of the ID token) in the
 * shape of the event it receives, V1_0 or V2_0, so that a pool switching versions is served either way.
 * A user whose tenant cannot be told gets no tokens (see `CustomiseTokenClaims`). Claims Cognito keeps for
 * itself are never named. Neither the claims' values nor the attributes are logged.
 */
export function createPreTokenGenerationHandler(composition: Composition) {
  return cognitoTrigger(
    {
      trigger: 'PreTokenGeneration',
      triggerSources: TOKEN_GENERATION_SOURCES,
      schema: preTokenGenerationEvent,
      async run(event, container) {
        const eventVersion = eventVersionOf(event.version);
        const result = await container.get<CustomiseTokenClaims>(TOKENS.CustomiseTokenClaims).execute({
          username: event.userName,
          eventVersion,
          groups: event.request.groupConfiguration?.groupsToOverride ?? [],
          attributes: event.request.userAttributes ?? {},
        });
        const details = { eventVersion, storeReads: String(result.storeReads) };
        if (result.denial || result.decision === undefined) {
          return { outcome: result.outcome, incidents: result.incidents, details, ...(result.denial ? { denial: result.denial } : {}) };
        }
        return { outcome: result.outcome, incidents: result.incidents, details, response: responseFor(eventVersion, result.decision) };
      },
    },
    composition,
  );
}

/** The decision as the event's version answers it; nothing when it changes nothing (Cognito's tokens as they are). */
export function responseFor(version: ClaimsEventVersion, decision: TokenClaimsDecision): Record<string, unknown> {
  const claims = Object.keys(decision.claims).length > 0 ? { claimsToAddOrOverride: { ...decision.claims } } : {};
  const suppressed = decision.suppressFromIdToken.length > 0 ? { claimsToSuppress: [...decision.suppressFromIdToken] } : {};
  if (version === 'V1_0') {
    const details = { ...claims, ...suppressed };
    return Object.keys(details).length > 0 ? { claimsOverrideDetails: details } : {};
  }
  const id = { ...claims, ...suppressed };
  const access = { ...claims, ...(decision.scopesToAdd.length > 0 ? { scopesToAdd: [...decision.scopesToAdd] } : {}) };
  const details = {
    ...(Object.keys(id).length > 0 ? { idTokenGeneration: id } : {}),
    ...(Object.keys(access).length > 0 ? { accessTokenGeneration: access } : {}),
  };
  return Object.keys(details).length > 0 ? { claimsAndScopeOverrideDetails: details } : {};
}

export const handler = createPreTokenGenerationHandler(compositionRoot(tokenClaimsModules, { warmUp: warmUpTokenClaims }));
