import { parseStackConfig, StackConfigError } from '../infra/config';
import { SECRET_CONFIG_KEYS, STRING_CONFIG_KEYS, type StackConfig } from '../infra/config-schema';
import { readStackConfig } from '../scripts/plan';

const NAMESPACE = 'gatehouse:';

export interface SandboxStack {
  readonly name: string;
  readonly config: StackConfig;
  /** Keys stored encrypted in the stack file: the sandbox cannot read them and uses local stand-ins. */
  readonly secretKeys: readonly string[];
}

/**
 * A stack's `gatehouse:` configuration from `Pulumi.<stack>.yaml`, validated by the same code the
 * program runs, so that the sandbox and `pulumi up` build the same pool and the same functions. A bad
 * configuration stops the sandbox with the program's own message.
 */
export function loadSandboxStack(stack: string, projectRoot?: string): SandboxStack {
  const file = readStackConfig(stack, projectRoot);
  const raw: Record<string, unknown> = {};
  for (const [fullKey, value] of Object.entries(file.values)) {
    if (!fullKey.startsWith(NAMESPACE)) continue;
    const key = fullKey.slice(NAMESPACE.length);
    raw[key] = (STRING_CONFIG_KEYS as readonly string[]).includes(key) ? value : jsonOrText(value);
  }
  // Secrets are not configuration: the program reads them apart (see `loadStackSecrets`).
  for (const secret of SECRET_CONFIG_KEYS) delete raw[secret];
  let config: StackConfig;
  try {
    config = parseStackConfig(raw);
  } catch (error) {
    if (error instanceof StackConfigError) throw new StackConfigError(error.problems.map((problem) => `Pulumi.${stack}.yaml: ${problem}`));
    throw error;
  }
  return { name: stack, config, secretKeys: file.secretKeys };
}

function jsonOrText(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}
