import { SENDER_FIELDS, type LambdaConfigField } from './triggers';

/** Cognito's only version of the custom sender event. */
export const SENDER_LAMBDA_VERSION = 'V1_0';

export type SenderConfig = { readonly lambdaArn: string; readonly lambdaVersion: typeof SENDER_LAMBDA_VERSION };

/** The pre token generation event the pool sends its function (`gatehouse:claims.eventVersion`). */
export type PreTokenGenerationConfig = { readonly lambdaArn: string; readonly lambdaVersion: 'V1_0' | 'V2_0' };

type SenderField = 'customEmailSender' | 'customSmsSender';

/** A user pool's `lambdaConfig`: each trigger in its field, and the key of the custom senders' codes. */
export type LambdaConfig = Partial<Record<Exclude<LambdaConfigField, SenderField | 'preTokenGeneration'>, string>> &
  Partial<Record<SenderField, SenderConfig>> & { kmsKeyId?: string; preTokenGenerationConfig?: PreTokenGenerationConfig };

/**
 * The event version of the pool's pre token generation trigger: the one place it is decided, for the
 * program's `lambdaConfig` and for the sandbox's pool alike.
 */
export function preTokenGenerationVersion(config: { readonly claims: { readonly eventVersion: 'V1_0' | 'V2_0' } }): 'V1_0' | 'V2_0' {
  return config.claims.eventVersion;
}

/**
 * Every trigger of the pool in one `lambdaConfig` (Cognito fails concurrent updates of a pool). Most
 * fields take the function's ARN; the custom senders take `{ lambdaArn, lambdaVersion }` and need the
 * key Cognito encrypts their codes with (`kmsKeyId`), which is set only when a sender is.
 */
export function lambdaConfigOf(
  functions: readonly { readonly field: LambdaConfigField; readonly arn: string }[],
  keyArn: string,
  tokenEventVersion: PreTokenGenerationConfig['lambdaVersion'] = 'V1_0',
): LambdaConfig {
  const config: Record<string, string | SenderConfig | PreTokenGenerationConfig> = {};
  for (const { field, arn } of functions) {
    if (config[field] !== undefined || (field === 'preTokenGeneration' && config['preTokenGenerationConfig'] !== undefined)) {
      throw new Error(`two functions for lambdaConfig.${field}`);
    }
    if (field === 'preTokenGeneration') {
      // Only the versioned field: the plain `preTokenGeneration` ARN means V1_0 and would override it.
      config['preTokenGenerationConfig'] = { lambdaArn: arn, lambdaVersion: tokenEventVersion };
      continue;
    }
    config[field] = SENDER_FIELDS.includes(field) ? { lambdaArn: arn, lambdaVersion: SENDER_LAMBDA_VERSION } : arn;
  }
  if (functions.some(({ field }) => SENDER_FIELDS.includes(field))) config['kmsKeyId'] = keyArn;
  return config as LambdaConfig;
}
