import { ContainerModule } from 'inversify';
import {
  ClearLockoutAfterRecovery,
  type AlertAccountOwner,
  RecordSignInAttempt,
  RecordSuccessfulSignIn,
  type AccountKeys,
  type AccountStore,
  type AttemptLedger,
  type AuditTrail,
  type Clock,
  type UserDirectory,
} from '../../../domain';
import type { HandlerConfig } from '../handler-config';
import { TOKENS } from '../tokens';

/** The use cases of sign-in protection; the domain stays free of decorators and containers. */
export const signInProtectionModule = new ContainerModule(({ bind }) => {
  // With its alert on, each sign-in use case gets the alert of `ownerAlertModule`, which its handler loads.
  bind<RecordSignInAttempt>(TOKENS.RecordSignInAttempt)
    .toDynamicValue((context) => {
      const config = context.get<HandlerConfig>(TOKENS.Config);
      return new RecordSignInAttempt(
        context.get<AccountKeys>(TOKENS.AccountKeys),
        context.get<AttemptLedger>(TOKENS.AttemptLedger),
        context.get<AuditTrail>(TOKENS.AuditTrail),
        context.get<UserDirectory>(TOKENS.UserDirectory),
        context.get<Clock>(TOKENS.Clock),
        config.policy,
        config.alerts.accountLocked ? context.get<AlertAccountOwner>(TOKENS.AlertAccountOwner) : undefined,
      );
    })
    .inSingletonScope();
  bind<RecordSuccessfulSignIn>(TOKENS.RecordSuccessfulSignIn)
    .toDynamicValue((context) => {
      const config = context.get<HandlerConfig>(TOKENS.Config);
      return new RecordSuccessfulSignIn(
        context.get<AccountKeys>(TOKENS.AccountKeys),
        context.get<AttemptLedger>(TOKENS.AttemptLedger),
        context.get<AccountStore>(TOKENS.AccountStore),
        context.get<AuditTrail>(TOKENS.AuditTrail),
        context.get<Clock>(TOKENS.Clock),
        config.alerts.newDevice ? context.get<AlertAccountOwner>(TOKENS.AlertAccountOwner) : undefined,
      );
    })
    .inSingletonScope();
  bind<ClearLockoutAfterRecovery>(TOKENS.ClearLockoutAfterRecovery)
    .toResolvedValue(
      (keys: AccountKeys, ledger: AttemptLedger, audit: AuditTrail, clock: Clock) =>
        new ClearLockoutAfterRecovery(keys, ledger, audit, clock),
      [TOKENS.AccountKeys, TOKENS.AttemptLedger, TOKENS.AuditTrail, TOKENS.Clock],
    )
    .inSingletonScope();
});
