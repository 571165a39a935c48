import type { AppClient } from 'cognito-local/lib/services/appClient';
import { flowNotEnabled } from '../errors';

type PasswordFlow = 'USER_SRP_AUTH' | 'USER_PASSWORD_AUTH';

/**
 * cognito-local stores an app client's ExplicitAuthFlows but never checks them. Cognito refuses a flow
 * the client does not allow with InvalidParameterException "<FLOW> flow not enabled for this client", so
 * a sandbox client configured like the real one (SRP and refresh only) refuses USER_PASSWORD_AUTH too.
 * A client created without a list stays open, as other emulators keep it (floci-io/floci#3974); Cognito
 * would give it SRP, custom and refresh auth.
 * https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateUserPoolClient.html#CognitoUserPools-CreateUserPoolClient-request-ExplicitAuthFlows
 */
export function requireAuthFlow(client: AppClient, flow: PasswordFlow): void {
  const flows: readonly string[] = client.ExplicitAuthFlows ?? [];
  if (flows.length === 0 || flows.includes(`ALLOW_${flow}`) || flows.includes(flow)) return;
  // The deprecated values (without ALLOW_) never turned SRP off, short of CUSTOM_AUTH_FLOW_ONLY.
  const legacy = !flows.some((each) => each.startsWith('ALLOW_'));
  if (flow === 'USER_SRP_AUTH' && legacy && !flows.includes('CUSTOM_AUTH_FLOW_ONLY')) return;
  throw flowNotEnabled(flow);
}
