import { ContainerModule } from 'inversify';
import {
  ClearLockoutAfterRecovery,
  RecordSignInAttempt,
  RecordSuccessfulSignIn,
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
      (ledger: AttemptLedger, audit: AuditTrail, directory: UserDirectory, clock: Clock, config: HandlerConfig) =>
        new RecordSignInAttempt(ledger, audit, directory, clock, config.policy),
      [TOKENS.AttemptLedger, TOKENS.AuditTrail, TOKENS.UserDirectory, TOKENS.Clock, TOKENS.Config],
    )
    .inSingletonScope();
  bind<RecordSuccessfulSignIn>(TOKENS.RecordSuccessfulSignIn)
    .toResolvedValue(
      (ledger: AttemptLedger, accounts: AccountStore, audit: AuditTrail, clock: Clock) =>
        new RecordSuccessfulSignIn(ledger, accounts, audit, clock),
      [TOKENS.AttemptLedger, TOKENS.AccountStore, TOKENS.AuditTrail, TOKENS.Clock],
    )
    .inSingletonScope();
  bind<ClearLockoutAfterRecovery>(TOKENS.ClearLockoutAfterRecovery)
    .toResolvedValue(
      (ledger: AttemptLedger, audit: AuditTrail, clock: Clock) => new ClearLockoutAfterRecovery(ledger, audit, clock),
      [TOKENS.AttemptLedger, TOKENS.AuditTrail, TOKENS.Clock],
    )
    .inSingletonScope();
});
