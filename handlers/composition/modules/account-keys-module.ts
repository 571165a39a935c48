import type { SSMClient } from '@aws-sdk/client-ssm';
import { ContainerModule } from 'inversify';
import { HmacAccountKeys } from '../../../adapters/crypto/hmac-account-keys';
import { createSsmClient } from '../../../adapters/ssm/ssm-client';
import { SsmSecret } from '../../../adapters/ssm/ssm-secret';
import type { AccountKeys } from '../../../domain';
import type { HandlerConfig } from '../handler-config';
import { TOKENS } from '../tokens';

/** Account keys: a keyed hash under the stack's secret, read from SSM once per cold start. */
export const accountKeysModule = new ContainerModule(({ bind }) => {
  bind<SSMClient>(TOKENS.SsmClient)
    .toResolvedValue((config: HandlerConfig) => createSsmClient(config.client), [TOKENS.Config])
    .inSingletonScope();
  bind<AccountKeys>(TOKENS.AccountKeys)
    .toResolvedValue(
      (client: SSMClient, config: HandlerConfig) => {
        const secret = new SsmSecret(client, config.accountKeyParameter);
        return new HmacAccountKeys(() => secret.value());
      },
      [TOKENS.SsmClient, TOKENS.Config],
    )
    .inSingletonScope();
});
