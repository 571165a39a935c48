import { copyFileSync, existsSync, linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Copies of the project as a deploy would see them, in the OS temp folder: not inside the repository,
 * because Node resolves packages through every parent folder and would find the repository's full
 * node_modules (typescript, ts-node, every dev dependency) from anywhere under it.
 *
 * Files are hard-linked (copied only across file systems), never symlinked: Node follows a symlink
 * back to its target and would resolve further packages from there.
 */

interface LockEntry {
  readonly dev?: boolean;
  readonly devOptional?: boolean;
  readonly optional?: boolean;
  readonly link?: boolean;
}

/**
 * The lock file's packages a production install needs: neither dev dependencies nor `devOptional`
 * ones (dev dependencies that are also optional peers of a production package: typescript and
 * ts-node, for @pulumi/pulumi), as `npm ci --omit=dev --omit=optional` would leave out, keeping the
 * optional dependencies of production packages. Paths as in the lock (`node_modules/a/node_modules/b`).
 */
export function productionPackages(projectRoot: string): string[] {
  return Object.entries(lockedPackages(projectRoot))
    .filter(([path, entry]) => path.startsWith('node_modules/') && !entry.dev && !entry.devOptional && !entry.link)
    .map(([path]) => path)
    .sort();
}

function lockedPackages(projectRoot: string): Record<string, LockEntry> {
  return (JSON.parse(readFileSync(join(projectRoot, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> }).packages;
}

/** Mirrors a tree with hard links; `skip` names entries of `from` itself to leave out. */
function linkTree(from: string, to: string, skip: readonly string[] = []): number {
  mkdirSync(to, { recursive: true });
  let files = 0;
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    if (skip.includes(entry.name)) continue;
    const source = join(from, entry.name);
    const target = join(to, entry.name);
    if (entry.isDirectory()) {
      files += linkTree(source, target);
    } else if (entry.isSymbolicLink()) {
      symlinkSync(readlinkSync(source), target);
    } else {
      try {
        linkSync(source, target);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
        copyFileSync(source, target);
      }
      files += 1;
    }
  }
  return files;
}

export interface ProjectCopy {
  readonly root: string;
  /** Lock paths of the packages placed in its node_modules. */
  readonly packages: readonly string[];
  remove(): void;
}

export interface ProjectCopyOptions {
  /** `production`: the production packages, hard-linked; `symlink`: the repository's node_modules; `none`. */
  readonly nodeModules: 'production' | 'symlink' | 'none';
  /** Whether to bring the build (dist/). Default true. */
  readonly dist?: boolean;
}

/**
 * A copy of what a deploy needs: Pulumi.yaml, the stack files, the stacks' own templates (templates/),
 * package.json, package-lock.json, the build (dist/) and node_modules; never the sources.
 */
export function copyProject(projectRoot: string, options: ProjectCopyOptions): ProjectCopy {
  const root = mkdtempSync(join(tmpdir(), 'gatehouse-deploy-'));
  try {
    for (const file of readdirSync(projectRoot)) {
      if (/^Pulumi(\..+)?\.yaml$/.test(file) || file === 'package.json' || file === 'package-lock.json') {
        copyFileSync(join(projectRoot, file), join(root, file));
      }
    }
    if (options.dist !== false) linkTree(join(projectRoot, 'dist'), join(root, 'dist'));
    if (existsSync(join(projectRoot, 'templates'))) linkTree(join(projectRoot, 'templates'), join(root, 'templates'));
    let packages: string[] = [];
    if (options.nodeModules === 'symlink') {
      symlinkSync(join(projectRoot, 'node_modules'), join(root, 'node_modules'), 'dir');
    } else if (options.nodeModules === 'production') {
      const locked = lockedPackages(projectRoot);
      // An optional package of another platform is in the lock but not installed: npm leaves it out too.
      packages = productionPackages(projectRoot).filter((path) => !locked[path]?.optional || existsSync(join(projectRoot, path)));
      for (const path of packages) {
        // A package's own node_modules holds other lock entries, linked (or left out) on their own.
        linkTree(join(projectRoot, path), join(root, path), ['node_modules']);
      }
    }
    return { root, packages, remove: () => rmSync(root, { recursive: true, force: true }) };
  } catch (error) {
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
}
