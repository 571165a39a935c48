import { Logger } from '@aws-lambda-powertools/logger';
import { Container, type ContainerModule } from 'inversify';
import { readHandlerConfig, type HandlerConfig } from './handler-config';
import { coreModule } from './modules/core-module';

/** What a handler needs from its composition root: a logger at once, the container when first invoked. */
export interface Composition {
  readonly logger: Logger;
  container(): Container;
}

export function buildContainer(config: HandlerConfig, logger: Logger, modules: readonly ContainerModule[]): Container {
  const container = new Container({ defaultScope: 'Singleton' });
  container.load(coreModule(config, logger), ...modules);
  return container;
}

/**
 * The composition root of a deployed trigger: the container is built lazily, once per cold start,
 * from validated environment configuration. A configuration error is not cached, so a fixed
 * environment takes effect without a new cold start, and every invocation reports the error.
 */
export function compositionRoot(modules: readonly ContainerModule[], env: NodeJS.ProcessEnv = process.env): Composition {
  // POWERTOOLS_SERVICE_NAME names the service in every log line; infra sets it, `gatehouse` otherwise.
  const logger = new Logger({ serviceName: env.POWERTOOLS_SERVICE_NAME?.trim() || 'gatehouse' });
  let container: Container | undefined;
  return {
    logger,
    container() {
      container ??= buildContainer(readHandlerConfig(env), logger, modules);
      return container;
    },
  };
}
