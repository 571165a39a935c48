import { ContainerModule } from 'inversify';
import { DecideMagicLinkRound } from '../../../domain';
import { ConfigurationError, type HandlerConfig } from '../handler-config';
import { TOKENS } from '../tokens';

/** DefineAuthChallenge's one use case: it needs nothing but the stack's policy (no store, no secret). */
export const magicLinkRoundModule = new ContainerModule(({ bind }) => {
  bind<DecideMagicLinkRound>(TOKENS.DecideMagicLinkRound)
    .toResolvedValue((config: HandlerConfig) => {
      if (config.passwordless === undefined) throw new ConfigurationError('the stack has sign-in by link off (PASSWORDLESS_ENABLED is not true)');
      return new DecideMagicLinkRound(config.passwordless);
    }, [TOKENS.Config])
    .inSingletonScope();
});
