/**
 * Pulumi.yaml as the Pulumi engine and its Node.js language host read it: where the program runs and
 * how it is loaded. Mirrors pulumi/pulumi `pkg/engine/project.go` (getPwdMain) and
 * `sdk/nodejs/cmd/pulumi-language-nodejs/main.go` (parseOptions).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { parse } from 'yaml';

/** `runtime.options` of a nodejs project, with the language host's defaults. */
export interface NodeRuntimeOptions {
  /** Register ts-node for the program (PULUMI_NODEJS_TYPESCRIPT=true). Default true. */
  readonly typescript: boolean;
  /** PULUMI_NODEJS_TSCONFIG_PATH, resolved by the runner against the program's working directory. */
  readonly tsconfig?: string;
  /** Extra arguments for node, split like a POSIX shell would. */
  readonly nodeargs?: string;
  readonly packagemanager: 'auto' | 'npm' | 'yarn' | 'pnpm' | 'bun';
  readonly production: boolean;
}

export interface PulumiProject {
  readonly name: string;
  /** The folder of Pulumi.yaml (absolute). */
  readonly root: string;
  /** `main` as written in Pulumi.yaml, if any. */
  readonly main?: string;
  readonly runtime: { readonly name: string; readonly options: NodeRuntimeOptions };
  /** The working directory the engine gives the program (absolute). */
  readonly pwd: string;
  /** What the engine passes to the runner as the program: a file name in `pwd`, or "." for the folder. */
  readonly entryPoint: string;
}

export class ProjectMainError extends Error {
  override readonly name = 'ProjectMainError';
  constructor(
    /** `main` as written in Pulumi.yaml. */
    readonly main: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * getPwdMain: no `main` → the project root and "."; a folder → that folder and "."; a file → the
 * file's folder and its base name. Relative paths are taken from the project root.
 */
export function getPwdMain(root: string, main?: string): { pwd: string; entryPoint: string } {
  if (main === undefined || main === '') return { pwd: root, entryPoint: '.' };
  const path = isAbsolute(main) ? main : resolve(root, main);
  let isDirectory: boolean;
  try {
    isDirectory = statSync(path).isDirectory();
  } catch (error) {
    throw new ProjectMainError(main, `project 'main' could not be read: ${error instanceof Error ? error.message : String(error)}`);
  }
  return isDirectory ? { pwd: path, entryPoint: '.' } : { pwd: dirname(path), entryPoint: basename(path) };
}

/** parseOptions of the Node.js language host (runtime `nodejs`), with its error messages. */
export function parseRuntimeOptions(options: Record<string, unknown> = {}): NodeRuntimeOptions {
  const { typescript = true, tsconfig, nodeargs, production = false, packagemanager = 'auto' } = options;
  if (typeof typescript !== 'boolean') throw new Error('typescript option must be a boolean');
  if (tsconfig !== undefined && typeof tsconfig !== 'string') throw new Error('tsconfigpath option must be a string');
  if (nodeargs !== undefined && typeof nodeargs !== 'string') throw new Error('nodeargs option must be a string');
  if (typeof production !== 'boolean') throw new Error('production option must be a boolean');
  if (typeof packagemanager !== 'string') throw new Error('packagemanager option must be a string');
  if (!['auto', 'npm', 'yarn', 'pnpm', 'bun'].includes(packagemanager)) {
    throw new Error(`packagemanager option must be one of auto, npm, yarn, pnpm or bun, got "${packagemanager}"`);
  }
  return {
    typescript,
    ...(tsconfig ? { tsconfig } : {}),
    ...(nodeargs ? { nodeargs } : {}),
    packagemanager: packagemanager as NodeRuntimeOptions['packagemanager'],
    production,
  };
}

/** Splits `nodeargs` into words like a POSIX shell (quotes and backslashes), as the language host does. */
export function splitNodeArgs(text: string | undefined): string[] {
  const words: string[] = [];
  const chars = [...(text ?? '')];
  let word: string | undefined;
  let quote: '"' | "'" | undefined;
  const append = (char: string) => {
    word = (word ?? '') + char;
  };
  for (let index = 0; index < chars.length; index++) {
    const char = chars[index] as string;
    const next = chars[index + 1];
    if (quote === "'") {
      if (char === "'") quote = undefined;
      else append(char);
    } else if (quote === '"') {
      if (char === '"') quote = undefined;
      else if (char === '\\' && next !== undefined && '"\\$`'.includes(next)) append(chars[++index] as string);
      else append(char);
    } else if (/\s/.test(char)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else if (char === '"' || char === "'") {
      quote = char;
      append('');
    } else if (char === '\\' && next !== undefined) {
      append(chars[++index] as string);
    } else {
      append(char);
    }
  }
  if (quote !== undefined) throw new Error(`nodeargs has an unterminated ${quote} quote`);
  if (word !== undefined) words.push(word);
  return words;
}

export function projectFile(root: string): string {
  for (const name of ['Pulumi.yaml', 'Pulumi.yml']) {
    if (existsSync(join(root, name))) return join(root, name);
  }
  throw new Error(`no Pulumi.yaml in ${root}`);
}

interface ProjectDocument {
  name?: unknown;
  main?: unknown;
  runtime?: unknown;
}

/** Reads the project's Pulumi.yaml and decides, like the engine, where and how the program runs. */
export function readPulumiProject(root: string): PulumiProject {
  const absoluteRoot = resolve(root);
  const document = (parse(readFileSync(projectFile(absoluteRoot), 'utf8')) ?? {}) as ProjectDocument;
  if (typeof document.name !== 'string' || document.name === '') throw new Error('Pulumi.yaml has no project name');
  const runtime = document.runtime;
  const runtimeName = typeof runtime === 'string' ? runtime : (runtime as { name?: unknown } | undefined)?.name;
  if (runtimeName !== 'nodejs') throw new Error(`only the nodejs runtime is supported here, not ${String(runtimeName)}`);
  const rawOptions = typeof runtime === 'object' && runtime !== null ? (runtime as { options?: unknown }).options : undefined;
  const options = parseRuntimeOptions((rawOptions ?? {}) as Record<string, unknown>);
  const main = typeof document.main === 'string' ? document.main : undefined;
  return {
    name: document.name,
    root: absoluteRoot,
    ...(main !== undefined ? { main } : {}),
    runtime: { name: runtimeName, options },
    ...getPwdMain(absoluteRoot, main),
  };
}
