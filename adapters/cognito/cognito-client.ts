import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { ClientOptions } from '../dynamodb/document-client';

/**
 * One client per cold start, from the SDK's default configuration chain (`AWS_REGION`,
 * `AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER`), with short timeouts.
 */
export function createCognitoClient(options: ClientOptions): CognitoIdentityProviderClient {
  return new CognitoIdentityProviderClient({
    maxAttempts: options.maxAttempts,
    requestHandler: {
      connectionTimeout: Math.max(50, Math.floor(options.timeoutMs / 2)),
      requestTimeout: options.timeoutMs,
    },
  });
}
