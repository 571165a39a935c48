/**
 * Records what the build was made from (dist/build-info.json: a digest of infra/, handlers/, domain/,
 * adapters/ and package-lock.json). The compiled program refuses to run next to sources that differ.
 *
 *   node --import tsx scripts/record-build.ts      (npm run record:build, the last step of npm run build)
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUILD_INFO_FILE, buildInfoOf } from '../infra/build-freshness';

const root = join(__dirname, '..');
writeFileSync(join(root, BUILD_INFO_FILE), `${JSON.stringify(buildInfoOf(root), null, 2)}\n`);
