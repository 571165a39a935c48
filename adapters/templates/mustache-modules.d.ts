/**
 * A template file imported as its text: esbuild inlines it (the `.mustache` loader of
 * scripts/bundle.ts), and the tests load it through the hook test/setup.ts registers.
 */
declare module '*.mustache' {
  const template: string;
  export default template;
}
