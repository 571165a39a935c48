import { expect } from 'chai';
import sinon from 'sinon';
import { PersonaliseCodeMessage, type CodeMessageTemplates, type RenderedCodeMessage } from '../../../domain';

const RENDERED: RenderedCodeMessage = { subject: 'Your code', html: '<p>{####}</p>', text: '{####}', sms: 'Code {####}', locale: 'fr' };

function templates(rendered: RenderedCodeMessage = RENDERED) {
  return { renderCodeMessage: sinon.stub<Parameters<CodeMessageTemplates['renderCodeMessage']>, RenderedCodeMessage>().returns(rendered) };
}

describe('PersonaliseCodeMessage', () => {
  it('writes the channels the stack personalises, from the template of the user\'s locale, with the product\'s name', () => {
    const fake = templates();
    const result = new PersonaliseCodeMessage(fake, { appName: 'Example', email: true, sms: false }).execute({
      message: 'sign-up',
      codeParameter: '{####}',
      locale: 'fr-CA',
      name: 'Jeanne',
    });
    expect(result).to.deep.equal({ outcome: 'personalised', message: { emailSubject: 'Your code', emailMessage: '<p>{####}</p>' }, locale: 'fr', incidents: [] });
    expect(fake.renderCodeMessage.firstCall.args).to.deep.equal(['sign-up', 'fr-CA', { code: '{####}', username: '', name: 'Jeanne', appName: 'Example' }]);
  });

  it('renders nothing when no channel is personalised', () => {
    const fake = templates();
    const result = new PersonaliseCodeMessage(fake, { appName: 'Example', email: false, sms: false }).execute({ message: 'sign-up', codeParameter: '{####}' });
    expect(result).to.deep.equal({ outcome: 'default', message: {}, incidents: [] });
    expect(fake.renderCodeMessage.called).to.equal(false);
  });

  it("falls back to Cognito's message, with an incident, without the event's placeholders", () => {
    const useCase = new PersonaliseCodeMessage(templates(), { appName: 'Example', email: true, sms: true });
    const noCode = useCase.execute({ message: 'forgot-password' });
    expect(noCode.outcome).to.equal('default');
    expect(noCode.incidents.map((incident) => incident.code)).to.deep.equal(['MESSAGE_NOT_PERSONALISED']);
    const noUsername = useCase.execute({ message: 'admin-create-user', codeParameter: '{####}' });
    expect(noUsername.outcome).to.equal('default');
    expect(String((noUsername.incidents[0]?.cause as Error).message)).to.contain('usernameParameter');
  });

  it('keeps Cognito\'s message for a channel whose rendering lost a placeholder, and the other channel personalised', () => {
    const broken = { ...RENDERED, sms: 'Code (missing)' };
    const result = new PersonaliseCodeMessage(templates(broken), { appName: 'Example', email: true, sms: true }).execute({ message: 'sign-up', codeParameter: '{####}' });
    expect(result.outcome).to.equal('personalised');
    expect(result.message).to.deep.equal({ emailSubject: 'Your code', emailMessage: '<p>{####}</p>' });
    expect(result.incidents.map((incident) => [incident.code, incident.severity])).to.deep.equal([['MESSAGE_TEMPLATE_INVALID', 'error']]);
  });

  it('falls back when the templates fail, never throwing', () => {
    const failing = { renderCodeMessage: sinon.stub<Parameters<CodeMessageTemplates['renderCodeMessage']>, RenderedCodeMessage>().throws(new RangeError('bad template')) };
    const result = new PersonaliseCodeMessage(failing, { appName: 'Example', email: true, sms: true }).execute({ message: 'sign-up', codeParameter: '{####}' });
    expect(result).to.deep.include({ outcome: 'default', message: {} });
    expect(result.incidents[0]?.cause).to.be.instanceOf(RangeError);
  });
});
