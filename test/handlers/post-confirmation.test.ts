import { expect } from 'chai';
import { StoreUnavailableError } from '../../domain';
import { GENERIC_FAILURE_MESSAGE } from '../../handlers/boundary/cognito-trigger';
import { createPostConfirmationHandler } from '../../handlers/post-confirmation';
import { jane, postConfirmationEvent } from '../support/cognito-events';
import { composeWithFakes, failureOf, fakePorts, testConfig, type FakePorts } from '../support/handler-harness';

describe('handlers/post-confirmation', () => {
  let ports: FakePorts;
  beforeEach(() => {
    ports = fakePorts();
  });

  const WELCOME = { ...testConfig(), mail: { ...testConfig().mail, welcome: true, from: 'Example <no-reply@example.com>', appName: 'Example' } };

  const handlerWith = (config = testConfig()) => {
    const { composition, log } = composeWithFakes(ports, config);
    return { handler: createPostConfirmationHandler(composition), log };
  };

  it('clears the lockout after a forgotten password was reset', async () => {
    const { handler } = handlerWith();
    const event = postConfirmationEvent(jane, 'PostConfirmation_ConfirmForgotPassword');
    expect(await handler(event)).to.deep.equal(event);
    expect(ports.ledger.clearAfterRecovery.calledOnceWithExactly({ key: jane.userName })).to.equal(true);
    expect(ports.audit.record.firstCall.args[0]).to.include({ outcome: 'recovery' });
  });

  it('records a confirmed sign-up\'s account, touching no lockout, and sends no mail when the stack has no welcome', async () => {
    const { handler, log } = handlerWith();
    const event = postConfirmationEvent(jane, 'PostConfirmation_ConfirmSignUp');
    expect(await handler(event)).to.deep.equal(event);
    expect(ports.accounts.recordConfirmation.calledOnce).to.equal(true);
    expect(ports.accounts.recordConfirmation.firstCall.args[0]).to.deep.include({
      account: { key: jane.userName },
      username: jane.userName,
      sub: jane.sub,
      email: jane.email,
    });
    expect(ports.ledger.clearAfterRecovery.called).to.equal(false);
    expect(ports.audit.record.called).to.equal(false);
    expect(ports.mailer.send.called).to.equal(false);
    expect(log.info.calledWithMatch('flow', { result: 'accepted', outcome: 'confirmed', record: 'created', welcome: 'off' })).to.equal(true);
  });

  it('sends one welcome mail however often Cognito delivers the confirmation, never for a password reset', async () => {
    const { handler, log } = handlerWith(WELCOME);
    const event = postConfirmationEvent(jane, 'PostConfirmation_ConfirmSignUp');
    for (let delivery = 0; delivery < 3; delivery += 1) expect(await handler(event)).to.deep.equal(event);
    await handler(postConfirmationEvent(jane, 'PostConfirmation_ConfirmForgotPassword'));
    expect(ports.mailer.send.callCount).to.equal(1);
    expect(ports.mailer.send.firstCall.args[0]).to.deep.include({ to: jane.email, subject: 'welcome Example' });
    expect(log.info.calledWithMatch('flow', { welcome: 'sent' })).to.equal(true);
    expect(log.info.calledWithMatch('flow', { welcome: 'already-sent' })).to.equal(true);
  });

  it('does not fail the confirmation when the mail cannot go out, and logs an error without the address', async () => {
    ports.mailer.send.rejects(new Error('SES down'));
    const { handler, log } = handlerWith(WELCOME);
    const event = postConfirmationEvent(jane, 'PostConfirmation_ConfirmSignUp');
    expect(await handler(event)).to.deep.equal(event);
    expect(log.error.calledWithMatch('incident', { incident: 'WELCOME_MAIL_FAILED' })).to.equal(true);
    expect(log.everything()).to.not.contain(jane.email);
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
