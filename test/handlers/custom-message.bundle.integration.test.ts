/**
 * The built CustomMessage bundle, as Lambda loads it, with the environment infra renders: every source
 * answered with the stack's templates in the user's language, Cognito's placeholders kept, nothing of
 * the message in the logs; a channel left to Cognito untouched; bad events refused.
 */
import { expect } from 'chai';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseStackConfig } from '../../infra/config';
import { functionEnvironment } from '../../infra/function-environment';
import { loadTemplateRules, templatesEnvironment } from '../../infra/message-templates';
import { readTemplateFiles } from '../../adapters/templates/template-override-files';
import { stackTemplateFolders } from '../support/stack-templates';
import { CUSTOM_MESSAGE_SOURCES } from '../../handlers/custom-message';
import { LogCapture, loadBundle, withEnvironment } from '../support/lambda-bundle';

const STORES = { tableName: 'gatehouse-test', accountKeyParameter: '/gatehouse-test/account-key' };

function customMessageEvent(triggerSource: string, attributes: Record<string, string> = {}) {
  return {
    version: '1',
    region: 'eu-west-1',
    userPoolId: 'eu-west-1_Example',
    userName: '7a8b-jane',
    triggerSource,
    callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: 'client-1' },
    request: {
      userAttributes: { sub: '7a8b-jane', email: 'jane@example.com', email_verified: 'true', ...attributes },
      codeParameter: '{####}',
      usernameParameter: triggerSource === 'CustomMessage_AdminCreateUser' ? '{username}' : null,
      linkParameter: '{##Click Here##}',
    },
    response: { smsMessage: null, emailMessage: null, emailSubject: null },
  };
}

type Answer = { response: { emailSubject: string | null; emailMessage: string | null; smsMessage: string | null } };

