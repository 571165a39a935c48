/**
 * Where the handlers spend their CPU when warm: summarises the V8 CPU profiles of the benchmark's two
 * warm workers (same invocations each), mapping each minified bundle back to its sources through a
 * source map rebuilt with the same esbuild options (the code it maps must equal the bundle in dist byte
 * for byte, else frames stay unmapped).
 *
 *   BENCH_CPU_PROF=/tmp/bench-prof BENCH_REFUSED=1 BENCH_COLD_RUNS=1 npm run bench
 *   node --import tsx scripts/bench/cpu-profile-summary.ts /tmp/bench-prof [top]
 *
 * Prints self time by area for both (our source folders, each npm package, Node modules, native code,
 * GC) with Gatehouse's extra, then for each: the functions with most self time and those with most
 * inclusive time (synchronous stacks only: V8 cuts a stack at every await). Shares are of the
 * profile's busy (non-idle) time. Given one .cpuprofile instead, it takes it for the real bundle's.
 */
import { build } from 'esbuild';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { SourceMap, type SourceMapPayload } from 'node:module';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { lambdaBundleOptions, paths, root } from './build';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  readonly children?: number[];
}

interface Profile {
  readonly nodes: ProfileNode[];
  readonly samples: number[];
  readonly timeDeltas: number[];
}

function newestProfile(path: string): string {
  if (!statSync(path).isDirectory()) return path;
  const profiles = readdirSync(path)
    .filter((name) => name.endsWith('.cpuprofile'))
    .map((name) => join(path, name))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  if (!profiles[0]) throw new Error(`no .cpuprofile in ${path}`);
  return profiles[0];
}

type Who = 'minimal' | 'gatehouse';

const sources: Record<Who, { entry: string; bundle: string }> = {
  gatehouse: { entry: join(root, 'handlers', 'pre-authentication.ts'), bundle: paths.gatehouse },
  minimal: { entry: join(__dirname, 'minimal-pre-authentication.ts'), bundle: paths.minimal },
};

/** The bundle's source map, or undefined when the rebuilt code is not exactly the bundle profiled. */
async function bundleSourceMap(who: Who): Promise<SourceMap | undefined> {
  const { entry, bundle } = sources[who];
  const rebuilt = await build({ ...lambdaBundleOptions, entryPoints: [entry], outfile: bundle, sourcemap: 'external', write: false });
  const code = rebuilt.outputFiles.find((file) => file.path === bundle);
  const map = rebuilt.outputFiles.find((file) => file.path === `${bundle}.map`);
  if (!code || !map || !Buffer.from(code.contents).equals(readFileSync(bundle))) return undefined;
  return new SourceMap(JSON.parse(map.text) as SourceMapPayload);
}

interface Place {
  /** Where the time is charged: a source folder, an npm package, a Node module, native code, GC. */
  readonly area: string;
  /** What a reader can look up. */
  readonly label: string;
}

