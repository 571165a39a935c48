import { join } from 'node:path';
import { bundleDirectory } from '../../infra/bundles';
import type { StackConfig } from '../../infra/config-schema';
import { triggerFunctionName } from '../../infra/naming';
import { loadStackTemplates, templatesOf, TEMPLATES_VARIABLE, type TemplateRules } from '../../infra/message-templates';
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
  /** What the stack's own templates are checked with; the build's (dist/tools/template-rules.js) when not given. */
  readonly templateRules?: TemplateRules;
}

/**
 * The functions infra provisions, as the sandbox runs them: one per trigger the stack has, named and
 * sized as the program names and sizes them, each from its built bundle. The stack's own templates
 * (`gatehouse:messages.templates`) are checked as the program checks them, and reach the functions the
 * program ships them with: in AWS a copy next to index.js, here the stack's folder itself (its absolute
 * path in `MESSAGE_TEMPLATES`), so that an edited template shows at the function's next cold start.
 */
export function triggerFunctions(options: TriggerFunctionsOptions): FunctionSettings[] {
  const root = options.projectRoot ?? findProjectRoot();
  const templates = loadStackTemplates(options.config, { projectRoot: root, ...(options.templateRules ? { rules: options.templateRules } : {}) });
  return triggersOf(options.config).map((trigger) => ({
    name: triggerFunctionName(options.prefix, trigger),
    bundle: join(bundleDirectory(trigger, root), 'index.js'),
    environment: {
      ...options.environment,
      ...(templates !== undefined && templatesOf(trigger, options.config, templates).length > 0 ? { [TEMPLATES_VARIABLE]: templates.folder } : {}),
      // The function's own variables, as the program gives them (the claims policy).
      ...trigger.environment?.(options.config),
    },
    timeoutSeconds: options.config.functions.timeoutSeconds,
    memoryMb: options.config.functions.memoryMb,
  }));
}
