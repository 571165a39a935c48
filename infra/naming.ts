import type { TriggerDefinition } from './triggers';

/** Lambda function names: letters, digits, hyphens and underscores, at most 64 characters. */
const FUNCTION_NAME = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * The prefix of the names Gatehouse gives resources in AWS (`gatehouse-dev`): function names must be
 * known before the functions exist, because their log groups are named after them.
 */
export function physicalPrefix(name: string, stack: string, triggers: readonly TriggerDefinition[]): string {
  const prefix = `${name}-${stack}`;
  for (const trigger of triggers) {
    const functionName = triggerFunctionName(prefix, trigger);
    if (!FUNCTION_NAME.test(functionName)) {
      throw new Error(
        `stack "${stack}" gives the function name "${functionName}", which Lambda refuses ` +
          '(letters, digits, "-" and "_" only, at most 64 characters): choose a shorter or simpler stack name',
      );
    }
  }
  return prefix;
}

export function triggerFunctionName(prefix: string, trigger: TriggerDefinition): string {
  return `${prefix}-${trigger.name}`;
}
