import { Logger } from '@aws-lambda-powertools/logger';
import { ContainerModule } from 'inversify';
import { SystemClock } from '../../../adapters/clock/system-clock';
import type { Clock } from '../../../domain';
import type { HandlerConfig } from '../handler-config';
import { TOKENS } from '../tokens';

/** Configuration, logging and time: what every trigger needs. */
export function coreModule(config: HandlerConfig, logger: Logger): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind<HandlerConfig>(TOKENS.Config).toConstantValue(config);
    bind<Logger>(TOKENS.Logger).toConstantValue(logger);
    bind<Clock>(TOKENS.Clock).toConstantValue(new SystemClock());
  });
}
