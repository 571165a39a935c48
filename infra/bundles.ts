import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { TriggerDefinition } from './triggers';

/** Where `npm run bundle` writes one directory per trigger, relative to the project root. */
export const BUNDLE_ROOT = 'dist/lambda';

/** The directory a trigger's function code is archived from (relative: Pulumi runs in the project root). */
export function bundleDirectory(trigger: TriggerDefinition): string {
  return `${BUNDLE_ROOT}/${trigger.name}`;
}

export class BundlesMissingError extends Error {
  override readonly name = 'BundlesMissingError';
}

/** Fails before anything is provisioned when a trigger's bundle has not been built. */
export function assertBundlesBuilt(triggers: readonly TriggerDefinition[], projectRoot: string = process.cwd()): void {
  const missing = triggers
    .map((trigger) => `${bundleDirectory(trigger)}/index.js`)
    .filter((file) => !existsSync(join(projectRoot, file)));
  if (missing.length > 0) {
    throw new BundlesMissingError(
      `the Lambda bundles are not built (missing ${missing.join(', ')}): run \`npm run build\` first`,
    );
  }
}
