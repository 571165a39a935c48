import type { SSMClient } from '@aws-sdk/client-ssm';
import { ContainerModule, type Container } from 'inversify';
import { HmacAccountKeys } from '../../../adapters/crypto/hmac-account-keys';
import { SsmSecret } from '../../../adapters/ssm/ssm-secret';
import type { AccountKeys } from '../../../domain';
import type { HandlerConfig } from '../handler-config';
import { TOKENS } from '../tokens';

/** Account keys: a keyed hash under the stack's secret, read from SSM once per cold start (needs `ssmModule`). */
export const accountKeysModule = new ContainerModule(({ bind }) => {
  bind<SsmSecret>(TOKENS.AccountKeySecret)
    .toResolvedValue((client: SSMClient, config: HandlerConfig) => new SsmSecret(client, config.accountKeyParameter), [
      TOKENS.SsmClient,
      TOKENS.Config,
    ])
    .inSingletonScope();
  bind<AccountKeys>(TOKENS.AccountKeys)
    .toResolvedValue((secret: SsmSecret) => new HmacAccountKeys(() => secret.value()), [TOKENS.AccountKeySecret])
    .inSingletonScope();
});

/**
 * Starts reading the secret while the function initialises (Lambda's init phase, before the first
 * invocation): the read overlaps the rest of the cold start instead of preceding the first decision.
 * A failure here is not cached; the first invocation reads again and reports it.
 */
export function readAccountKeySecret(container: Container): Promise<unknown> {
  return container.get<SsmSecret>(TOKENS.AccountKeySecret).value();
}
