import { SSMClient } from '@aws-sdk/client-ssm';
import { requestHandlerOptions, type ClientOptions } from '../aws-client-options';
import { boundByDeadline } from '../invocation-deadline';

/**
 * One client per cold start, from the SDK's default configuration chain (`AWS_REGION`,
 * `AWS_ENDPOINT_URL_SSM`), with short timeouts.
 */
export function createSsmClient(options: ClientOptions): SSMClient {
  return boundByDeadline(new SSMClient({ maxAttempts: options.maxAttempts, requestHandler: requestHandlerOptions(options) }));
}
