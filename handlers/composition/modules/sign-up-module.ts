import { ContainerModule } from 'inversify';
import { ListedDisposableDomains } from '../../../adapters/disposable/listed-disposable-domains';
import { ScreenSignUp, type DisposableDomains } from '../../../domain';
import type { HandlerConfig } from '../handler-config';
import { TOKENS } from '../tokens';

/** Sign-up screening: the throw-away list bundled from npm plus the stack's own entries, and the use case. */
export const signUpModule = new ContainerModule(({ bind }) => {
  bind<DisposableDomains>(TOKENS.DisposableDomains)
    .toResolvedValue((config: HandlerConfig) => new ListedDisposableDomains(config.extraDisposableDomains), [TOKENS.Config])
    .inSingletonScope();
  bind<ScreenSignUp>(TOKENS.ScreenSignUp)
    .toResolvedValue(
      (disposable: DisposableDomains, config: HandlerConfig) => new ScreenSignUp(disposable, config.signUp),
      [TOKENS.DisposableDomains, TOKENS.Config],
    )
    .inSingletonScope();
});
