import { expect } from 'chai';
import { StoreRejectedError, StoreUnavailableError } from '../../domain';
import { GENERIC_FAILURE_MESSAGE } from '../../handlers/boundary/cognito-trigger';
import { ConfigurationError } from '../../handlers/composition/handler-config';
import { createPreAuthenticationHandler } from '../../handlers/pre-authentication';
import { jane, lambdaContext, POOL_ID, preAuthenticationEvent, unknownUserPreAuthenticationEvent } from '../support/cognito-events';
import { withoutId } from '../support/event-ids';
import { composeWithFakes, failureOf, fakePorts, NOW, recordingMetrics, spiedLogger, testConfig, type FakePorts } from '../support/handler-harness';

const LOCKED = 'Too many failed sign-in attempts, please try again later';

describe('handlers/pre-authentication', () => {
  let ports: FakePorts;
  beforeEach(() => {
    ports = fakePorts();
  });

  const handlerWith = (config = testConfig()) => {
    const { composition, log, counted } = composeWithFakes(ports, config);
    return { handler: createPreAuthenticationHandler(composition), log, counted };
  };

  it('counts the attempt for the account and returns the event untouched', async () => {
    const { handler, log } = handlerWith();
    const event = preAuthenticationEvent(jane);
    expect(await handler(event)).to.deep.equal(event);
    expect(ports.ledger.countAttempt.calledOnceWithExactly({ key: jane.userName }, NOW, 900)).to.equal(true);
    expect(withoutId(ports.audit.record.firstCall.args[0])).to.deep.equal({
      account: { key: jane.userName },
      outcome: 'attempt',
      at: NOW,
      accountExists: true,
    });
    expect(log.info.calledWithMatch('flow', { result: 'accepted', outcome: 'attempt' })).to.equal(true);
  });

  it('treats userNotFound as an unknown account, keyed by the normalised username', async () => {
    const { handler } = handlerWith();
    await handler(unknownUserPreAuthenticationEvent('  Someone@Example.COM '));
    expect(ports.ledger.countAttempt.firstCall.args[0]).to.deep.equal({ key: 'someone@example.com' });
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
    expect(log.info.calledWithMatch('flow', { result: 'refused', outcome: 'rejected', code: 'ACCOUNT_LOCKED' })).to.equal(true);
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
    expect(log.info.calledWithMatch('flow', { result: 'accepted', outcome: 'unprotected' })).to.equal(true);
    // Only the provisional entry, sent alongside the count; nothing more after the store failed.
    expect(ports.audit.record.callCount).to.equal(1);
    expect(ports.audit.record.firstCall.args[1]).to.deep.equal({ provisional: true });
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
    expect(log.error.calledWithMatch('flow', { result: 'failed', error: { name: 'TypeError' } })).to.equal(true);
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
        expect(log.error.calledWithMatch('flow', { result: 'failed' })).to.equal(true);
        expect(ports.ledger.countAttempt.called).to.equal(false);
        expect(ports.audit.record.called).to.equal(false);
        expect(log.everything()).to.not.include(jane.email);
      });
    }
  });

  it('names the audit entry after the Lambda request, so the trail and the logs meet', async () => {
    const { handler } = handlerWith();
    await handler(preAuthenticationEvent(jane), lambdaContext('gatehouse-test-pre-authentication', 'req-1234'));
    expect(ports.audit.record.firstCall.args[0]).to.include({ id: 'req-1234' });
  });

  it('rejects a userName longer than Cognito allows with the generic message, writing nothing', async () => {
    const { handler, log } = handlerWith();
    const error = await failureOf(handler(unknownUserPreAuthenticationEvent('x'.repeat(129))));
    expect(error.message).to.equal(GENERIC_FAILURE_MESSAGE);
    expect(ports.keys.refFor.called).to.equal(false);
    expect(ports.ledger.countAttempt.called).to.equal(false);
    expect(log.everything()).to.not.include('x'.repeat(129));
  });

  describe('logs exactly one flow line and counts one invocation per invocation', () => {
    const flowLines = (log: ReturnType<typeof spiedLogger>) =>
      [log.info, log.warn, log.error].flatMap((method) => method.args.filter((args) => args[0] === 'flow'));
    const paths: [string, () => void, 'accepted' | 'refused' | 'failed'][] = [
      ['allowed', () => undefined, 'accepted'],
      [
        'refused while locked',
        () =>
          ports.ledger.countAttempt.resolves({
            outcome: 'refused-locked',
            state: { attemptsInWindow: 0, streak: 5, lockouts: 1, lockedUntil: NOW + 60_000, resetRequired: false },
          }),
        'refused',
      ],
      ['store unavailable, open', () => ports.ledger.countAttempt.rejects(new StoreUnavailableError('timeout')), 'accepted'],
      ['store refusing', () => ports.ledger.countAttempt.rejects(new StoreRejectedError('ResourceNotFoundException')), 'failed'],
      ['a defect', () => ports.ledger.countAttempt.rejects(new TypeError('undefined is not a function')), 'failed'],
    ];
    for (const [name, arrange, result] of paths) {
      it(`${name}: ${result}`, async () => {
        arrange();
        const { handler, log, counted } = handlerWith();
        await handler(preAuthenticationEvent(jane)).catch(() => undefined);
        const lines = flowLines(log);
        expect(lines).to.have.length(1);
        expect(lines[0]?.[1]).to.include({ result });
        expect(lines[0]?.[1]).to.have.property('durationMs').that.is.a('number');
        const invocations = counted.filter((each) => each.name === 'Invocations');
        expect(invocations).to.have.length(1);
        expect(invocations[0]?.dimensions).to.include({ trigger: 'PreAuthentication', result });
        // The same outcome word as the flow line, never a username.
        expect(invocations[0]?.dimensions['outcome']).to.equal((lines[0]?.[1] as { outcome?: string }).outcome ?? 'none');
        expect(JSON.stringify(counted)).to.not.include(jane.userName);
      });
    }

    it('a malformed event: failed', async () => {
      const { handler, log } = handlerWith();
      await handler({ hello: 'world' }).catch(() => undefined);
      expect(flowLines(log)).to.have.length(1);
      expect(log.error.calledWithMatch('flow', { result: 'failed', error: { name: 'MalformedEventError' } })).to.equal(true);
    });
  });

  it('accepts fields Cognito may add later', async () => {
    const { handler } = handlerWith();
    const event = { ...preAuthenticationEvent(jane), futureField: { nested: true } };
    expect(await handler(event)).to.deep.equal(event);
  });

  it('answers with the generic message when the configuration is invalid', async () => {
    const log = spiedLogger();
    const { metrics, counted } = recordingMetrics();
    const handler = createPreAuthenticationHandler({
      logger: log.logger,
      metrics,
      container: () => {
        throw new ConfigurationError('invalid environment: TABLE_NAME is required');
      },
    });
    const error = await failureOf(handler(preAuthenticationEvent(jane)));
    expect(error.message).to.equal(GENERIC_FAILURE_MESSAGE);
    expect(log.error.calledWithMatch('flow', { result: 'failed', error: { name: 'ConfigurationError' } })).to.equal(true);
    expect(counted).to.deep.equal([{ name: 'Invocations', dimensions: { trigger: 'PreAuthentication', result: 'failed', outcome: 'none' } }]);
  });
});
