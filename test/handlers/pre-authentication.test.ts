import { expect } from 'chai';
import { StoreUnavailableError } from '../../domain';
import { GENERIC_FAILURE_MESSAGE } from '../../handlers/boundary/cognito-trigger';
import { ConfigurationError } from '../../handlers/composition/handler-config';
import { createPreAuthenticationHandler } from '../../handlers/pre-authentication';
import { jane, POOL_ID, preAuthenticationEvent, unknownUserPreAuthenticationEvent } from '../support/cognito-events';
import { composeWithFakes, failureOf, fakePorts, NOW, spiedLogger, testConfig, type FakePorts } from '../support/handler-harness';

const LOCKED = 'Too many failed sign-in attempts, please try again later';

describe('handlers/pre-authentication', () => {
  let ports: FakePorts;
  beforeEach(() => {
    ports = fakePorts();
  });

  const handlerWith = (config = testConfig()) => {
    const { composition, log } = composeWithFakes(ports, config);
    return { handler: createPreAuthenticationHandler(composition), log };
  };

  it('counts the attempt for the account and returns the event untouched', async () => {
    const { handler, log } = handlerWith();
    const event = preAuthenticationEvent(jane);
    expect(await handler(event)).to.deep.equal(event);
    expect(ports.ledger.countAttempt.calledOnceWithExactly({ username: jane.userName }, NOW, 900)).to.equal(true);
    expect(ports.audit.record.firstCall.args[0]).to.deep.equal({
      account: { username: jane.userName },
      outcome: 'attempt',
      at: NOW,
      accountExists: true,
    });
    expect(log.info.calledWithMatch('flow accepted', { outcome: 'attempt' })).to.equal(true);
  });

  it('treats userNotFound as an unknown account, keyed by the normalised username', async () => {
    const { handler } = handlerWith();
    await handler(unknownUserPreAuthenticationEvent('  Someone@Example.COM '));
    expect(ports.ledger.countAttempt.firstCall.args[0]).to.deep.equal({ username: 'someone@example.com' });
    expect(ports.audit.record.firstCall.args[0]).to.include({ accountExists: false, outcome: 'attempt' });
  });

  it('refuses a locked account with the user-facing message only', async () => {
    ports.ledger.countAttempt.resolves({
      outcome: 'refused-locked',
      state: { attemptsInWindow: 0, streak: 5, lockouts: 1, lockedUntil: NOW + 60_000, lastLockedAt: NOW, resetRequired: false },
    });
    const { handler, log } = handlerWith();
    const error = await failureOf(handler(preAuthenticationEvent(jane)));
    expect(error.message).to.equal(LOCKED);
    expect(error.constructor).to.equal(Error);
    expect(log.info.calledWithMatch('flow refused', { outcome: 'rejected', code: 'ACCOUNT_LOCKED' })).to.equal(true);
    expect(log.error.called).to.equal(false);
  });

  it('engages a lock on the attempt that finds maxFailures failures', async () => {
    ports.ledger.countAttempt.resolves({
      outcome: 'counted',
      state: { attemptsInWindow: 6, windowStartedAt: NOW - 1000, streak: 6, lockouts: 0, resetRequired: false },
    });
    const { handler } = handlerWith();
    const error = await failureOf(handler(preAuthenticationEvent(jane)));
    expect(error.message).to.equal(LOCKED);
    expect(ports.ledger.engageLock.firstCall.args[1]).to.deep.equal({
      lockedUntil: NOW + 300_000,
      level: 1,
      forceReset: false,
    });
  });

  it('asks Cognito for a password reset, with the pool from the event, when the stack opts in', async () => {
    ports.ledger.countAttempt.resolves({
      outcome: 'counted',
      state: { attemptsInWindow: 6, windowStartedAt: NOW - 1000, streak: 6, lockouts: 0, resetRequired: false },
    });
    const { handler } = handlerWith(testConfig({ forcedReset: { enabled: true, afterLockouts: 1, afterFailures: 0 } }));
    const error = await failureOf(handler(preAuthenticationEvent(jane)));
    expect(error.message).to.equal(
      'Too many failed sign-in attempts, check your email for a code to reset your password',
    );
    expect(ports.directory.requirePasswordReset.calledOnceWithExactly({ poolId: POOL_ID, username: jane.userName })).to.equal(true);
  });

  it('fails open when the ledger is unavailable, and logs the incident', async () => {
    ports.ledger.countAttempt.rejects(new StoreUnavailableError('UpdateItem failed', { cause: new Error('ECONNREFUSED') }));
    const { handler, log } = handlerWith();
    const event = preAuthenticationEvent(jane);
    expect(await handler(event)).to.deep.equal(event);
    expect(log.error.calledWithMatch('incident', { incident: 'STORE_UNAVAILABLE' })).to.equal(true);
    expect(log.warn.calledWithMatch('incident', { incident: 'AUDIT_SKIPPED' })).to.equal(true);
    expect(log.info.calledWithMatch('flow accepted', { outcome: 'unprotected' })).to.equal(true);
    expect(ports.audit.record.called).to.equal(false);
  });

  it('fails closed when the stack says so', async () => {
    ports.ledger.countAttempt.rejects(new StoreUnavailableError('UpdateItem timed out'));
    const { handler, log } = handlerWith(testConfig({ storeFailureMode: 'closed' }));
    const error = await failureOf(handler(preAuthenticationEvent(jane)));
    expect(error.message).to.equal('Sign-in is temporarily unavailable, please try again in a few minutes');
    expect(log.error.calledWithMatch('incident', { incident: 'STORE_UNAVAILABLE' })).to.equal(true);
  });

  it('hides an unexpected error behind the generic message and logs its cause', async () => {
    ports.ledger.countAttempt.rejects(new TypeError('cannot read properties of undefined (internal detail)'));
    const { handler, log } = handlerWith();
    const error = await failureOf(handler(preAuthenticationEvent(jane)));
    expect(error.message).to.equal(GENERIC_FAILURE_MESSAGE);
    expect(log.error.calledWithMatch('trigger failed', { error: { name: 'TypeError' } })).to.equal(true);
  });

  describe('malformed events: generic message, logged, nothing written', () => {
    const valid = () => preAuthenticationEvent(jane) as Record<string, unknown>;
    const cases: [string, unknown][] = [
      ['missing userName', { ...valid(), userName: undefined }],
      ['empty userName', { ...valid(), userName: '' }],
      ['missing userPoolId', { ...valid(), userPoolId: undefined }],
      ['missing request', { ...valid(), request: undefined }],
      ['request not an object', { ...valid(), request: 'x' }],
      ['missing triggerSource', { ...valid(), triggerSource: undefined }],
      ['another trigger source', { ...valid(), triggerSource: 'PostAuthentication_Authentication' }],
      ['userNotFound not a boolean', { ...valid(), request: { userAttributes: {}, userNotFound: 'yes' } }],
      ['null', null],
      ['an array', []],
    ];
    for (const [name, event] of cases) {
      it(name, async () => {
        const { handler, log } = handlerWith();
        const error = await failureOf(handler(event));
        expect(error.message).to.equal(GENERIC_FAILURE_MESSAGE);
        expect(log.error.calledWithMatch('trigger failed')).to.equal(true);
        expect(ports.ledger.countAttempt.called).to.equal(false);
        expect(ports.audit.record.called).to.equal(false);
        expect(log.everything()).to.not.include(jane.email);
      });
    }
  });

  it('accepts fields Cognito may add later', async () => {
    const { handler } = handlerWith();
    const event = { ...preAuthenticationEvent(jane), futureField: { nested: true } };
    expect(await handler(event)).to.deep.equal(event);
  });

  it('answers with the generic message when the configuration is invalid', async () => {
    const log = spiedLogger();
    const handler = createPreAuthenticationHandler({
      logger: log.logger,
      container: () => {
        throw new ConfigurationError('invalid environment: TABLE_NAME is required');
      },
    });
    const error = await failureOf(handler(preAuthenticationEvent(jane)));
    expect(error.message).to.equal(GENERIC_FAILURE_MESSAGE);
    expect(log.error.calledWithMatch('trigger failed', { error: { name: 'ConfigurationError' } })).to.equal(true);
  });
});
