import { Logger } from '@aws-lambda-powertools/logger';
import { ContainerModule } from 'inversify';
import { SystemClock } from '../../../adapters/clock/system-clock';
import { readTemplateOverrides } from '../../../adapters/templates/template-override-files';
import { NO_OVERRIDES, type TemplateOverrides } from '../../../adapters/templates/template-overrides';
import type { Clock } from '../../../domain';
import type { HandlerConfig } from '../handler-config';
import { TOKENS } from '../tokens';

/**
 * Configuration, logging and time: what every trigger needs; and the stack's own templates, read once
 * per cold start by the first renderer that asks for them, for every renderer to lay over its catalogue.
 */
export function coreModule(config: HandlerConfig, logger: Logger): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind<HandlerConfig>(TOKENS.Config).toConstantValue(config);
    bind<Logger>(TOKENS.Logger).toConstantValue(logger);
    bind<Clock>(TOKENS.Clock).toConstantValue(new SystemClock());
    bind<TemplateOverrides>(TOKENS.TemplateOverrides)
      .toDynamicValue(() => (config.messages.templates === undefined ? NO_OVERRIDES : readTemplateOverrides(config.messages.templates)))
      .inSingletonScope();
  });
}
