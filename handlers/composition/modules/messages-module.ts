import { ContainerModule } from 'inversify';
import { PersonaliseCodeMessage, type CodeMessageTemplates } from '../../../domain';
import type { HandlerConfig } from '../handler-config';
import { TOKENS } from '../tokens';
import { bindCodeMessages } from './template-bindings';

/** The pool's own messages written from the stack's templates (CustomMessage). */
export const messagesModule = new ContainerModule(({ bind }) => {
  bindCodeMessages(bind);
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
