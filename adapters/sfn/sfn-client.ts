import { SFNClient } from '@aws-sdk/client-sfn';
import { requestHandlerOptions, type ClientOptions } from '../aws-client-options';
import { boundByDeadline } from '../invocation-deadline';

/**
 * One client per cold start, from the SDK's default configuration chain (`AWS_REGION`,
 * `AWS_ENDPOINT_URL_SFN`), with short timeouts.
 */
export function createSfnClient(options: ClientOptions): SFNClient {
  return boundByDeadline(new SFNClient({ maxAttempts: options.maxAttempts, requestHandler: requestHandlerOptions(options) }));
}
