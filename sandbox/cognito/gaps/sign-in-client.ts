import { NotAuthorizedError } from 'cognito-local/lib/errors';
import type { Services } from 'cognito-local/lib/services';
import type { AppClient } from 'cognito-local/lib/services/appClient';
import type { Context } from 'cognito-local/lib/services/context';
import type { UserPoolService } from 'cognito-local/lib/services/userPoolService';

/** The pool and the app client a sign-in names; an unknown client is refused as cognito-local refuses it. */
export async function signInClient(
  services: Services,
  ctx: Context,
  clientId: string,
): Promise<{ readonly pool: UserPoolService; readonly client: AppClient }> {
  const pool = await services.cognito.getUserPoolForClientId(ctx, clientId);
  const client = await services.cognito.getAppClient(ctx, clientId);
  if (!client) throw new NotAuthorizedError();
  return { pool, client };
}
