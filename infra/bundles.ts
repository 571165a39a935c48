import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { findProjectRoot } from './project-root';
import type { TriggerDefinition } from './triggers';

/** Where `npm run bundle` writes one directory per trigger, under the project root. */
export const BUNDLE_ROOT = 'dist/lambda';

/** The absolute directory a trigger's function code is archived from, whatever the working directory. */
export function bundleDirectory(trigger: TriggerDefinition, projectRoot: string = findProjectRoot()): string {
  return join(projectRoot, BUNDLE_ROOT, trigger.name);
}

export class BundlesMissingError extends Error {
  override readonly name = 'BundlesMissingError';
}

/** Fails before anything is provisioned when a trigger's bundle has not been built. */
export function assertBundlesBuilt(triggers: readonly TriggerDefinition[], projectRoot: string = findProjectRoot()): void {
  const missing = triggers
    .map((trigger) => join(bundleDirectory(trigger, projectRoot), 'index.js'))
    .filter((file) => !existsSync(file))
    .map((file) => relative(projectRoot, file));
  if (missing.length > 0) {
    throw new BundlesMissingError(
      `the Lambda bundles are not built (missing ${missing.join(', ')}): run \`npm run build\` first`,
    );
  }
}
