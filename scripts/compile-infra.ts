/**
 * Compiles the Pulumi program (infra/) into dist/infra (CommonJS with source maps, tsconfig.infra.json):
 * Pulumi.yaml runs dist/infra/index.js, so a deploy needs neither TypeScript nor ts-node.
 *
 *   node --import tsx scripts/compile-infra.ts      (npm run compile:infra, part of npm run build)
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..');

// Emptied first, so that a file removed from infra/ does not linger in the build.
rmSync(join(root, 'dist', 'infra'), { recursive: true, force: true });
const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.infra.json'], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(tsc.status ?? 1);
