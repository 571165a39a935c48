import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ContainerModule } from 'inversify';
import { TimerPause } from '../../../adapters/clock/timer-pause';
import { RandomLinkSecrets } from '../../../adapters/crypto/random-link-secrets';
import { DynamoDbMagicLinks } from '../../../adapters/dynamodb/dynamodb-magic-links';
import {
  CreateMagicLinkChallenge,
  VerifyMagicLinkAnswer,
  type AccountKeys,
  type Clock,
  type LinkSecrets,
  type MagicLinkPolicy,
  type MagicLinkStore,
  type Mailer,
  type MessageTemplates,
  type Pause,
  type RecordSignInAttempt,
} from '../../../domain';
import { ConfigurationError, type HandlerConfig } from '../handler-config';
import { TOKENS } from '../tokens';

function policyOf(config: HandlerConfig): MagicLinkPolicy {
  if (config.passwordless === undefined) throw new ConfigurationError('the stack has sign-in by link off (PASSWORDLESS_ENABLED is not true)');
  return config.passwordless;
}

/**
 * Sign-in by magic link: the use cases of CreateAuthChallenge and VerifyAuthChallengeResponse (needs
 * `accountKeysModule`, `dynamoDbModule` and `signInProtectionModule`, since every answer and every link
 * request is a sign-in attempt; and `mailModule`, resolved only by CreateAuthChallenge).
 */
export const magicLinkModule = new ContainerModule(({ bind }) => {
  bind<MagicLinkStore>(TOKENS.MagicLinkStore)
    .toResolvedValue((client: DynamoDBClient, config: HandlerConfig) => new DynamoDbMagicLinks(client, { tableName: config.tableName }), [
      TOKENS.DynamoDbClient,
      TOKENS.Config,
    ])
    .inSingletonScope();
  bind<LinkSecrets>(TOKENS.LinkSecrets).toConstantValue(new RandomLinkSecrets());
  bind<Pause>(TOKENS.Pause).toConstantValue(new TimerPause());
  bind<CreateMagicLinkChallenge>(TOKENS.CreateMagicLinkChallenge)
    .toDynamicValue((context) => {
      const config = context.get<HandlerConfig>(TOKENS.Config);
      return new CreateMagicLinkChallenge(
        context.get<AccountKeys>(TOKENS.AccountKeys),
        context.get<MagicLinkStore>(TOKENS.MagicLinkStore),
        context.get<LinkSecrets>(TOKENS.LinkSecrets),
        context.get<RecordSignInAttempt>(TOKENS.RecordSignInAttempt),
        context.get<Clock>(TOKENS.Clock),
        context.get<Pause>(TOKENS.Pause),
        policyOf(config),
        {
          mailer: context.get<Mailer>(TOKENS.Mailer),
          templates: context.get<MessageTemplates>(TOKENS.MessageTemplates),
          appName: config.mail.appName,
        },
      );
    })
    .inSingletonScope();
  bind<VerifyMagicLinkAnswer>(TOKENS.VerifyMagicLinkAnswer)
    .toResolvedValue(
      (config: HandlerConfig, keys: AccountKeys, links: MagicLinkStore, secrets: LinkSecrets, attempts: RecordSignInAttempt, clock: Clock) => {
        // It needs none of the policy, but answers only on a stack that has sign-in by link on.
        policyOf(config);
        return new VerifyMagicLinkAnswer(keys, links, secrets, attempts, clock);
      },
      [TOKENS.Config, TOKENS.AccountKeys, TOKENS.MagicLinkStore, TOKENS.LinkSecrets, TOKENS.RecordSignInAttempt, TOKENS.Clock],
    )
    .inSingletonScope();
});
