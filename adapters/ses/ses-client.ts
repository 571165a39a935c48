import { SESClient } from '@aws-sdk/client-ses';
import { requestHandlerOptions, type ClientOptions } from '../aws-client-options';
import { boundByDeadline } from '../invocation-deadline';

/**
 * One client per cold start, from the SDK's default configuration chain (`AWS_REGION`,
 * `AWS_ENDPOINT_URL_SES`), with short timeouts. The v1 API: its `SendEmail` takes both bodies and a
 * charset each, and the stack's identity and configuration set need nothing more.
 */
export function createSesClient(options: ClientOptions): SESClient {
  return boundByDeadline(new SESClient({ maxAttempts: options.maxAttempts, requestHandler: requestHandlerOptions(options) }));
}
