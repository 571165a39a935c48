/**
 * Bundles one Lambda artefact per trigger: every file at the top of handlers/ is a trigger, and
 * `handlers/<trigger>.ts` becomes `dist/lambda/<trigger>/index.js` exporting `handler`.
 * The AWS SDK is bundled (pinned versions, tree-shaken) rather than taken from the runtime.
 */
import { build, type BuildOptions } from 'esbuild';
import { readdirSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';

const root = join(__dirname, '..');

/**
 * How every Lambda artefact is built (the benchmark builds its minimal handler the same way). No
 * `keepNames`: it re-names every closure at run time, and the SDK creates many per request; the
 * errors that reach logs spell their names out instead.
 */
export const lambdaBundleOptions = {
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'cjs',
  minify: true,
  legalComments: 'none',
  // ES module builds of the SDK tree-shake far better than its CommonJS builds.
  mainFields: ['module', 'main'],
  // Message templates (adapters/templates/) are compiled in as strings: nothing is read at run time.
  loader: { '.mustache': 'text' },
  metafile: true,
  logLevel: 'warning',
} as const satisfies BuildOptions;
const outRoot = join(root, 'dist', 'lambda');

/**
 * Code the Pulumi program runs from disk, as it knows the bundles: infra/ imports none of adapters/, so
 * the rules a stack's own templates are checked with before they deploy (adapters/templates/template-rules.ts)
 * reach it as this bundle, the same rules the functions and the tests hold every template to.
 */
export const TOOLS: readonly { readonly entry: string; readonly outfile: string }[] = [
  { entry: 'adapters/templates/template-rules.ts', outfile: 'dist/tools/template-rules.js' },
];

export function triggerNames(): string[] {
  return readdirSync(join(root, 'handlers'), { withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts'))
    .map((entry) => basename(entry.name, '.ts'))
    .sort();
}

async function main(): Promise<void> {
  rmSync(outRoot, { recursive: true, force: true });
  const rows: string[] = [];
  for (const trigger of triggerNames()) {
    const outfile = join(outRoot, trigger, 'index.js');
    const result = await build({ ...lambdaBundleOptions, entryPoints: [join(root, 'handlers', `${trigger}.ts`)], outfile });
    const bytes = Object.values(result.metafile.outputs).reduce((sum, output) => sum + output.bytes, 0);
    rows.push(`${trigger.padEnd(24)} ${(bytes / 1024).toFixed(1).padStart(8)} KiB  dist/lambda/${trigger}/index.js`);
  }
  rmSync(join(root, 'dist', 'tools'), { recursive: true, force: true });
  for (const tool of TOOLS) {
    const result = await build({ ...lambdaBundleOptions, entryPoints: [join(root, tool.entry)], outfile: join(root, tool.outfile) });
    const bytes = Object.values(result.metafile.outputs).reduce((sum, output) => sum + output.bytes, 0);
    rows.push(`${'(tool)'.padEnd(24)} ${(bytes / 1024).toFixed(1).padStart(8)} KiB  ${tool.outfile}`);
  }
  console.log(rows.join('\n'));
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
