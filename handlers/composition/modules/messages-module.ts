import { ContainerModule } from 'inversify';
import { CODE_MESSAGE_TEMPLATES } from '../../../adapters/templates/code-message-templates';
import { MustacheCodeMessages } from '../../../adapters/templates/mustache-code-messages';
import { withOverrides, type TemplateOverrides } from '../../../adapters/templates/template-overrides';
import { PersonaliseCodeMessage, type CodeMessageTemplates } from '../../../domain';
import type { HandlerConfig } from '../handler-config';
import { TOKENS } from '../tokens';

/** The pool's own messages written from the stack's templates (CustomMessage). */
export const messagesModule = new ContainerModule(({ bind }) => {
  bind<CodeMessageTemplates>(TOKENS.CodeMessageTemplates)
    .toResolvedValue(
      (config: HandlerConfig, overrides: TemplateOverrides) =>
        new MustacheCodeMessages({ defaultLocale: config.mail.defaultLocale }, withOverrides(CODE_MESSAGE_TEMPLATES, overrides)),
      [TOKENS.Config, TOKENS.TemplateOverrides],
    )
    .inSingletonScope();
  bind<PersonaliseCodeMessage>(TOKENS.PersonaliseCodeMessage)
    .toResolvedValue(
      (templates: CodeMessageTemplates, config: HandlerConfig) =>
        new PersonaliseCodeMessage(templates, {
          appName: config.mail.appName,
          email: config.messages.email === 'custom-message',
          sms: config.messages.sms === 'custom-message',
        }),
      [TOKENS.CodeMessageTemplates, TOKENS.Config],
    )
    .inSingletonScope();
});
