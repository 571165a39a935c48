import { KMSClient } from '@aws-sdk/client-kms';
import { requestHandlerOptions, type ClientOptions } from '../aws-client-options';
import { boundByDeadline } from '../invocation-deadline';

/** One client per cold start, from the SDK's default chain (`AWS_REGION`, `AWS_ENDPOINT_URL_KMS`), with short timeouts. */
export function createKmsClient(options: ClientOptions): KMSClient {
  return boundByDeadline(new KMSClient({ maxAttempts: options.maxAttempts, requestHandler: requestHandlerOptions(options) }));
}
