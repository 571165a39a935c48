import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ContainerModule, type Container } from 'inversify';
import { DynamoDbOnceOnly } from '../../../adapters/dynamodb/dynamodb-once-only';
import { AlertAccountOwner, type AlertMessages, type Mailer, type OnceOnly, type OwnerAlertName } from '../../../domain';
import type { HandlerConfig } from '../handler-config';
import { readMailSecret } from './mail-module';
import { TOKENS } from '../tokens';
import { bindAlertMessages } from './template-bindings';

/**
 * How long an alert's once-only record keeps later deliveries away. A lock alert is keyed on its lock,
 * so its record only has to outlast Cognito's retries of the attempt that engaged it (seconds): a day is
 * ample. A new-device alert has nothing in the event that tells two sign-ins apart, so its record (one
 * per account) sets the pace: a retry finds it, and so does another new device within a quarter of an
 * hour, whose alert would tell the owner nothing the first did not — as for the account-takeover notice.
 */
export const ALERT_ONCE_SECONDS: Readonly<Record<OwnerAlertName, number>> = {
  'account-locked': 86_400,
  'new-device': 900,
};

/**
 * One alert to the account's owner (needs `dynamoDbModule` and `mailModule`): the alert templates, the
 * stack's mailer and a once-only record of the alert's own on the single table. Resolved only when the
 * stack turns the alert on (`sign-in-protection-module` asks for it then).
 */
export function ownerAlertModule(alert: OwnerAlertName): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bindAlertMessages(bind);
    bind<OnceOnly>(TOKENS.AlertOnceOnly)
      .toResolvedValue(
        (client: DynamoDBClient, config: HandlerConfig) =>
          new DynamoDbOnceOnly(client, { tableName: config.tableName, purpose: alert, expiresAfterSeconds: ALERT_ONCE_SECONDS[alert] }),
        [TOKENS.DynamoDbClient, TOKENS.Config],
      )
      .inSingletonScope();
    bind<AlertAccountOwner>(TOKENS.AlertAccountOwner)
      .toResolvedValue(
        (mailer: Mailer, templates: AlertMessages, once: OnceOnly, config: HandlerConfig) =>
          new AlertAccountOwner(mailer, templates, once, { appName: config.mail.appName }),
        [TOKENS.Mailer, TOKENS.AlertMessages, TOKENS.AlertOnceOnly, TOKENS.Config],
      )
      .inSingletonScope();
  });
}

/** Whether this stack sends the alert. */
export function alertsOn(config: HandlerConfig, alert: OwnerAlertName): boolean {
  return alert === 'account-locked' ? config.alerts.accountLocked : config.alerts.newDevice;
}

/**
 * Starts reading the mail provider's secret while the function initialises, when the stack sends the
 * alert (a send that first waited for the secret would take longer out of Cognito's five seconds).
 */
export function readAlertSecret(container: Container, alert: OwnerAlertName): Promise<unknown> {
  return alertsOn(container.get<HandlerConfig>(TOKENS.Config), alert) ? readMailSecret(container) : Promise.resolve();
}
