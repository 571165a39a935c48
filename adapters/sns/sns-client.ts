import { SNSClient } from '@aws-sdk/client-sns';
import { requestHandlerOptions, type ClientOptions } from '../aws-client-options';
import { boundByDeadline } from '../invocation-deadline';

/**
 * One client per cold start, from the SDK's default configuration chain (`AWS_REGION`,
 * `AWS_ENDPOINT_URL_SNS`), with short timeouts: a text message is sent inside a trigger, within
 * Cognito's five seconds.
 */
export function createSnsClient(options: ClientOptions): SNSClient {
  return boundByDeadline(new SNSClient({ maxAttempts: options.maxAttempts, requestHandler: requestHandlerOptions(options) }));
}
