import type { Route } from 'cognito-local/lib/server/Router';
import type { Services } from 'cognito-local/lib/services';
import { unauthorizedAttribute } from '../errors';

interface AttributesRequest {
  readonly ClientId?: string;
  readonly AccessToken?: string;
  readonly UserAttributes?: readonly { readonly Name?: string }[];
}

/**
 * cognito-local 5.3 stores an app client's WriteAttributes but never checks them: any user could set any
 * attribute at sign-up or afterwards. Cognito refuses SignUp and UpdateUserAttributes that name an
 * attribute the client may not write with NotAuthorizedException "A client attempted to write
 * unauthorized attribute", before anything is stored or any trigger runs; the administrators' API
 * (AdminUpdateUserAttributes, AdminCreateUser) is not held to a client's list. A client without a list
 * writes every attribute, as in Cognito.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-attributes.html#user-pool-settings-attribute-permissions-and-scopes
 */
export function clientWriteAttributes(services: Pick<Services, 'cognito'>, route: Route): Route {
  return async (ctx, req: AttributesRequest) => {
    const clientId = req.ClientId ?? clientOfToken(req.AccessToken);
    const client = clientId === undefined ? null : await services.cognito.getAppClient(ctx, clientId);
    const allowed = client?.WriteAttributes;
    if (allowed && allowed.length > 0) {
      for (const { Name } of req.UserAttributes ?? []) {
        if (Name !== undefined && !allowed.includes(Name)) throw unauthorizedAttribute();
      }
    }
    return route(ctx, req);
  };
}

/** The access token's client, read without checking it: the route itself refuses a token that is not valid. */
function clientOfToken(token: string | undefined): string | undefined {
  const payload = token?.split('.')[1];
  if (payload === undefined) return undefined;
  try {
    const clientId = (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { client_id?: unknown }).client_id;
    return typeof clientId === 'string' ? clientId : undefined;
  } catch {
    return undefined;
  }
}
