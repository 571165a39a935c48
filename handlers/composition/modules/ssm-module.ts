import type { SSMClient } from '@aws-sdk/client-ssm';
import { ContainerModule } from 'inversify';
import { createSsmClient } from '../../../adapters/ssm/ssm-client';
import type { HandlerConfig } from '../handler-config';
import { TOKENS } from '../tokens';

/** The SSM client the stack's secrets are read with (account key, captcha, SMTP password). */
export const ssmModule = new ContainerModule(({ bind }) => {
  bind<SSMClient>(TOKENS.SsmClient)
    .toResolvedValue((config: HandlerConfig) => createSsmClient(config.client), [TOKENS.Config])
    .inSingletonScope();
});
