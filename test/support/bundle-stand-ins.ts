import { startDynalite, type DynaliteHandle } from './dynalite';
import { functionEnvironment, LogCapture, startSecrets, withEnvironment } from './lambda-bundle';

export interface BundleStandIns {
  /** dynalite, started before the suite; its request counts are reset before each test. */
  readonly dynamo: DynaliteHandle;
  /** What the bundles log during the current test. */
  readonly logs: LogCapture;
}

/**
 * Registers, in the calling `describe`, what every bundle suite needs: dynalite with the table, the
 * stack's secret on a local SSM endpoint, the environment infra/ gives the functions (with
 * `overrides`), and a log capture per test.
 */
export function useBundleStandIns(overrides: Record<string, string> = {}): BundleStandIns {
  let dynamo: DynaliteHandle | undefined;
  let secrets: Awaited<ReturnType<typeof startSecrets>> | undefined;
  let restoreEnv = () => undefined as void;
  const logs = new LogCapture();

  before(async () => {
    dynamo = await startDynalite();
    secrets = await startSecrets();
    restoreEnv = withEnvironment(functionEnvironment(dynamo.tableName, overrides));
  });
  after(async () => {
    restoreEnv();
    await secrets?.stop();
    await dynamo?.stop();
  });
  beforeEach(() => {
    dynamo?.resetCounts();
    logs.clear();
    logs.start();
  });
  afterEach(() => logs.stop());

  return {
    get dynamo() {
      if (dynamo === undefined) throw new Error('the stand-ins start in the suite’s before()');
      return dynamo;
    },
    logs,
  };
}
