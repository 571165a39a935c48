import { Logger } from '@aws-lambda-powertools/logger';
import { Container, type ContainerModule } from 'inversify';
import { PowertoolsTriggerMetrics, type TriggerMetrics } from '../boundary/trigger-metrics';
import { readHandlerConfig, type HandlerConfig } from './handler-config';
import { coreModule } from './modules/core-module';

/** What a handler needs from its composition root: a logger and metrics at once, the container when first invoked. */
export interface Composition {
  readonly logger: Logger;
  readonly metrics: TriggerMetrics;
  container(): Container;
}

export function buildContainer(config: HandlerConfig, logger: Logger, modules: readonly ContainerModule[]): Container {
  const container = new Container({ defaultScope: 'Singleton' });
  container.load(coreModule(config, logger), ...modules);
  return container;
}

export interface CompositionOptions {
  /**
   * Work to start while the function initialises (e.g. reading a secret), so that it overlaps the rest
   * of the cold start; its failures are left for the first invocation to meet and report.
   */
  readonly warmUp?: (container: Container) => Promise<unknown>;
}

/**
 * The composition root of a deployed trigger: the container is built once per cold start, from
 * validated environment configuration, as the bundle loads (Lambda's init phase). A configuration
 * error is not cached: the container is tried again at each invocation, so every invocation reports the
 * error and a fixed environment takes effect without a new cold start.
 */
export function compositionRoot(
  modules: readonly ContainerModule[] | ((config: HandlerConfig) => readonly ContainerModule[]),
  options: CompositionOptions = {},
  env: NodeJS.ProcessEnv = process.env,
): Composition {
  // POWERTOOLS_SERVICE_NAME names the service in every log line; infra sets it, `gatehouse` otherwise.
  const serviceName = env.POWERTOOLS_SERVICE_NAME?.trim() || 'gatehouse';
  const logger = new Logger({ serviceName });
  // GATEHOUSE_STACK (infra sets it) is the metrics' stack dimension: every count, even a bad configuration's.
  const stack = env.GATEHOUSE_STACK?.trim();
  const metrics = new PowertoolsTriggerMetrics({ serviceName, ...(stack ? { stack } : {}) });
  let container: Container | undefined;
  const composition: Composition = {
    logger,
    metrics,
    container() {
      if (container === undefined) {
        const config = readHandlerConfig(env);
        // A trigger may choose its modules by the stack's configuration (and so load only the adapters it uses).
        container = buildContainer(config, logger, typeof modules === 'function' ? modules(config) : modules);
      }
      return container;
    },
  };
  try {
    options.warmUp?.(composition.container()).catch(() => undefined);
  } catch {
    // A bad configuration: every invocation builds the container again and reports why it cannot.
  }
  return composition;
}
