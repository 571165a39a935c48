/**
 * The layering of DESIGN.md, enforced by `npm run arch` (part of `npm test`):
 * dependencies point inward. Paths are matched anywhere in the tree so the rules can be exercised
 * against fixtures in test/architecture/.
 */
const layer = (name) => `(^|/)${name}/`;

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-self-contained',
      comment: 'domain/ imports nothing outside itself: no SDK, no container, no logger, no node built-ins.',
      severity: 'error',
      from: { path: layer('domain') },
      to: { pathNot: [layer('domain')] },
    },
    {
      name: 'adapters-only-know-the-domain',
      comment: 'adapters/ implement domain ports; they never reach into handlers/ or infra/.',
      severity: 'error',
      from: { path: layer('adapters') },
      to: { path: [layer('handlers'), layer('infra')] },
    },
    {
      name: 'handlers-do-not-know-infra',
      comment: 'handlers/ compose domain and adapters; infra/ knows them only as bundles on disk.',
      severity: 'error',
      from: { path: layer('handlers') },
      to: { path: [layer('infra')] },
    },
    {
      name: 'infra-knows-no-code',
      comment: 'infra/ provisions built bundles; it imports none of domain/, adapters/, handlers/.',
      severity: 'error',
      from: { path: layer('infra') },
      to: { path: [layer('domain'), layer('adapters'), layer('handlers')] },
    },
    {
      name: 'nothing-imports-the-sandbox',
      comment: 'sandbox/ runs the built bundles and reuses infra/; the deployed code never depends on it.',
      severity: 'error',
      from: { path: [layer('domain'), layer('adapters'), layer('handlers'), layer('infra')] },
      to: { path: [layer('sandbox')] },
    },
    {
      name: 'nothing-deployed-imports-scripts',
      comment: 'scripts/ holds build tooling and the operator command; no deployed code depends on them.',
      severity: 'error',
      from: { path: [layer('domain'), layer('adapters'), layer('handlers'), layer('infra')] },
      to: { path: [layer('scripts')] },
    },
    {
      name: 'operator-command-composes-no-handlers',
      comment: 'scripts/admin/ composes the domain and the adapters itself; the functions\' composition is theirs alone.',
      severity: 'error',
      from: { path: layer('scripts/admin') },
      to: { path: [layer('handlers')] },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|build|coverage)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.json', '.d.ts'],
    },
  },
};
