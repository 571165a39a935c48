import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';

/**
 * The program is deployed precompiled (`npm run build` writes dist/infra), so a deploy could run code
 * older than the sources next to it. The build records a digest of what it was made from; the
 * compiled program compares it with the sources, when they are there, before it registers anything.
 */

/** Where `npm run build` records what it built from, relative to the project root. */
export const BUILD_INFO_FILE = 'dist/build-info.json';

/** Folders whose every file goes into a build (infra/ only through its .ts files). */
const SOURCE_FOLDERS: readonly { readonly folder: string; readonly include: (file: string) => boolean }[] = [
  { folder: 'infra', include: (file) => file.endsWith('.ts') },
  { folder: 'handlers', include: () => true },
  { folder: 'domain', include: () => true },
  { folder: 'adapters', include: () => true },
];
const SOURCE_FILES: readonly string[] = ['package-lock.json'];

export interface BuildInfo {
  /** sha256 over the sorted relative paths and the contents of every source file. */
  readonly digest: string;
  /** Relative path (with `/`) → sha256 of its content, to name what changed. */
  readonly files: Readonly<Record<string, string>>;
}

export class StaleBuildError extends Error {
  override readonly name = 'StaleBuildError';
}

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const posix = (path: string) => path.split(sep).join('/');

function sourceFiles(projectRoot: string): string[] {
  const files: string[] = [];
  for (const { folder, include } of SOURCE_FOLDERS) {
    const directory = join(projectRoot, folder);
    if (!existsSync(directory)) continue;
    for (const entry of readdirSync(directory, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || !include(entry.name)) continue;
      files.push(posix(relative(projectRoot, join(entry.parentPath, entry.name))));
    }
  }
  for (const file of SOURCE_FILES) if (existsSync(join(projectRoot, file))) files.push(file);
  return files.sort();
}

/** What a build of the project as it is now would record. */
export function buildInfoOf(projectRoot: string): BuildInfo {
  const files: Record<string, string> = {};
  const digest = createHash('sha256');
  for (const file of sourceFiles(projectRoot)) {
    const hash = sha256(readFileSync(join(projectRoot, file)));
    files[file] = hash;
    digest.update(`${file}\0${hash}\n`);
  }
  return { digest: digest.digest('hex'), files };
}

function describeChanges(recorded: BuildInfo, current: BuildInfo): string {
  const before = recorded.files ?? {};
  const changes = [
    ...Object.keys(current.files)
      .filter((file) => before[file] !== current.files[file])
      .map((file) => `${file} ${file in before ? 'changed' : 'added'}`),
    ...Object.keys(before)
      .filter((file) => !(file in current.files))
      .map((file) => `${file} removed`),
  ].sort();
  if (changes.length === 0) return '';
  const shown = changes.slice(0, 5).join(', ');
  return ` (${shown}${changes.length > 5 ? `, and ${changes.length - 5} more` : ''})`;
}

/**
 * Throws a `StaleBuildError` when the program runs compiled (from dist/infra) next to sources that
 * differ from those it was built from. Does nothing when it runs from the sources (tests) or when the
 * sources are absent (a deploy artifact holding only the build).
 */
export function assertBuildIsFresh(programDirectory: string = __dirname): void {
  if (basename(programDirectory) !== 'infra' || basename(dirname(programDirectory)) !== 'dist') return;
  const projectRoot = dirname(dirname(programDirectory));
  if (!SOURCE_FOLDERS.some(({ folder }) => existsSync(join(projectRoot, folder)))) return;

  const infoFile = join(projectRoot, BUILD_INFO_FILE);
  if (!existsSync(infoFile)) {
    throw new StaleBuildError(`${BUILD_INFO_FILE} is missing, so this build cannot be checked against the sources: run \`npm run build\``);
  }
  const recorded = JSON.parse(readFileSync(infoFile, 'utf8')) as BuildInfo;
  const current = buildInfoOf(projectRoot);
  if (recorded.digest !== current.digest) {
    throw new StaleBuildError(
      `the sources (infra/, handlers/, domain/, adapters/ or package-lock.json) changed since the last \`npm run build\`${describeChanges(recorded, current)}: run it again`,
    );
  }
}
