import { Logger } from '@aws-lambda-powertools/logger';
import sinon from 'sinon';
import type { ContainerModule } from 'inversify';
import {
  DEFAULT_SIGN_IN_PROTECTION,
  NO_ATTEMPTS,
  OPEN_SIGN_UP,
  type AccountKeys,
  type AccountStore,
  type AttemptLedger,
  type AuditTrail,
  type Clock,
  type HumanVerdict,
  type HumanVerifier,
  type Mailer,
  type MessageTemplates,
  type ReminderScheduler,
  type SignInProtectionPolicy,
  type UserDirectory,
} from '../../domain';
import { InMemoryOnceOnly } from './fakes/in-memory-once-only';
import type { TriggerMetrics } from '../../handlers/boundary/trigger-metrics';
import type { Composition } from '../../handlers/composition/composition-root';
import { buildContainer } from '../../handlers/composition/composition-root';
import type { HandlerConfig } from '../../handlers/composition/handler-config';
import { signInProtectionModule } from '../../handlers/composition/modules/sign-in-protection-module';
import { signUpModule } from '../../handlers/composition/modules/sign-up-module';
import { welcomeModule } from '../../handlers/composition/modules/welcome-module';
import { TOKENS } from '../../handlers/composition/tokens';

export const NOW = Date.parse('2026-11-23T10:00:00Z');

/** sinon fakes of every port, with the answers of a healthy store and a fresh account. */
export function fakePorts() {
  const ledger = {
    countAttempt: sinon.stub<Parameters<AttemptLedger['countAttempt']>, ReturnType<AttemptLedger['countAttempt']>>(),
    engageLock: sinon.stub<Parameters<AttemptLedger['engageLock']>, ReturnType<AttemptLedger['engageLock']>>(),
    withdrawResetRequirement: sinon.stub<Parameters<AttemptLedger['withdrawResetRequirement']>, Promise<void>>(),
    clearAfterSuccess: sinon.stub<Parameters<AttemptLedger['clearAfterSuccess']>, Promise<void>>(),
    clearAfterRecovery: sinon.stub<Parameters<AttemptLedger['clearAfterRecovery']>, Promise<void>>(),
  };
  ledger.countAttempt.resolves({
    outcome: 'counted',
    state: { ...NO_ATTEMPTS, attemptsInWindow: 1, windowStartedAt: NOW, streak: 1 },
  });
  ledger.engageLock.resolves(true);
  ledger.withdrawResetRequirement.resolves();
  ledger.clearAfterSuccess.resolves();
  ledger.clearAfterRecovery.resolves();
  const audit = { record: sinon.stub<Parameters<AuditTrail['record']>, Promise<void>>().resolves() };
  const accounts = {
    recordSignIn: sinon.stub<Parameters<AccountStore['recordSignIn']>, Promise<void>>().resolves(),
    recordConfirmation: sinon
      .stub<Parameters<AccountStore['recordConfirmation']>, ReturnType<AccountStore['recordConfirmation']>>()
      .resolves('created'),
  };
  const verifier = { verify: sinon.stub<Parameters<HumanVerifier['verify']>, Promise<HumanVerdict>>().resolves({ outcome: 'passed' }) };
  const scheduler = {
    schedule: sinon.stub<Parameters<ReminderScheduler['schedule']>, ReturnType<ReminderScheduler['schedule']>>().resolves('started'),
  };
  const mailer = { send: sinon.stub<Parameters<Mailer['send']>, Promise<void>>().resolves() };
  const templates: MessageTemplates = {
    renderMail: (name, locale, values) => ({
      subject: `${name} ${values['appName']}`,
      html: `<p>${values['name']}</p>`,
      text: values['name'] ?? '',
      locale: locale ?? 'en',
    }),
  };
  const once = new InMemoryOnceOnly();
  const directory = {
    requirePasswordReset: sinon.stub<Parameters<UserDirectory['requirePasswordReset']>, Promise<void>>().resolves(),
  };
  const clock: Clock = { now: () => NOW };
  // Keys are the normalised username, so assertions can name accounts (the real keys are a keyed hash).
  const keys = {
    refFor: sinon.stub<Parameters<AccountKeys['refFor']>, ReturnType<AccountKeys['refFor']>>().callsFake(async (username) => ({
      key: username,
    })),
  };
  return { keys, ledger, audit, accounts, directory, clock, verifier, scheduler, mailer, templates, once };
}

