import { compositionRoot } from './composition/composition-root';
import { dynamoDbModule } from './composition/modules/dynamodb-module';
import { readTextSecret, smsSenderModule } from './composition/modules/senders-module';
import { ssmModule } from './composition/modules/ssm-module';
import { createCustomSenderHandler } from './senders/custom-sender';

/**
 * CustomSMSSender: the pool's text messages (codes, temporary passwords) written from the stack's
 * templates and sent through the stack's SMS provider (SNS or Twilio). Cognito spells its sources both
 * `CustomSMSSender_…` and `CustomSmsSender_…`.
 */
export function createCustomSmsSenderHandler(composition: Parameters<typeof createCustomSenderHandler>[1]) {
  return createCustomSenderHandler(
    { trigger: 'CustomSMSSender', prefixes: ['CustomSMSSender', 'CustomSmsSender'], recipientAttribute: 'phone_number' },
    composition,
  );
}

export const handler = createCustomSmsSenderHandler(
  compositionRoot([ssmModule, dynamoDbModule, ...smsSenderModule], { warmUp: readTextSecret }),
);
