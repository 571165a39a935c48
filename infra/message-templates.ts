import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { keyName, StackConfigError } from './config';
import type { StackConfig } from './config-schema';
import { findProjectRoot } from './project-root';
import type { TemplateKind, TriggerDefinition } from './triggers';

/**
 * A stack's own message templates (`gatehouse:messages.templates`): a folder of the project laid out as
 * the built-in one (`<message>/<locale>.<part>.mustache`), checked before anything deploys, and shipped
 * next to the code of each function that renders them.
 *
 * The rules they are checked with are the templates' own (adapters/templates/template-rules.ts): infra
 * imports no adapter, so it runs them as the build compiled them, a bundle on disk, as it knows the
 * functions' code.
 */

/** Where `npm run bundle` writes the template rules, under the project root. */
export const TEMPLATE_RULES_BUNDLE = 'dist/tools/template-rules.js';

/** Where a function finds the stack's templates, relative to its task root (next to index.js). */
export const TEMPLATES_IN_ARCHIVE = 'templates';

/** The variable that tells a function where its templates are (relative to its task root). */
export const TEMPLATES_VARIABLE = 'MESSAGE_TEMPLATES';

export interface TemplateProblem {
  readonly file: string;
  readonly rule: string;
}

/** What the rules bundle exports (adapters/templates/template-rules.ts). */
export interface TemplateRules {
  checkTemplateFolder(files: readonly { readonly path: string; readonly source: string }[]): {
    readonly problems: readonly TemplateProblem[];
    readonly templates: readonly { readonly path: string; readonly kind: TemplateKind }[];
  };
}

export class TemplateRulesMissingError extends Error {
  override readonly name = 'TemplateRulesMissingError';
}

/** The rules the build compiled (dist/tools/template-rules.js). */
export function loadTemplateRules(projectRoot: string = findProjectRoot()): TemplateRules {
  const file = join(projectRoot, TEMPLATE_RULES_BUNDLE);
  if (!existsSync(file)) {
    throw new TemplateRulesMissingError(
      `gatehouse:messages.templates cannot be checked: ${TEMPLATE_RULES_BUNDLE} is not built: run \`npm run build\` first`,
    );
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const rules = require(file) as Partial<TemplateRules>;
  if (typeof rules.checkTemplateFolder !== 'function') throw new TemplateRulesMissingError(`${TEMPLATE_RULES_BUNDLE} exports no checkTemplateFolder`);
  return rules as TemplateRules;
}

/** One template of the stack's folder. */
export interface StackTemplate {
  /** Its path inside the folder, with `/` (`sign-up/fr.subject.mustache`), as it goes under `templates/`. */
  readonly path: string;
  readonly kind: TemplateKind;
}

export interface StackTemplates {
  /** The folder as the stack file names it, relative to the project root. */
  readonly setting: string;
  /** The folder's absolute path. */
  readonly folder: string;
  readonly templates: readonly StackTemplate[];
}

export interface StackTemplatesOptions {
  readonly projectRoot?: string;
  /** The rules; loaded from the build (`loadTemplateRules`) when not given. */
  readonly rules?: TemplateRules;
}

function filesUnder(folder: string): { path: string; source: string }[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .map((file) => ({ path: relative(folder, file).split(sep).join('/'), source: readFileSync(file, 'utf8') }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/**
 * The stack's own templates, checked: undefined when the stack names no folder. Throws a
 * `StackConfigError` naming `gatehouse:messages.templates`, each file and the rule it breaks.
 */
export function loadStackTemplates(config: StackConfig, options: StackTemplatesOptions = {}): StackTemplates | undefined {
  const setting = config.messages.templates;
  if (setting === undefined) return undefined;
  const key = keyName(['messages', 'templates']);
  const projectRoot = options.projectRoot ?? findProjectRoot();
  const folder = join(projectRoot, setting);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    throw new StackConfigError([`${key} names ${setting}, which is not a folder of the project (${projectRoot})`]);
  }
  const rules = options.rules ?? loadTemplateRules(projectRoot);
  const { problems, templates } = rules.checkTemplateFolder(filesUnder(folder));
  const display = (file: string) => `${setting.replace(/[\\/]+$/, '')}/${file}`;
  if (problems.length > 0) throw new StackConfigError(problems.map((problem) => `${key}: ${display(problem.file)}: ${problem.rule}`));
  if (templates.length === 0) {
    throw new StackConfigError([`${key} names ${setting}, which holds no template (<message>/<locale>.<part>.mustache)`]);
  }
  return { setting, folder, templates: templates.map(({ path, kind }) => ({ path, kind })) };
}

/** The stack's templates a function is shipped with: those of the catalogues it renders for this stack. */
export function templatesOf(trigger: TriggerDefinition, config: StackConfig, stackTemplates: StackTemplates | undefined): readonly StackTemplate[] {
  if (stackTemplates === undefined) return [];
  const kinds = trigger.renders?.(config) ?? [];
  return stackTemplates.templates.filter((template) => kinds.includes(template.kind));
}

/**
 * What a function's archive holds besides its bundle: archive path → file on disk
 * (`templates/sign-up/fr.subject.mustache` → `<project>/templates/showcase/sign-up/fr.subject.mustache`).
 */
export function templateFilesOf(templates: readonly StackTemplate[], stackTemplates: StackTemplates): Record<string, string> {
  return Object.fromEntries(templates.map((template) => [`${TEMPLATES_IN_ARCHIVE}/${template.path}`, join(stackTemplates.folder, ...template.path.split('/'))]));
}

/** The variable a function shipped with templates gets (none for one without): where they are, from its task root. */
export function templatesEnvironment(templates: readonly StackTemplate[]): Record<string, string> {
  return templates.length > 0 ? { [TEMPLATES_VARIABLE]: TEMPLATES_IN_ARCHIVE } : {};
}
