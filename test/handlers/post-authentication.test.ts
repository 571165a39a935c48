import { expect } from 'chai';
import { StoreUnavailableError } from '../../domain';
import { GENERIC_FAILURE_MESSAGE } from '../../handlers/boundary/cognito-trigger';
import { createPostAuthenticationHandler } from '../../handlers/post-authentication';
import { jane, postAuthenticationEvent } from '../support/cognito-events';
import { composeWithFakes, failureOf, fakePorts, NOW, type FakePorts } from '../support/handler-harness';

describe('handlers/post-authentication', () => {
  let ports: FakePorts;
  beforeEach(() => {
    ports = fakePorts();
  });

  const handlerWith = () => {
    const { composition, log } = composeWithFakes(ports);
    return { handler: createPostAuthenticationHandler(composition), log };
  };

  it('clears the attempts, records the sign-in and audits the success', async () => {
    const { handler } = handlerWith();
    const event = postAuthenticationEvent(jane, true);
    expect(await handler(event)).to.deep.equal(event);
    expect(ports.ledger.clearAfterSuccess.calledOnceWithExactly({ key: jane.userName }, NOW)).to.equal(true);
    expect(ports.accounts.recordSignIn.firstCall.args[0]).to.deep.equal({
      account: { key: jane.userName },
      username: jane.userName,
      sub: jane.sub,
      email: jane.email,
      at: NOW,
    });
    expect(ports.audit.record.firstCall.args[0]).to.include({ outcome: 'success', accountExists: true });
  });

  it('never fails the sign-in when the store is down, but logs every failure', async () => {
    ports.ledger.clearAfterSuccess.rejects(new StoreUnavailableError('DeleteItem failed'));
    ports.accounts.recordSignIn.rejects(new StoreUnavailableError('UpdateItem failed'));
    ports.audit.record.rejects(new StoreUnavailableError('PutItem failed'));
    const { handler, log } = handlerWith();
    const event = postAuthenticationEvent(jane);
    expect(await handler(event)).to.deep.equal(event);
    expect(log.error.calledWithMatch('incident', { incident: 'CLEAR_ATTEMPTS_FAILED' })).to.equal(true);
    expect(log.warn.calledWithMatch('incident', { incident: 'RECORD_SIGN_IN_FAILED' })).to.equal(true);
    expect(log.warn.calledWithMatch('incident', { incident: 'AUDIT_FAILED' })).to.equal(true);
  });

  it('works without optional attributes', async () => {
    const { handler } = handlerWith();
    const event = { ...postAuthenticationEvent(jane), request: {} };
    expect(await handler(event)).to.deep.equal(event);
    expect(ports.accounts.recordSignIn.firstCall.args[0]).to.deep.include({ sub: undefined, email: undefined });
  });

  it('refuses an unknown trigger source before touching anything', async () => {
    const { handler } = handlerWith();
    const error = await failureOf(handler({ ...postAuthenticationEvent(jane), triggerSource: 'TokenGeneration_Authentication' }));
    expect(error.message).to.equal(GENERIC_FAILURE_MESSAGE);
    expect(ports.ledger.clearAfterSuccess.called).to.equal(false);
    expect(ports.accounts.recordSignIn.called).to.equal(false);
  });
});
