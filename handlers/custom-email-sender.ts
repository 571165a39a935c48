import { compositionRoot } from './composition/composition-root';
import { dynamoDbModule } from './composition/modules/dynamodb-module';
import { mailModule, readMailSecret } from './composition/modules/mail-module';
import { emailSenderModule } from './composition/modules/senders-module';
import { ssmModule } from './composition/modules/ssm-module';
import { createCustomSenderHandler } from './senders/custom-sender';

/**
 * CustomEmailSender: the pool's emails (codes, temporary passwords) written from the stack's templates
 * and sent through the stack's mail provider (SES, SMTP or SendGrid).
 */
export function createCustomEmailSenderHandler(composition: Parameters<typeof createCustomSenderHandler>[1]) {
  return createCustomSenderHandler({ trigger: 'CustomEmailSender', prefixes: ['CustomEmailSender'], recipientAttribute: 'email' }, composition);
}

export const handler = createCustomEmailSenderHandler(
  compositionRoot([ssmModule, dynamoDbModule, mailModule, ...emailSenderModule], { warmUp: readMailSecret }),
);
