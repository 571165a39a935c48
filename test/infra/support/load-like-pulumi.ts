/**
 * Loads infra/index.ts the way Pulumi's Node.js runner does for a TypeScript project: `require()` of
 * the entry point through ts-node, type-checked, with the project's tsconfig.json. Run it with
 * `node -r ts-node/register`; it prints what the program registered under mocks as JSON.
 */
import * as pulumi from '@pulumi/pulumi';
import { readStackConfig, recordingMocks, settleRegistrations } from '../../../scripts/plan';

async function main(): Promise<void> {
  const stack = process.argv[2] ?? 'dev';
  const config = readStackConfig(stack);
  pulumi.runtime.setAllConfig(config.values, config.secretKeys);
  const { mocks, resources } = recordingMocks(config.values['aws:region']);
  await pulumi.runtime.setMocks(mocks, 'gatehouse', stack, false);
  const outputs = await pulumi.runtime.runInPulumiStack(async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return { ...(require('../../../infra/index.ts') as Record<string, unknown>) };
  });
  await settleRegistrations();
  console.log(JSON.stringify({ resources: resources.length, outputs: Object.keys(outputs ?? {}).sort() }));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
