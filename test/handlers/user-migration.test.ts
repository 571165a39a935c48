import { expect } from 'chai';
import sinon from 'sinon';
import {
  DEFAULT_MIGRATION_POLICY,
  LegacyDirectoryUnavailableError,
  StoreRejectedError,
  type LegacyAuthentication,
  type LegacyLookUp,
  type LockReader,
} from '../../domain';
import { GENERIC_FAILURE_MESSAGE } from '../../handlers/boundary/cognito-trigger';
import { buildContainer, type Composition } from '../../handlers/composition/composition-root';
import type { HandlerConfig } from '../../handlers/composition/handler-config';
import { migrationModule } from '../../handlers/composition/modules/migration-module';
import { TOKENS } from '../../handlers/composition/tokens';
import { createUserMigrationHandler } from '../../handlers/user-migration';
import { unknownUserPreAuthenticationEvent, userMigrationAuthenticationEvent, userMigrationForgotPasswordEvent } from '../support/cognito-events';
import { failureOf, fakePorts, NOW, recordingMetrics, spiedLogger, testConfig } from '../support/handler-harness';

const PASSWORD = 'Legacy-Password-7';
const ALICE = { email: 'alice@example.com', emailVerified: true, attributes: { given_name: 'Alice', family_name: 'Liddell', role: 'admin' } };

function setup(config: HandlerConfig = { ...testConfig(), migration: { policy: DEFAULT_MIGRATION_POLICY, legacy: { source: 'cognito', userPoolId: 'eu-west-1_Old', region: 'eu-west-1', clientId: 'legacy-client' } } }) {
  const ports = fakePorts();
  const locks = { isLocked: sinon.stub<Parameters<LockReader['isLocked']>, Promise<boolean>>().resolves(false) };
  const legacy = {
    authenticate: sinon.stub<[string, string], Promise<LegacyAuthentication>>().resolves({ outcome: 'authenticated', user: ALICE }),
    lookUp: sinon.stub<[string], Promise<LegacyLookUp>>().resolves({ outcome: 'found', user: ALICE }),
  };
  const log = spiedLogger();
  const container = buildContainer(config, log.logger, [migrationModule]);
  container.bind(TOKENS.AccountKeys).toConstantValue(ports.keys);
  container.rebind(TOKENS.LockReader).toConstantValue(locks);
  container.rebind(TOKENS.LegacyDirectory).toConstantValue(legacy);
  container.rebind(TOKENS.Clock).toConstantValue(ports.clock);
  const { metrics, counted } = recordingMetrics();
  const composition: Composition = { logger: log.logger, metrics, container: () => container };
  return { handler: createUserMigrationHandler(composition), locks, legacy, log, counted };
}

