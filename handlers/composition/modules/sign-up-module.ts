import { ContainerModule } from 'inversify';
import { ListedDisposableDomains } from '../../../adapters/disposable/listed-disposable-domains';
import {
  ScreenSignUp,
  type AccountKeys,
  type Clock,
  type DisposableDomains,
  type HumanVerifier,
  type ReminderScheduler,
} from '../../../domain';
import type { HandlerConfig } from '../handler-config';
import { TOKENS } from '../tokens';

/**
 * Sign-up screening: the throw-away list bundled from npm plus the stack's own entries, and the use
 * case, with the captcha and the reminder workflow when the stack has them. Those come from
 * `captchaModule` and `remindersModule` (and `accountKeysModule`), resolved only when configured.
 */
export const signUpModule = new ContainerModule(({ bind }) => {
  bind<DisposableDomains>(TOKENS.DisposableDomains)
    .toResolvedValue((config: HandlerConfig) => new ListedDisposableDomains(config.extraDisposableDomains), [TOKENS.Config])
    .inSingletonScope();
  bind<ScreenSignUp>(TOKENS.ScreenSignUp)
    .toDynamicValue((context) => {
      const config = context.get<HandlerConfig>(TOKENS.Config);
      const disposable = context.get<DisposableDomains>(TOKENS.DisposableDomains);
      return new ScreenSignUp(disposable, config.signUp, {
        ...(config.captcha
          ? {
              humanCheck: {
                verifier: context.get<HumanVerifier>(TOKENS.HumanVerifier),
                whenUnavailable: config.captcha.whenUnavailable,
              },
            }
          : {}),
        ...(config.reminders
          ? {
              reminders: {
                scheduler: context.get<ReminderScheduler>(TOKENS.ReminderScheduler),
                keys: context.get<AccountKeys>(TOKENS.AccountKeys),
                clock: context.get<Clock>(TOKENS.Clock),
              },
            }
          : {}),
      });
    })
    .inSingletonScope();
});
