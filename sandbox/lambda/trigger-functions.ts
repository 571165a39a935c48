import { join } from 'node:path';
import { bundleDirectory } from '../../infra/bundles';
import type { StackConfig } from '../../infra/config-schema';
import { triggerFunctionName } from '../../infra/naming';
import { findProjectRoot } from '../../infra/project-root';
import { triggersOf } from '../../infra/triggers';
import type { FunctionSettings } from './function-process';

export interface TriggerFunctionsOptions {
  readonly config: StackConfig;
  /** The names' prefix, as the program's `gatehouse-<stack>` or `gatehouse:namePrefix`. */
  readonly prefix: string;
  /**
   * What every function sees: infra's `functionEnvironment` merged by the caller with what the sandbox
   * adds (the region, credentials, `AWS_ENDPOINT_URL_<SERVICE>` of its stand-ins).
   */
  readonly environment: Readonly<Record<string, string>>;
  readonly projectRoot?: string;
}

/**
 * The functions infra provisions, as the sandbox runs them: one per trigger the stack has, named and
 * sized as the program names and sizes them, each from its built bundle.
 */
export function triggerFunctions(options: TriggerFunctionsOptions): FunctionSettings[] {
  const root = options.projectRoot ?? findProjectRoot();
  return triggersOf(options.config).map((trigger) => ({
    name: triggerFunctionName(options.prefix, trigger),
    bundle: join(bundleDirectory(trigger, root), 'index.js'),
    environment: options.environment,
    timeoutSeconds: options.config.functions.timeoutSeconds,
    memoryMb: options.config.functions.memoryMb,
  }));
}
