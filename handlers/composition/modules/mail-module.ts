import type { SESClient } from '@aws-sdk/client-ses';
import type { SSMClient } from '@aws-sdk/client-ssm';
import { ContainerModule, type Container } from 'inversify';
import { SsmSecret } from '../../../adapters/ssm/ssm-secret';
import { MAIL_TEMPLATES } from '../../../adapters/templates/mail-templates';
import { MustacheMessageTemplates } from '../../../adapters/templates/mustache-message-templates';
import { withOverrides, type TemplateOverrides } from '../../../adapters/templates/template-overrides';
import type { Mailer, MessageTemplates } from '../../../domain';
import { ConfigurationError, type HandlerConfig } from '../handler-config';
import { TOKENS } from '../tokens';
import { mailProviders } from './mail-providers';

function senderOf(config: HandlerConfig): string {
  if (config.mail.from === undefined) throw new ConfigurationError('the stack names no sender (MAIL_FROM is empty)');
  return config.mail.from;
}

/**
 * Gatehouse's own mail (needs `ssmModule` for an SMTP password or a SendGrid key): the stack's provider
 * — SES as the stack's identity, its SMTP server, or SendGrid — and the message templates. Resolved only
 * when mail is sent.
 */
export const mailModule = new ContainerModule(({ bind }) => {
  bind<SESClient>(TOKENS.SesClient)
    .toResolvedValue((config: HandlerConfig) => mailProviders.ses().createSesClient(config.client), [TOKENS.Config])
    .inSingletonScope();
  bind<SsmSecret>(TOKENS.SmtpPassword)
    .toResolvedValue(
      (client: SSMClient, config: HandlerConfig) => {
        const parameter = config.mail.smtp?.passwordParameter;
        if (parameter === undefined) throw new ConfigurationError('the stack has no SMTP password (SMTP_PASSWORD_PARAMETER is empty)');
        return new SsmSecret(client, parameter);
      },
      [TOKENS.SsmClient, TOKENS.Config],
    )
    .inSingletonScope();
  bind<SsmSecret>(TOKENS.SendGridApiKey)
    .toResolvedValue(
      (client: SSMClient, config: HandlerConfig) => {
        const parameter = config.mail.sendgrid?.apiKeyParameter;
        if (parameter === undefined) throw new ConfigurationError('the stack has no SendGrid key (SENDGRID_API_KEY_PARAMETER is empty)');
        return new SsmSecret(client, parameter);
      },
      [TOKENS.SsmClient, TOKENS.Config],
    )
    .inSingletonScope();
  bind<Mailer>(TOKENS.Mailer)
    .toDynamicValue((context) => {
      const config = context.get<HandlerConfig>(TOKENS.Config);
      const from = senderOf(config);
      const replyTo = config.mail.replyTo;
      const { smtp, sendgrid } = config.mail;
      if (config.mail.provider === 'sendgrid' && sendgrid !== undefined) {
        const apiKey = context.get<SsmSecret>(TOKENS.SendGridApiKey);
        const { SendGridMailer } = mailProviders.sendgrid();
        return new SendGridMailer({
          apiKey: () => apiKey.value(),
          from,
          ...(replyTo ? { replyTo } : {}),
          timeoutMs: config.client.timeoutMs,
          ...(sendgrid.endpoint ? { endpoint: sendgrid.endpoint } : {}),
        });
      }
      if (config.mail.provider === 'ses' || smtp === undefined) {
        const { SesMailer } = mailProviders.ses();
        return new SesMailer(context.get<SESClient>(TOKENS.SesClient), { from, ...(replyTo ? { replyTo } : {}) });
      }
      const password = smtp.username === undefined ? undefined : context.get<SsmSecret>(TOKENS.SmtpPassword);
      const { SmtpMailer } = mailProviders.smtp();
      return new SmtpMailer({
        host: smtp.host,
        port: smtp.port,
        security: smtp.security,
        ...(smtp.username === undefined ? {} : { username: smtp.username }),
        ...(password ? { password: () => password.value() } : {}),
        from,
        ...(replyTo ? { replyTo } : {}),
        timeoutMs: config.client.timeoutMs,
      });
    })
    .inSingletonScope();
  bind<MessageTemplates>(TOKENS.MessageTemplates)
    .toResolvedValue(
      (config: HandlerConfig, overrides: TemplateOverrides) =>
        new MustacheMessageTemplates({ defaultLocale: config.mail.defaultLocale }, withOverrides(MAIL_TEMPLATES, overrides)),
      [TOKENS.Config, TOKENS.TemplateOverrides],
    )
    .inSingletonScope();
});

/** Starts reading the mail provider's secret, when the stack's has one, while the function initialises. */
export function readMailSecret(container: Container): Promise<unknown> {
  const config = container.get<HandlerConfig>(TOKENS.Config);
  if (config.mail.provider === 'sendgrid' && config.mail.sendgrid !== undefined) return container.get<SsmSecret>(TOKENS.SendGridApiKey).value();
  if (config.mail.provider !== 'smtp' || config.mail.smtp?.passwordParameter === undefined) return Promise.resolve();
  return container.get<SsmSecret>(TOKENS.SmtpPassword).value();
}