export type FakePorts = ReturnType<typeof fakePorts>;

export function testConfig(policy: Partial<SignInProtectionPolicy> = {}): HandlerConfig {
  return {
    tableName: 'gatehouse-test',
    accountKeyParameter: '/gatehouse/test/account-key',
    policy: { ...DEFAULT_SIGN_IN_PROTECTION, ...policy },
    auditRetentionDays: 90,
    signUp: OPEN_SIGN_UP,
    extraDisposableDomains: [],
    client: { timeoutMs: 1000, maxAttempts: 2 },
    mail: { welcome: false, appName: 'Gatehouse', defaultLocale: 'en', provider: 'ses' },
    alerts: { accountLocked: false, newDevice: false },
    messages: { email: 'cognito', sms: 'cognito' },
    sms: { provider: 'sns' },
    claims: { eventVersion: 'V1_0', scopes: [], suppress: [] },
  };
}

/** A silent Powertools logger whose methods are spied on. */
export function spiedLogger() {
  const logger = new Logger({ serviceName: 'gatehouse-test', logLevel: 'SILENT' });
  return {
    logger,
    info: sinon.spy(logger, 'info'),
    warn: sinon.spy(logger, 'warn'),
    error: sinon.spy(logger, 'error'),
    /** Everything logged, as one string, to search for what must never appear. */
    everything: () =>
      JSON.stringify(
        [logger.info, logger.warn, logger.error].flatMap((method) => (method as sinon.SinonSpy).args),
        (_key, value: unknown) => (value instanceof Error ? { name: value.name, message: value.message } : value),
      ),
  };
}

/** Metrics that remember what the boundary counted, in order. */
export function recordingMetrics() {
  const counted: { name: 'Invocations' | 'Incidents'; dimensions: Record<string, string> }[] = [];
  const metrics: TriggerMetrics = {
    flow: (trigger, result, outcome) => void counted.push({ name: 'Invocations', dimensions: { trigger, result, outcome: outcome ?? 'none' } }),
    incident: (trigger, code) => void counted.push({ name: 'Incidents', dimensions: { trigger, incident: code } }),
  };
  return { metrics, counted };
}

/** Which modules compose the handlers under test, and the fakes of ports only they need. */
export interface FakeComposition {
  readonly modules?: readonly ContainerModule[];
  readonly extraFakes?: readonly [symbol, unknown][];
}

/** The real composition (use cases, boundary) with every port bound to a fake. */
export function composeWithFakes(ports: FakePorts, config: HandlerConfig = testConfig(), options: FakeComposition = {}) {
  const log = spiedLogger();
  const container = buildContainer(config, log.logger, options.modules ?? [signInProtectionModule, signUpModule, welcomeModule]);
  // The fakes replace whatever the modules bind for each port (the welcome module binds the once-only store).
  const fakes: [symbol, unknown][] = [
    [TOKENS.AccountKeys, ports.keys],
    [TOKENS.AttemptLedger, ports.ledger],
    [TOKENS.AuditTrail, ports.audit],
    [TOKENS.AccountStore, ports.accounts],
    [TOKENS.UserDirectory, ports.directory],
    [TOKENS.HumanVerifier, ports.verifier],
    [TOKENS.ReminderScheduler, ports.scheduler],
    [TOKENS.Mailer, ports.mailer],
    [TOKENS.MessageTemplates, ports.templates],
    [TOKENS.OnceOnly, ports.once],
    [TOKENS.Clock, ports.clock],
    ...(options.extraFakes ?? []),
  ];
  for (const [token, fake] of fakes) {
    if (container.isBound(token)) container.rebind(token).toConstantValue(fake);
    else container.bind(token).toConstantValue(fake);
  }
  const { metrics, counted } = recordingMetrics();
  const composition: Composition = { logger: log.logger, metrics, container: () => container };
  return { composition, log, counted };
}

export async function failureOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a failure, got a success');
}
