import type { SFNClient } from '@aws-sdk/client-sfn';
import { ContainerModule } from 'inversify';
import { createSfnClient } from '../../../adapters/sfn/sfn-client';
import { SfnReminderScheduler } from '../../../adapters/sfn/sfn-reminder-scheduler';
import type { ReminderScheduler } from '../../../domain';
import { ConfigurationError, type HandlerConfig } from '../handler-config';
import { TOKENS } from '../tokens';

/** The reminder workflow of unconfirmed sign-ups, started through Step Functions. */
export const remindersModule = new ContainerModule(({ bind }) => {
  bind<SFNClient>(TOKENS.SfnClient)
    .toResolvedValue((config: HandlerConfig) => createSfnClient(config.client), [TOKENS.Config])
    .inSingletonScope();
  bind<ReminderScheduler>(TOKENS.ReminderScheduler)
    .toResolvedValue(
      (client: SFNClient, config: HandlerConfig) => {
        if (!config.reminders) throw new ConfigurationError('the reminder workflow is off (REMINDER_STATE_MACHINE_ARN is empty)');
        return new SfnReminderScheduler(client, { ...config.reminders, auditRetentionDays: config.auditRetentionDays });
      },
      [TOKENS.SfnClient, TOKENS.Config],
    )
    .inSingletonScope();
});