describe('handlers/custom-message: the built bundle', () => {
  const logs = new LogCapture();
  let restore: () => void;
  const environment = (messages: Record<string, unknown>) =>
    functionEnvironment(parseStackConfig({ email: { from: 'Example <no-reply@example.com>' }, messages: { appName: 'Example', ...messages } }), STORES);

  afterEach(() => {
    logs.stop();
    restore?.();
  });

  it('answers every source with the template in the user\'s language, keeping the placeholders, and logs none of it', async () => {
    restore = withEnvironment(environment({ email: 'custom-message', sms: 'custom-message' }));
    const handler = loadBundle('custom-message');
    logs.start();
    for (const source of Object.keys(CUSTOM_MESSAGE_SOURCES)) {
      const answer = (await handler(customMessageEvent(source, { locale: 'fr-CA', name: 'Jeanne <b>' }))) as Answer;
      const { emailSubject, emailMessage, smsMessage } = answer.response;
      expect(emailSubject, source).to.be.a('string').and.contain('Example');
      expect(emailMessage, source).to.contain('{####}').and.contain('<html lang="fr"').and.contain('Jeanne &lt;b&gt;');
      expect(smsMessage, source).to.contain('{####}');
      if (source === 'CustomMessage_AdminCreateUser') {
        expect(emailMessage).to.contain('{username}');
        expect(smsMessage).to.contain('{username}');
      }
    }
    logs.stop();
    const flows = logs.entries().filter((entry) => entry['message'] === 'flow');
    expect(flows.map((entry) => [entry['result'], entry['outcome'], entry['locale']])).to.deep.equal(
      Object.keys(CUSTOM_MESSAGE_SOURCES).map(() => ['accepted', 'personalised', 'fr']),
    );
    expect(logs.text).not.to.contain('Jeanne');
    expect(logs.text).not.to.contain('{####}');
    expect(logs.text).not.to.contain('jane@example.com');
  });

  it('renders the stack\'s own templates shipped next to it, over the compiled-in ones, as deployed (templates/ in the task root)', async () => {
    const taskRoot = mkdtempSync(join(tmpdir(), 'gatehouse-task-root-'));
    try {
      cpSync(join(__dirname, '..', '..', 'templates', 'showcase'), join(taskRoot, 'templates'), { recursive: true });
      const shipped = [{ path: 'sign-up/fr.subject.mustache', kind: 'code-message' as const }];
      const undo = withEnvironment({ ...environment({ email: 'custom-message', sms: 'custom-message' }), ...templatesEnvironment(shipped), LAMBDA_TASK_ROOT: taskRoot });
      restore = undo;
      const handler = loadBundle('custom-message');
      const signUp = (await handler(customMessageEvent('CustomMessage_SignUp', { locale: 'fr', name: 'Jeanne' }))) as Answer;
      expect(signUp.response.emailSubject).to.equal('Bienvenue sur Example, confirmez votre adresse e-mail');
      expect(signUp.response.emailMessage).to.contain('la visite guidée de Gatehouse').and.contain('{####}').and.contain('<html lang="fr"');
      // The SMS, the other locales' parts and the other messages as built in.
      expect(signUp.response.smsMessage).to.equal('Example : votre code de confirmation est {####}');
      const german = (await handler(customMessageEvent('CustomMessage_SignUp', { locale: 'de' }))) as Answer;
      expect(german.response.emailSubject).to.equal('Bestätigen Sie Ihre E-Mail-Adresse für Example');
      const forgot = (await handler(customMessageEvent('CustomMessage_ForgotPassword', { locale: 'fr' }))) as Answer;
      expect(forgot.response.emailSubject).not.to.contain('Bienvenue');
    } finally {
      rmSync(taskRoot, { recursive: true, force: true });
    }
  });

  it('the template rules the program runs are the build\'s: they pass every stack\'s folder and name a broken file as the sources do', () => {
    const rules = loadTemplateRules(join(__dirname, '..', '..'));
    const broken = { path: 'sign-up/en.sms.mustache', source: '{{#name}}{{code}}{{/name}}' };
    for (const { stack, folder } of stackTemplateFolders()) {
      expect(rules.checkTemplateFolder(readTemplateFiles(folder)).problems, stack).to.deep.equal([]);
    }
    expect(rules.checkTemplateFolder([broken]).problems).to.deep.equal([
      {
        file: 'sign-up/en.sms.mustache',
        rule: "must carry {{code}} (Cognito's {####}) for a user without a name too, not only inside a {{#name}} section: Cognito refuses the message without it",
      },
    ]);
  });

  it('leaves a channel the stack does not personalise to Cognito', async () => {
    restore = withEnvironment(environment({ sms: 'custom-message' }));
    const answer = (await loadBundle('custom-message')(customMessageEvent('CustomMessage_SignUp'))) as Answer;
    expect(answer.response.emailSubject).to.equal(null);
    expect(answer.response.emailMessage).to.equal(null);
    expect(answer.response.smsMessage).to.match(/^Example: .*\{####\}/);
  });

  it('falls back to Cognito\'s message when the event has no code placeholder, and says so', async () => {
    restore = withEnvironment(environment({ email: 'custom-message' }));
    const event = customMessageEvent('CustomMessage_ForgotPassword');
    (event.request as Record<string, unknown>)['codeParameter'] = null;
    logs.start();
    const answer = (await loadBundle('custom-message')(event)) as Answer;
    logs.stop();
    expect(answer.response).to.deep.equal({ smsMessage: null, emailMessage: null, emailSubject: null });
    const incident = logs.entries().find((entry) => entry['message'] === 'incident');
    expect(incident?.['incident']).to.equal('MESSAGE_NOT_PERSONALISED');
  });

  it('refuses an unknown source and a malformed event with the generic message', async () => {
    restore = withEnvironment(environment({ email: 'custom-message' }));
    const handler = loadBundle('custom-message');
    logs.start();
    for (const event of [customMessageEvent('CustomMessage_Nope'), { triggerSource: 'CustomMessage_SignUp' }]) {
      const error = await handler(event).catch((e: unknown) => e);
      expect((error as Error).message).to.equal('Something went wrong, please try again later');
    }
    logs.stop();
  });
});
