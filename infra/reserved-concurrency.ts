import type { StackConfig } from './config-schema';
import type { TriggerDefinition } from './triggers';

/**
 * The executions a stack reserves for a trigger (`gatehouse:operations.reservedConcurrency`, keyed by its
 * `lambdaConfig` field), or undefined: the function shares the account's unreserved pool.
 */
export function reservedConcurrencyOf(trigger: TriggerDefinition, config: StackConfig): number | undefined {
  const reservations: Readonly<Record<string, number | undefined>> = config.operations.reservedConcurrency;
  return reservations[trigger.lambdaConfigField];
}
