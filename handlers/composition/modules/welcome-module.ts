import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ContainerModule } from 'inversify';
import { DynamoDbOnceOnly } from '../../../adapters/dynamodb/dynamodb-once-only';
import {
  WelcomeConfirmedAccount,
  type AccountKeys,
  type AccountStore,
  type Clock,
  type Mailer,
  type MessageTemplates,
  type OnceOnly,
} from '../../../domain';
import type { HandlerConfig } from '../handler-config';
import { TOKENS } from '../tokens';

/**
 * How long a sent welcome keeps later deliveries of its event away: Cognito's retries take seconds;
 * a week leaves room for anything that replays the event later.
 */
export const WELCOME_ONCE_SECONDS = 7 * 86_400;

/**
 * The confirmed sign-up (needs `accountKeysModule`, `dynamoDbModule`, and `mailModule` when the stack
 * sends a welcome): the account record, and the welcome mail once per user.
 */
export const welcomeModule = new ContainerModule(({ bind }) => {
  bind<OnceOnly>(TOKENS.OnceOnly)
    .toResolvedValue(
      (client: DynamoDBClient, config: HandlerConfig) =>
        new DynamoDbOnceOnly(client, { tableName: config.tableName, purpose: 'welcome-mail', expiresAfterSeconds: WELCOME_ONCE_SECONDS }),
      [TOKENS.DynamoDbClient, TOKENS.Config],
    )
    .inSingletonScope();
  bind<WelcomeConfirmedAccount>(TOKENS.WelcomeConfirmedAccount)
    .toDynamicValue((context) => {
      const config = context.get<HandlerConfig>(TOKENS.Config);
      const mail = config.mail.welcome
        ? {
            mailer: context.get<Mailer>(TOKENS.Mailer),
            templates: context.get<MessageTemplates>(TOKENS.MessageTemplates),
            once: context.get<OnceOnly>(TOKENS.OnceOnly),
            appName: config.mail.appName,
          }
        : undefined;
      return new WelcomeConfirmedAccount(
        context.get<AccountKeys>(TOKENS.AccountKeys),
        context.get<AccountStore>(TOKENS.AccountStore),
        context.get<Clock>(TOKENS.Clock),
        mail,
      );
    })
    .inSingletonScope();
});