describe('handlers/user-migration', () => {
  it('hands Cognito the user to create: allow-listed attributes, CONFIRMED, no welcome message', async () => {
    const { handler, legacy, counted } = setup();
    const event = userMigrationAuthenticationEvent('alice@example.com', PASSWORD);
    const answer = (await handler(event)) as typeof event;
    expect(answer.response).to.deep.equal({
      ...event.response,
      userAttributes: { email: 'alice@example.com', email_verified: 'true', given_name: 'Alice', family_name: 'Liddell' },
      finalUserStatus: 'CONFIRMED',
      messageAction: 'SUPPRESS',
    });
    expect(answer.request).to.deep.equal(event.request);
    expect(legacy.authenticate.calledOnceWithExactly('alice@example.com', PASSWORD)).to.equal(true);
    expect(counted).to.deep.equal([{ name: 'Invocations', dimensions: { trigger: 'UserMigration', result: 'accepted', outcome: 'migrated' } }]);
  });

  it('returns the event untouched for a wrong password and for an unknown user, so Cognito answers both as unknown', async () => {
    const { handler, legacy, counted } = setup();
    legacy.authenticate.resolves({ outcome: 'rejected' });
    const wrong = userMigrationAuthenticationEvent('alice@example.com', 'nope');
    expect(await handler(wrong)).to.deep.equal(wrong);
    legacy.authenticate.resolves({ outcome: 'unknown' });
    const unknown = userMigrationAuthenticationEvent('bob@example.com', 'whatever');
    expect(await handler(unknown)).to.deep.equal(unknown);
    expect(counted.map((count) => count.dimensions.outcome)).to.deep.equal(['rejected', 'not-found']);
  });

  it('keys the lock as PreAuthentication keys the attempt before it: the typed userName, normalised', async () => {
    const { handler, locks, legacy } = setup();
    locks.isLocked.resolves(true);
    const error = await failureOf(handler(userMigrationAuthenticationEvent('  Alice@Example.COM', PASSWORD)));
    expect(error.message).to.equal('Too many failed sign-in attempts, please try again later');
    expect(locks.isLocked.calledOnceWithExactly({ key: 'alice@example.com' }, NOW)).to.equal(true);
    // PreAuthentication's userName for the same attempt, normalised the same way.
    expect(unknownUserPreAuthenticationEvent('  Alice@Example.COM').userName.trim().toLowerCase()).to.equal('alice@example.com');
    expect(legacy.authenticate.called).to.equal(false);
  });

  it('migrates at ForgotPassword without a password and without a final status', async () => {
    const { handler, legacy, locks } = setup();
    const event = userMigrationForgotPasswordEvent('alice@example.com');
    const answer = (await handler(event)) as typeof event;
    expect(answer.response.userAttributes).to.deep.equal({ email: 'alice@example.com', email_verified: 'true', given_name: 'Alice', family_name: 'Liddell' });
    expect(answer.response.finalUserStatus).to.equal(null);
    expect(answer.response.messageAction).to.equal('SUPPRESS');
    expect(legacy.lookUp.calledOnceWithExactly('alice@example.com')).to.equal(true);
    expect(locks.isLocked.called).to.equal(false);
  });

  it('answers a legacy outage with the generic failure and an incident, and never logs the password', async () => {
    const { handler, legacy, log, counted } = setup();
    legacy.authenticate.rejects(new LegacyDirectoryUnavailableError(`the legacy endpoint did not answer authenticate (timeout)`));
    const error = await failureOf(handler(userMigrationAuthenticationEvent('alice@example.com', PASSWORD)));
    expect(error.message).to.equal(GENERIC_FAILURE_MESSAGE);
    expect(log.error.calledWithMatch('incident', { incident: 'LEGACY_DIRECTORY_UNAVAILABLE' })).to.equal(true);
    expect(counted).to.deep.include({ name: 'Incidents', dimensions: { trigger: 'UserMigration', incident: 'LEGACY_DIRECTORY_UNAVAILABLE' } });
    expect(counted).to.deep.include({ name: 'Invocations', dimensions: { trigger: 'UserMigration', result: 'refused', outcome: 'unavailable' } });
    expect(log.everything()).not.to.include(PASSWORD);
  });

  it('fails with the generic message on a defect, logging neither the event nor the password', async () => {
    const { handler, locks, log } = setup();
    locks.isLocked.rejects(new StoreRejectedError('DynamoDB GetItem (lock) failed (AccessDeniedException)'));
    const error = await failureOf(handler(userMigrationAuthenticationEvent('alice@example.com', PASSWORD)));
    expect(error.message).to.equal(GENERIC_FAILURE_MESSAGE);
    expect(log.everything()).not.to.include(PASSWORD);
    expect(log.everything()).not.to.include('alice@example.com');
  });

  it('refuses a malformed event or a foreign trigger source before anything is asked', async () => {
    const { handler, legacy } = setup();
    const foreign = { ...userMigrationAuthenticationEvent('alice@example.com', PASSWORD), triggerSource: 'PreAuthentication_Authentication' };
    expect((await failureOf(handler(foreign))).message).to.equal(GENERIC_FAILURE_MESSAGE);
    const malformed = { ...userMigrationAuthenticationEvent('alice@example.com', PASSWORD), request: { password: 42 } };
    expect((await failureOf(handler(malformed))).message).to.equal(GENERIC_FAILURE_MESSAGE);
    expect(legacy.authenticate.called).to.equal(false);
  });

  it('fails with the generic message when the stack has no migration configured', async () => {
    const { handler } = setup(testConfig());
    expect((await failureOf(handler(userMigrationAuthenticationEvent('alice@example.com', PASSWORD)))).message).to.equal(GENERIC_FAILURE_MESSAGE);
  });
});
