import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { requestHandlerOptions, type ClientOptions } from '../aws-client-options';
import { boundByDeadline } from '../invocation-deadline';

/**
 * One client per cold start, from the SDK's default configuration chain (`AWS_REGION`,
 * `AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER`), with short timeouts.
 */
export function createCognitoClient(
  options: ClientOptions,
  /** Another pool than the function's own: its region, and an endpoint other than the chain's (a local stand-in). */
  elsewhere: { readonly region?: string; readonly endpoint?: string } = {},
): CognitoIdentityProviderClient {
  return boundByDeadline(
    new CognitoIdentityProviderClient({
      maxAttempts: options.maxAttempts,
      requestHandler: requestHandlerOptions(options),
      ...(elsewhere.region ? { region: elsewhere.region } : {}),
      ...(elsewhere.endpoint ? { endpoint: elsewhere.endpoint } : {}),
    }),
  );
}
