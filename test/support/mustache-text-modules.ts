import { readFileSync } from 'node:fs';
import { registerHooks } from 'node:module';
import { fileURLToPath } from 'node:url';

/**
 * Loads `.mustache` files as modules whose default export is their text, as esbuild's text loader does
 * for the bundles (scripts/bundle.ts): the tests run the same template module the Lambda bundles
 * contain. Registered once, from test/setup.ts; `registerHooks` applies to `require` and `import` alike.
 */
registerHooks({
  load(url, context, nextLoad) {
    if (!url.startsWith('file:') || !url.endsWith('.mustache')) return nextLoad(url, context);
    const text = readFileSync(fileURLToPath(url), 'utf8');
    return {
      format: 'commonjs',
      source: `module.exports = ${JSON.stringify(text)};`,
      shortCircuit: true,
    };
  },
});
