import { ContainerModule } from 'inversify';
import {
  ClearLockoutAfterRecovery,
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
  bind<RecordSignInAttempt>(TOKENS.RecordSignInAttempt)
    .toResolvedValue(
      (
        keys: AccountKeys,
        ledger: AttemptLedger,
        audit: AuditTrail,
        directory: UserDirectory,
        clock: Clock,
        config: HandlerConfig,
      ) => new RecordSignInAttempt(keys, ledger, audit, directory, clock, config.policy),
      [TOKENS.AccountKeys, TOKENS.AttemptLedger, TOKENS.AuditTrail, TOKENS.UserDirectory, TOKENS.Clock, TOKENS.Config],
    )
    .inSingletonScope();
  bind<RecordSuccessfulSignIn>(TOKENS.RecordSuccessfulSignIn)
    .toResolvedValue(
      (keys: AccountKeys, ledger: AttemptLedger, accounts: AccountStore, audit: AuditTrail, clock: Clock) =>
        new RecordSuccessfulSignIn(keys, ledger, accounts, audit, clock),
      [TOKENS.AccountKeys, TOKENS.AttemptLedger, TOKENS.AccountStore, TOKENS.AuditTrail, TOKENS.Clock],
    )
    .inSingletonScope();
  bind<ClearLockoutAfterRecovery>(TOKENS.ClearLockoutAfterRecovery)
    .toResolvedValue(
      (keys: AccountKeys, ledger: AttemptLedger, audit: AuditTrail, clock: Clock) =>
        new ClearLockoutAfterRecovery(keys, ledger, audit, clock),
      [TOKENS.AccountKeys, TOKENS.AttemptLedger, TOKENS.AuditTrail, TOKENS.Clock],
    )
    .inSingletonScope();
});
