import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { overridesFromFiles, type TemplateFile, type TemplateOverrides } from './template-overrides';

/**
 * Every file under a folder, with its path inside it (`/`-separated) and its text, sorted by path. A
 * stack's templates are a handful of small files: read synchronously, once per cold start.
 */
export function readTemplateFiles(directory: string): TemplateFile[] {
  return readdirSync(directory, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .map((file) => ({ path: relative(directory, file).split(sep).join('/'), source: readFileSync(file, 'utf8') }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/**
 * The stack's templates a function was shipped with (`MESSAGE_TEMPLATES`, next to its code), to lay
 * over the templates compiled into its bundle (`withOverrides`).
 * @throws RangeError when the folder is missing or holds a file that is not a template.
 */
export function readTemplateOverrides(directory: string): TemplateOverrides {
  if (!existsSync(directory)) throw new RangeError(`the stack's templates are missing: no folder ${directory}`);
  return overridesFromFiles(readTemplateFiles(directory));
}
