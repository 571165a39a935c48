import { SENDER_FIELDS, type LambdaConfigField } from './triggers';

/** Cognito's only version of the custom sender event. */
export const SENDER_LAMBDA_VERSION = 'V1_0';

export type SenderConfig = { readonly lambdaArn: string; readonly lambdaVersion: typeof SENDER_LAMBDA_VERSION };

type SenderField = 'customEmailSender' | 'customSmsSender';

/** A user pool's `lambdaConfig`: each trigger in its field, and the key of the custom senders' codes. */
export type LambdaConfig = Partial<Record<Exclude<LambdaConfigField, SenderField>, string>> &
  Partial<Record<SenderField, SenderConfig>> & { kmsKeyId?: string };

/**
 * Every trigger of the pool in one `lambdaConfig` (Cognito fails concurrent updates of a pool). Most
 * fields take the function's ARN; the custom senders take `{ lambdaArn, lambdaVersion }` and need the
 * key Cognito encrypts their codes with (`kmsKeyId`), which is set only when a sender is.
 */
export function lambdaConfigOf(functions: readonly { readonly field: LambdaConfigField; readonly arn: string }[], keyArn: string): LambdaConfig {
  const config: Record<string, string | SenderConfig> = {};
  for (const { field, arn } of functions) {
    if (config[field] !== undefined) throw new Error(`two functions for lambdaConfig.${field}`);
    config[field] = SENDER_FIELDS.includes(field) ? { lambdaArn: arn, lambdaVersion: SENDER_LAMBDA_VERSION } : arn;
  }
  if (functions.some(({ field }) => SENDER_FIELDS.includes(field))) config['kmsKeyId'] = keyArn;
  return config as LambdaConfig;
}
