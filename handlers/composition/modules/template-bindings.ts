import type { ContainerModuleLoadOptions } from 'inversify';
import { ALERT_TEMPLATES } from '../../../adapters/templates/alert-templates';
import { CODE_MESSAGE_TEMPLATES } from '../../../adapters/templates/code-message-templates';
import { MustacheAlertMessages } from '../../../adapters/templates/mustache-alert-messages';
import { MustacheCodeMessages } from '../../../adapters/templates/mustache-code-messages';
import { withOverrides, type TemplateOverrides } from '../../../adapters/templates/template-overrides';
import type { AlertMessages, CodeMessageTemplates } from '../../../domain';
import type { HandlerConfig } from '../handler-config';
import { TOKENS } from '../tokens';

type Bind = ContainerModuleLoadOptions['bind'];

/** The pool's code messages, built in and overridden by the stack's own templates (CustomMessage and the senders). */
export function bindCodeMessages(bind: Bind): void {
  bind<CodeMessageTemplates>(TOKENS.CodeMessageTemplates)
    .toResolvedValue(
      (config: HandlerConfig, overrides: TemplateOverrides) =>
        new MustacheCodeMessages({ defaultLocale: config.mail.defaultLocale }, withOverrides(CODE_MESSAGE_TEMPLATES, overrides)),
      [TOKENS.Config, TOKENS.TemplateOverrides],
    )
    .inSingletonScope();
}

/** The alerts to an account's owner, built in and overridden by the stack's own templates (the sign-in alerts and the senders' notice). */
export function bindAlertMessages(bind: Bind): void {
  bind<AlertMessages>(TOKENS.AlertMessages)
    .toResolvedValue(
      (config: HandlerConfig, overrides: TemplateOverrides) =>
        new MustacheAlertMessages({ defaultLocale: config.mail.defaultLocale }, withOverrides(ALERT_TEMPLATES, overrides)),
      [TOKENS.Config, TOKENS.TemplateOverrides],
    )
    .inSingletonScope();
}
