import { join } from 'node:path';
import { bundleDirectory } from '../../infra/bundles';
import type { StackConfig } from '../../infra/config-schema';
import { triggerFunctionName } from '../../infra/naming';
import { loadStackTemplates, templatesOf, TEMPLATES_VARIABLE, type TemplateRules } from '../../infra/message-templates';
import { findProjectRoot } from '../../infra/project-root';
import { triggersOf, type TriggerDefinition } from '../../infra/triggers';
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
    environment: functionVariables(options, trigger, templates),
    timeoutSeconds: options.config.functions.timeoutSeconds,
    memoryMb: options.config.functions.memoryMb,
  }));
}

/** What every function sees, with the stack's templates' folder if it renders them and its own variables (the claims policy). */
function functionVariables(
  options: TriggerFunctionsOptions,
  trigger: TriggerDefinition,
  templates: ReturnType<typeof loadStackTemplates>,
): Readonly<Record<string, string>> {
  const shipped = templates !== undefined && templatesOf(trigger, options.config, templates).length > 0;
  if (!shipped && trigger.environment === undefined) return options.environment;
  return {
    ...options.environment,
    ...(shipped ? { [TEMPLATES_VARIABLE]: templates.folder } : {}),
    ...trigger.environment?.(options.config),
  };
}