/** node:internal/streams/writable → node streams; node:_http_client → node http. */
function nodeArea(url: string): string {
  const module = url.replace(/^node:/, '').replace(/^internal\//, '').replace(/^per_context\//, '');
  const first = module.split('/')[0] ?? module;
  if (first.startsWith('_http_') || first === 'http') return 'node http';
  if (first === 'modules') return 'node module loader (compile, resolve)';
  if (first === 'async_local_storage' || first === 'async_hooks') return 'node async_hooks (AsyncLocalStorage)';
  return `node ${first.replace(/^_stream_/, 'streams ')}`;
}

function placer(bundle: string, sourceMap: SourceMap | undefined): (frame: ProfileNode['callFrame']) => Place {
  const bundleUrl = pathToFileURL(bundle).href;
  const lines = new Map<string, string[]>();
  const sourceLine = (source: string, line: number): string => {
    if (!lines.has(source)) {
      const index = sourceMap?.payload.sources.indexOf(source) ?? -1;
      lines.set(source, (sourceMap?.payload.sourcesContent[index] ?? '').split('\n'));
    }
    return (lines.get(source)?.[line] ?? '').trim().slice(0, 70);
  };
  return (frame) => {
    const name = frame.functionName || '(anonymous)';
    if (frame.url === '') return { area: name.startsWith('(') ? name : 'native (bindings, syscalls, V8 builtins)', label: name };
    if (frame.url !== bundleUrl && frame.url !== bundle) {
      const area = frame.url.startsWith('node:') ? nodeArea(frame.url) : relative(root, frame.url.replace(/^file:\/\//, ''));
      return { area, label: `${name}  ${frame.url.replace(/^file:\/\//, '')}:${frame.lineNumber + 1}` };
    }
    const entry = sourceMap?.findEntry(frame.lineNumber, frame.columnNumber) as
      | { originalSource?: string; originalLine?: number }
      | undefined;
    if (!entry?.originalSource || entry.originalLine === undefined) return { area: 'bundle (unmapped)', label: `${name} @${frame.columnNumber}` };
    const source = entry.originalSource.replace(/^.*?(node_modules\/)/, '$1').replace(/^(\.\.\/)+/, '');
    const packageName = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(source)?.[1];
    const area = packageName ?? (source.startsWith('scripts/bench/') ? 'minimal handler' : (source.split('/')[0] ?? source));
    const file = source.replace(/^node_modules\//, '');
    return { area, label: `${file}:${entry.originalLine + 1}  ${sourceLine(entry.originalSource, entry.originalLine)}` };
  };
}

interface Summary {
  readonly file: string;
  readonly mapped: boolean;
  readonly total: number;
  readonly busy: number;
  readonly selfByArea: Map<string, number>;
  readonly selfByFunction: Map<string, number>;
  readonly inclusive: Map<string, number>;
}

async function summarise(file: string, who: Who): Promise<Summary> {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const sourceMap = await bundleSourceMap(who);
  const place = placer(sources[who].bundle, sourceMap);

  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const places = new Map(profile.nodes.map((node) => [node.id, place(node.callFrame)]));
  const idle = profile.nodes.filter((node) => node.callFrame.functionName === '(idle)').reduce((sum, node) => sum + (self.get(node.id) ?? 0), 0);
  const total = [...self.values()].reduce((sum, micros) => sum + micros, 0);

  const selfByArea = new Map<string, number>();
  const selfByFunction = new Map<string, number>();
  for (const [id, micros] of self) {
    const where = places.get(id);
    if (!where || where.area === '(idle)') continue;
    selfByArea.set(where.area, (selfByArea.get(where.area) ?? 0) + micros);
    selfByFunction.set(where.label, (selfByFunction.get(where.label) ?? 0) + micros);
  }

  // Inclusive time per function, counting a recursive function once per stack.
  const inclusive = new Map<string, number>();
  const subtree = new Map<number, number>();
  const sizeOf = (id: number): number => {
    const known = subtree.get(id);
    if (known !== undefined) return known;
    const size = (self.get(id) ?? 0) + (byId.get(id)?.children ?? []).reduce((sum, child) => sum + sizeOf(child), 0);
    subtree.set(id, size);
    return size;
  };
  const walk = (id: number, open: Set<string>) => {
    const where = places.get(id);
    const label = where?.label ?? '?';
    const counted = !open.has(label) && where !== undefined && !where.area.startsWith('(');
    if (counted) inclusive.set(label, (inclusive.get(label) ?? 0) + sizeOf(id));
    const next = counted ? new Set(open).add(label) : open;
    for (const child of byId.get(id)?.children ?? []) walk(child, next);
  };
  const rootNode = profile.nodes[0];
  if (rootNode) walk(rootNode.id, new Set());
  return { file, mapped: sourceMap !== undefined, total, busy: total - idle, selfByArea, selfByFunction, inclusive };
}

function rank(totals: Map<string, number>, base: number, top: number): string[] {
  return [...totals]
    .sort(([, a], [, b]) => b - a)
    .slice(0, top)
    .map(([key, micros]) => `${(micros / 1000).toFixed(0).padStart(7)} ms ${((micros / base) * 100).toFixed(1).padStart(5)}%  ${key}`);
}

function header(who: Who, summary: Summary): string {
  const lines = [
    `${who}: ${relative(process.cwd(), summary.file)}: ${(summary.total / 1e6).toFixed(2)} s sampled, ${(summary.busy / 1e6).toFixed(2)} s busy (shares are of busy time)`,
  ];
  if (!summary.mapped) lines.push(`WARNING: the rebuilt ${who} bundle differs from the one in dist (stale build?): its frames are left unmapped`);
  return lines.join('\n');
}

function print(who: Who, summary: Summary, top: number): void {
  console.log(`\n${header(who, summary)}`);
  console.log(`\n${who}: self time by area`);
  console.log(rank(summary.selfByArea, summary.busy, top).join('\n'));
  console.log(`\n${who}: self time by function`);
  console.log(rank(summary.selfByFunction, summary.busy, top).join('\n'));
  console.log(`\n${who}: inclusive time by function (synchronous stacks only)`);
  console.log(rank(summary.inclusive, summary.busy, top).join('\n'));
}

/** The benchmark runs the same invocations in both workers, so their absolute times compare directly. */
function compare(minimal: Summary, gatehouse: Summary): void {
  const areas = new Set([...minimal.selfByArea.keys(), ...gatehouse.selfByArea.keys()]);
  const rows = [...areas]
    .map((area) => ({ area, m: (minimal.selfByArea.get(area) ?? 0) / 1000, g: (gatehouse.selfByArea.get(area) ?? 0) / 1000 }))
    .sort((a, b) => b.g - b.m - (a.g - a.m));
  console.log('self time by area, ms (extra: gatehouse − minimal)');
  console.log(`${'area'.padEnd(42)} ${'minimal'.padStart(9)} ${'gatehouse'.padStart(9)} ${'extra'.padStart(9)}`);
  for (const { area, m, g } of rows) {
    if (Math.max(m, g) < 5) continue;
    console.log(`${area.padEnd(42)} ${m.toFixed(0).padStart(9)} ${g.toFixed(0).padStart(9)} ${(g - m).toFixed(0).padStart(9)}`);
  }
  const busy = (s: Summary) => s.busy / 1000;
  console.log(`${'all busy time'.padEnd(42)} ${busy(minimal).toFixed(0).padStart(9)} ${busy(gatehouse).toFixed(0).padStart(9)} ${(busy(gatehouse) - busy(minimal)).toFixed(0).padStart(9)}`);
}

async function main(): Promise<void> {
  const [target, topArg] = process.argv.slice(2);
  if (!target) throw new Error('usage: cpu-profile-summary.ts <BENCH_CPU_PROF directory, or one .cpuprofile of the real bundle> [top]');
  const top = Number(topArg ?? 30);
  if (!statSync(target).isDirectory()) {
    print('gatehouse', await summarise(target, 'gatehouse'), top);
    return;
  }
  const minimal = await summarise(newestProfile(join(target, 'minimal')), 'minimal');
  const gatehouse = await summarise(newestProfile(join(target, 'gatehouse')), 'gatehouse');
  compare(minimal, gatehouse);
  print('gatehouse', gatehouse, top);
  print('minimal', minimal, Math.min(top, 15));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
