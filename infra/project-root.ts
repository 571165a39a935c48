import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The project root: the nearest folder above `from` that holds `Pulumi.yaml`. Paths in the program are
 * resolved against it, never against the working directory: the Pulumi engine runs a program whose
 * `main` names a file in that file's folder, so the working directory differs between `pulumi up`
 * and the tests.
 */
export function findProjectRoot(from: string = __dirname): string {
  let directory = from;
  for (;;) {
    if (existsSync(join(directory, 'Pulumi.yaml'))) return directory;
    const parent = dirname(directory);
    if (parent === directory) throw new Error(`no Pulumi.yaml in ${from} or any folder above it`);
    directory = parent;
  }
}
