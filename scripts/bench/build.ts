/**
 * Builds what the benchmark runs besides the real bundles, into dist/bench/:
 *
 * - minimal-pre-authentication/index.js: the minimal handler, bundled exactly as scripts/bundle.ts
 *   bundles a trigger, so the two differ by their code only;
 * - gatehouse-pre-authentication/index.js: a copy of the real bundle, dist/lambda/pre-authentication/
 *   index.js, taken when the run starts, so that a rebuild meanwhile cannot change what is measured;
 * - cold-start.js and warm-worker.js: the harness the handler processes run (plain Node, no loader).
 */
import { build, type BuildOptions } from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { lambdaBundleOptions } from '../bundle';

export const root = join(__dirname, '..', '..');
export const benchOut = join(root, 'dist', 'bench');

export { lambdaBundleOptions };

export const paths = {
  /** The real bundle as `npm run build` makes it. */
  built: join(root, 'dist', 'lambda', 'pre-authentication', 'index.js'),
  /** The copy of it that the benchmark measures. */
  gatehouse: join(benchOut, 'gatehouse-pre-authentication', 'index.js'),
  minimal: join(benchOut, 'minimal-pre-authentication', 'index.js'),
  coldStart: join(benchOut, 'cold-start.js'),
  warmWorker: join(benchOut, 'warm-worker.js'),
};

/** Copies the real bundle, builds the minimal handler and the harness; returns the minimal bundle's size in bytes. */
export async function buildBench(): Promise<number> {
  mkdirSync(dirname(paths.gatehouse), { recursive: true });
  copyFileSync(paths.built, paths.gatehouse);
  const minimal = await build({
    ...lambdaBundleOptions,
    entryPoints: [join(__dirname, 'minimal-pre-authentication.ts')],
    outfile: paths.minimal,
  });
  const harness: BuildOptions = { bundle: true, platform: 'node', target: 'node22', format: 'cjs', logLevel: 'warning' };
  await build({ ...harness, entryPoints: [join(__dirname, 'cold-start.ts')], outfile: paths.coldStart });
  await build({ ...harness, entryPoints: [join(__dirname, 'warm-worker.ts')], outfile: paths.warmWorker });
  return Object.values(minimal.metafile.outputs).reduce((sum, output) => sum + output.bytes, 0);
}

/**
 * Whether the measured copy of dist/lambda/pre-authentication/index.js is what these options make of
 * the current source: a difference means a stale build (run `npm run build`) or options that drifted
 * from scripts/bundle.ts.
 */
export async function checkBundleOptions(): Promise<boolean> {
  const rebuilt = await build({
    ...lambdaBundleOptions,
    entryPoints: [join(root, 'handlers', 'pre-authentication.ts')],
    outfile: paths.gatehouse,
    write: false,
  });
  const output = rebuilt.outputFiles.find((file) => file.path === paths.gatehouse);
  return output !== undefined && Buffer.from(output.contents).equals(readFileSync(paths.gatehouse));
}
