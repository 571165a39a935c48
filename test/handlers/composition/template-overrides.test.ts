/**
 * The stack's own templates in the composition: read once per cold start from the folder the function
 * was shipped with, and laid over the compiled-in catalogue by every renderer a handler composes.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { expect } from 'chai';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AlertMessages, CodeMessageTemplates, MessageTemplates } from '../../../domain';
import { buildContainer } from '../../../handlers/composition/composition-root';
import type { HandlerConfig } from '../../../handlers/composition/handler-config';
import { ownerAlertModule } from '../../../handlers/composition/modules/alerts-module';
import { mailModule } from '../../../handlers/composition/modules/mail-module';
import { messagesModule } from '../../../handlers/composition/modules/messages-module';
import { emailSenderModule } from '../../../handlers/composition/modules/senders-module';
import { TOKENS } from '../../../handlers/composition/tokens';
import { testConfig } from '../../support/handler-harness';

const CODE_VALUES = { code: '{####}', name: 'Jeanne', appName: 'Example' };

describe('handlers/composition: the stack\'s own templates', () => {
  let dir: string;
  const logger = new Logger({ serviceName: 'gatehouse-test', logLevel: 'SILENT' });
  const configWith = (templates?: string): HandlerConfig => {
    const base = testConfig();
    return {
      ...base,
      mail: { ...base.mail, from: 'no-reply@example.com' },
      messages: { email: 'custom-message', sms: 'custom-message', ...(templates === undefined ? {} : { templates }) },
    };
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'gatehouse-composition-templates-'));
    for (const message of ['sign-up', 'welcome', 'account-takeover']) mkdirSync(join(dir, message));
    writeFileSync(join(dir, 'sign-up', 'fr.subject.mustache'), 'Bienvenue chez {{appName}}');
    writeFileSync(join(dir, 'welcome', 'en.subject.mustache'), 'Hello from {{appName}}');
    writeFileSync(join(dir, 'account-takeover', 'en.sms.mustache'), '{{appName}}: was that you?');
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('lays them over the code messages (CustomMessage): the part given replaced, every other as built in', () => {
    const container = buildContainer(configWith(dir), logger, [messagesModule]);
    const templates = container.get<CodeMessageTemplates>(TOKENS.CodeMessageTemplates);
    const french = templates.renderCodeMessage('sign-up', 'fr', CODE_VALUES);
    expect(french.subject).to.equal('Bienvenue chez Example');
    expect(french.text).to.contain('Bonjour Jeanne,').and.contain('{####}');
    expect(templates.renderCodeMessage('sign-up', 'en', CODE_VALUES).subject).to.equal('Confirm your email address for Example');
  });

  it('lays them over the welcome mail, the custom senders\' messages and the alerts', () => {
    const container = buildContainer(configWith(dir), logger, [mailModule, ...emailSenderModule]);
    expect(container.get<MessageTemplates>(TOKENS.MessageTemplates).renderMail('welcome', 'en', { name: '', email: 'a@example.com', appName: 'Example' }).subject).to.equal(
      'Hello from Example',
    );
    expect(container.get<CodeMessageTemplates>(TOKENS.CodeMessageTemplates).renderCodeMessage('sign-up', 'fr', CODE_VALUES).subject).to.equal(
      'Bienvenue chez Example',
    );
    expect(container.get<AlertMessages>(TOKENS.AlertMessages).renderAlert('account-takeover', 'en', { name: '', appName: 'Example' }).sms).to.equal(
      'Example: was that you?',
    );
    // The owner's alerts of PreAuthentication and PostAuthentication likewise.
    const alerts = buildContainer(configWith(dir), logger, [mailModule, ownerAlertModule('account-locked')]);
    expect(alerts.get<AlertMessages>(TOKENS.AlertMessages).renderAlert('account-takeover', 'en', { name: '', appName: 'Example' }).sms).to.equal(
      'Example: was that you?',
    );
  });

  it('reads the folder once per cold start, whatever the number of renderers', () => {
    const container = buildContainer(configWith(dir), logger, [mailModule, messagesModule]);
    container.get(TOKENS.MessageTemplates);
    // Gone after the first renderer: the second lays what was read over its catalogue.
    rmSync(dir, { recursive: true, force: true });
    expect(container.get<CodeMessageTemplates>(TOKENS.CodeMessageTemplates).renderCodeMessage('sign-up', 'fr', CODE_VALUES).subject).to.equal(
      'Bienvenue chez Example',
    );
  });

  it('renders the built-in templates when the function was shipped with none', () => {
    const container = buildContainer(configWith(), logger, [messagesModule]);
    expect(container.get<CodeMessageTemplates>(TOKENS.CodeMessageTemplates).renderCodeMessage('sign-up', 'fr', CODE_VALUES).subject).to.equal(
      'Confirmez votre adresse e-mail pour Example',
    );
  });

  it('fails where the renderer is built for a folder that is missing or breaks a rule, never in a message', () => {
    expect(() => buildContainer(configWith(join(dir, 'gone')), logger, [messagesModule]).get(TOKENS.CodeMessageTemplates)).to.throw(
      /the stack's templates are missing/,
    );
    writeFileSync(join(dir, 'sign-up', 'en.text.mustache'), 'Hi {{{name}}}');
    expect(() => buildContainer(configWith(dir), logger, [messagesModule]).get(TOKENS.CodeMessageTemplates)).to.throw(
      RangeError,
      'mail template sign-up/en.text: unescaped values',
    );
  });
});
