import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { ContainerModule } from 'inversify';
import { createCognitoClient } from '../../../adapters/cognito/cognito-client';
import { CognitoUserDirectory } from '../../../adapters/cognito/cognito-user-directory';
import type { UserDirectory } from '../../../domain';
import type { HandlerConfig } from '../handler-config';
import { TOKENS } from '../tokens';

/** Cognito administration. Only triggers that act on users load it, which keeps the other bundles small. */
export const cognitoModule = new ContainerModule(({ bind }) => {
  bind<CognitoIdentityProviderClient>(TOKENS.CognitoClient)
    .toResolvedValue((config: HandlerConfig) => createCognitoClient(config.client), [TOKENS.Config])
    .inSingletonScope();
  bind<UserDirectory>(TOKENS.UserDirectory)
    .toResolvedValue((client: CognitoIdentityProviderClient) => new CognitoUserDirectory(client), [
      TOKENS.CognitoClient,
    ])
    .inSingletonScope();
});
