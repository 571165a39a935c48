import { expect } from 'chai';
import { StoreUnavailableError } from '../../domain';
import { GENERIC_FAILURE_MESSAGE } from '../../handlers/boundary/cognito-trigger';
import { createPostConfirmationHandler } from '../../handlers/post-confirmation';
import { jane, postConfirmationEvent } from '../support/cognito-events';
import { composeWithFakes, failureOf, fakePorts, type FakePorts } from '../support/handler-harness';

describe('handlers/post-confirmation', () => {
  let ports: FakePorts;
  beforeEach(() => {
    ports = fakePorts();
  });

  const handlerWith = () => {
    const { composition, log } = composeWithFakes(ports);
    return { handler: createPostConfirmationHandler(composition), log };
  };

  it('clears the lockout after a forgotten password was reset', async () => {
    const { handler } = handlerWith();
    const event = postConfirmationEvent(jane, 'PostConfirmation_ConfirmForgotPassword');
    expect(await handler(event)).to.deep.equal(event);
    expect(ports.ledger.clearAfterRecovery.calledOnceWithExactly({ key: jane.userName })).to.equal(true);
    expect(ports.audit.record.firstCall.args[0]).to.include({ outcome: 'recovery' });
  });

  it('leaves a confirmed sign-up alone', async () => {
    const { handler } = handlerWith();
    const event = postConfirmationEvent(jane, 'PostConfirmation_ConfirmSignUp');
    expect(await handler(event)).to.deep.equal(event);
    expect(ports.ledger.clearAfterRecovery.called).to.equal(false);
    expect(ports.audit.record.called).to.equal(false);
  });

  it('does not fail a completed reset when the store is down, and logs an error', async () => {
    ports.ledger.clearAfterRecovery.rejects(new StoreUnavailableError('DeleteItem failed'));
    const { handler, log } = handlerWith();
    const event = postConfirmationEvent(jane, 'PostConfirmation_ConfirmForgotPassword');
    expect(await handler(event)).to.deep.equal(event);
    expect(log.error.calledWithMatch('incident', { incident: 'CLEAR_LOCKOUT_FAILED' })).to.equal(true);
  });

  it('refuses an unknown trigger source', async () => {
    const { handler } = handlerWith();
    const event = { ...postConfirmationEvent(jane, 'PostConfirmation_ConfirmSignUp'), triggerSource: 'PostConfirmation_Other' };
    const error = await failureOf(handler(event));
    expect(error.message).to.equal(GENERIC_FAILURE_MESSAGE);
    expect(ports.ledger.clearAfterRecovery.called).to.equal(false);
  });
});
