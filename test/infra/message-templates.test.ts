import { expect } from 'chai';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkTemplateFolder } from '../../adapters/templates/template-rules';
import * as pulumi from '@pulumi/pulumi';
import { functionCode } from '../../infra/components/trigger-function';
import { parseStackConfig, StackConfigError } from '../../infra/config';
import { functionEnvironment } from '../../infra/function-environment';
import {
  loadStackTemplates,
  loadTemplateRules,
  TEMPLATE_RULES_BUNDLE,
  templatesEnvironment,
  templatesOf,
  TemplateRulesMissingError,
  type TemplateRules,
} from '../../infra/message-templates';
import { TRIGGERS } from '../../infra/triggers';
import { readHandlerConfig } from '../../handlers/composition/handler-config';
import { buildGatehouse, type BuiltProgram } from './support/program';

/** The rules as the build compiles them, taken from their source: what the program runs, without a build. */
const RULES: TemplateRules = { checkTemplateFolder };
const projectRoot = join(__dirname, '..', '..');
const trigger = (name: string) => TRIGGERS.find((definition) => definition.name === name) ?? expect.fail(`no trigger ${name}`);

/** A project of its own: a Pulumi.yaml and the given template files under templates/<stack>/. */
function project(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'gatehouse-stack-templates-'));
  writeFileSync(join(root, 'Pulumi.yaml'), 'name: gatehouse\nruntime: nodejs\n');
  for (const [path, source] of Object.entries(files)) {
    mkdirSync(join(root, 'templates', 'acme', path, '..'), { recursive: true });
    writeFileSync(join(root, 'templates', 'acme', path), source);
  }
  mkdirSync(join(root, 'templates', 'acme'), { recursive: true });
  return root;
}

const withTemplates = (extra: Record<string, unknown> = {}) =>
  parseStackConfig({ email: { from: 'no-reply@example.com' }, messages: { email: 'custom-message', templates: 'templates/acme' }, ...extra });

describe('infra/message-templates: a stack\'s own templates', () => {
  const roots: string[] = [];
  const root = (files: Record<string, string>) => {
    const made = project(files);
    roots.push(made);
    return made;
  };
  after(() => roots.forEach((made) => rmSync(made, { recursive: true, force: true })));

  describe('gatehouse:messages.templates', () => {
    it('takes a folder of the project, relative to its root; none by default', () => {
      expect(parseStackConfig({}).messages.templates).to.equal(undefined);
      expect(parseStackConfig({ messages: { templates: ' templates/acme ' } }).messages.templates).to.equal('templates/acme');
    });

    it('refuses a folder outside the project, naming the key', () => {
      for (const templates of ['/etc/templates', '../elsewhere', 'templates/../../x', 'C:\\templates', '']) {
        expect(() => parseStackConfig({ messages: { templates } }), templates).to.throw(StackConfigError, 'gatehouse:messages.templates must be a folder of the project');
      }
    });
  });

  describe('loadStackTemplates: checked before anything deploys', () => {
    it('is undefined for a stack without templates of its own', () => {
      expect(loadStackTemplates(parseStackConfig({}), { projectRoot, rules: RULES })).to.equal(undefined);
    });

    it('lists the folder\'s templates with their catalogues, ignoring notes', () => {
      const made = root({ 'sign-up/fr.subject.mustache': 'Bienvenue sur {{appName}}', 'welcome/en.subject.mustache': 'Hi', 'README.md': '# ours' });
      expect(loadStackTemplates(withTemplates(), { projectRoot: made, rules: RULES })).to.deep.equal({
        setting: 'templates/acme',
        folder: join(made, 'templates', 'acme'),
        templates: [
          { path: 'sign-up/fr.subject.mustache', kind: 'code-message' },
          { path: 'welcome/en.subject.mustache', kind: 'mail' },
        ],
      });
    });

    it('refuses every broken file in one StackConfigError naming the key, the file from the project root, and the rule', () => {
      const made = root({
        'sign-in/en.subject.mustache': 'x',
        'welcome/en.sms.mustache': 'x',
        'sign-up/en.sms.mustache': '{{appName}}: welcome',
        'sign-up/fr.subject.mustache': '{{#name}}',
        'forgot-password/en.text.mustache': '{{{name}}} {{code}}',
      });
      let error: StackConfigError | undefined;
      try {
        loadStackTemplates(withTemplates(), { projectRoot: made, rules: RULES });
      } catch (caught) {
        error = caught as StackConfigError;
      }
      expect(error).to.be.instanceOf(StackConfigError);
      expect(error?.problems).to.have.length(5);
      expect(error?.problems).to.include.members([
        'gatehouse:messages.templates: templates/acme/welcome/en.sms.mustache: "sms" is not a part of welcome (its parts: subject, html, text)',
        "gatehouse:messages.templates: templates/acme/sign-up/en.sms.mustache: must carry {{code}} (Cognito's {####}): Cognito refuses the message without it",
        'gatehouse:messages.templates: templates/acme/sign-up/fr.subject.mustache: Mustache cannot parse it (Unclosed section "name" at 9)',
        'gatehouse:messages.templates: templates/acme/forgot-password/en.text.mustache: unescaped values ({{{…}}} or {{&…}}) are not allowed',
      ]);
      expect(error?.problems.some((problem) => problem.startsWith('gatehouse:messages.templates: templates/acme/sign-in/en.subject.mustache: "sign-in" is not a message'))).to.equal(true);
      expect(error?.message).to.match(/^invalid stack configuration:\n {2}- gatehouse:messages.templates: templates\/acme\//);
    });

    it('refuses a folder that is missing or holds no template', () => {
      const made = root({ 'README.md': 'nothing yet' });
      expect(() => loadStackTemplates(withTemplates(), { projectRoot: made, rules: RULES })).to.throw(StackConfigError, 'templates/acme, which holds no template');
      const config = parseStackConfig({ messages: { templates: 'templates/nope' } });
      expect(() => loadStackTemplates(config, { projectRoot: made, rules: RULES })).to.throw(StackConfigError, 'gatehouse:messages.templates names templates/nope, which is not a folder of the project');
    });

    it('runs the rules the build compiled when given none, and says to build when they are missing', function () {
      const made = root({ 'sign-up/fr.subject.mustache': 'x' });
      expect(() => loadTemplateRules(made)).to.throw(TemplateRulesMissingError, `${TEMPLATE_RULES_BUNDLE} is not built: run \`npm run build\` first`);
      expect(() => loadStackTemplates(withTemplates(), { projectRoot: made })).to.throw(TemplateRulesMissingError);
    });
  });

  describe('templatesOf: each function gets the templates of what it renders', () => {
    const templates = {
      setting: 'templates/acme',
      folder: '/project/templates/acme',
      templates: [
        { path: 'sign-up/fr.subject.mustache', kind: 'code-message' as const },
        { path: 'welcome/en.subject.mustache', kind: 'mail' as const },
        { path: 'account-takeover/en.sms.mustache', kind: 'alert' as const },
        { path: 'account-locked/en.sms.mustache', kind: 'alert' as const },
      ],
    };
    const paths = (name: string, config = withTemplates()) => templatesOf(trigger(name), config, templates).map((template) => template.path);

    it('CustomMessage the code messages, the custom senders the code messages and the alerts', () => {
      expect(paths('custom-message')).to.deep.equal(['sign-up/fr.subject.mustache']);
      for (const sender of ['custom-email-sender', 'custom-sms-sender']) {
        expect(paths(sender)).to.deep.equal(['sign-up/fr.subject.mustache', 'account-takeover/en.sms.mustache', 'account-locked/en.sms.mustache']);
      }
    });

    it('PostConfirmation the welcome mail, pre- and post-authentication the alerts, each only when the stack sends them', () => {
      expect(paths('post-confirmation')).to.deep.equal([]);
      expect(paths('post-confirmation', withTemplates({ welcome: { enabled: true } }))).to.deep.equal(['welcome/en.subject.mustache']);
      expect(paths('pre-authentication')).to.deep.equal([]);
      expect(paths('pre-authentication', withTemplates({ alerts: { accountLocked: true } }))).to.have.length(2);
      expect(paths('post-authentication', withTemplates({ alerts: { newDevice: true }, pool: { deviceTracking: 'always' } }))).to.have.length(2);
    });

    it('nothing to a function that renders nothing, nor to any without the stack\'s templates', () => {
      expect(paths('pre-sign-up')).to.deep.equal([]);
      expect(templatesOf(trigger('custom-message'), withTemplates(), undefined)).to.deep.equal([]);
    });
  });

  it('the stack config, the function\'s environment and the handler config name the same folder: templates/ next to index.js', () => {
    const config = withTemplates();
    const shipped = [{ path: 'sign-up/fr.subject.mustache', kind: 'code-message' as const }];
    const environment = { ...functionEnvironment(config, { tableName: 'gatehouse-test', accountKeyParameter: '/gatehouse-test/account-key' }), ...templatesEnvironment(shipped) };
    expect(environment['MESSAGE_TEMPLATES']).to.equal('templates');
    expect(readHandlerConfig({ ...environment, LAMBDA_TASK_ROOT: '/var/task' }).messages.templates).to.equal('/var/task/templates');
    expect(templatesEnvironment([])).to.deep.equal({});
  });

  describe('functionCode: the archive of a function', () => {
    it('is the bundle\'s folder as it is without files to add, and every file of it plus those files otherwise', async () => {
      expect(functionCode('/project/dist/lambda/pre-sign-up', {})).to.be.instanceOf(pulumi.asset.FileArchive);
      const made = root({ 'sign-up/fr.subject.mustache': 'x' });
      const bundle = join(made, 'dist', 'lambda', 'custom-message');
      mkdirSync(bundle, { recursive: true });
      writeFileSync(join(bundle, 'index.js'), '');
      writeFileSync(join(bundle, 'index.js.map'), '');
      const archive = functionCode(bundle, { 'templates/sign-up/fr.subject.mustache': join(made, 'templates', 'acme', 'sign-up', 'fr.subject.mustache') });
      expect(archive).to.be.instanceOf(pulumi.asset.AssetArchive);
      const assets = (await (archive as pulumi.asset.AssetArchive).assets) as Record<string, pulumi.asset.FileAsset>;
      expect(Object.keys(assets)).to.deep.equal(['index.js', 'index.js.map', 'templates/sign-up/fr.subject.mustache']);
      expect(await assets['index.js.map']?.path).to.equal(join(bundle, 'index.js.map'));
      expect(() => functionCode(bundle, { 'index.js': '/elsewhere/index.js' })).to.throw('index.js is part of the bundle');
    });
  });

  describe('the program under mocks', () => {
    let program: BuiltProgram;
    before(async () => {
      program = await buildGatehouse(
        'templated',
        { email: { from: 'no-reply@example.com' }, welcome: { enabled: true }, messages: { email: 'custom-message', templates: 'templates/showcase' } },
        {},
        { templateRules: RULES },
      );
    });

    it('ships the stack\'s templates next to the bundle of the function that renders them, and says where', () => {
      const fn = program.functionOf('custom-message');
      const archive = (fn.inputs['code'] as { assetArchive: Record<string, string> }).assetArchive;
      const files = [
        'sign-up/en.html.mustache',
        'sign-up/en.subject.mustache',
        'sign-up/en.text.mustache',
        'sign-up/fr.html.mustache',
        'sign-up/fr.subject.mustache',
        'sign-up/fr.text.mustache',
      ];
      expect(archive).to.deep.equal({
        'index.js': join(projectRoot, 'dist', 'lambda', 'custom-message', 'index.js'),
        ...Object.fromEntries(files.map((file) => [`templates/${file}`, join(projectRoot, 'templates', 'showcase', ...file.split('/'))])),
      });
      const variables = (fn.inputs['environment'] as { variables: Record<string, string> }).variables;
      expect(variables['MESSAGE_TEMPLATES']).to.equal('templates');
    });

    it('ships nothing to the functions that render none of them: their bundle folder as it is, no variable', () => {
      // The showcase folder holds code messages only: the welcome mail's function renders none of them.
      for (const name of ['post-confirmation', 'pre-sign-up', 'pre-authentication', 'post-authentication']) {
        const fn = program.functionOf(name);
        expect(fn.inputs['code'], name).to.deep.equal({ fileArchive: join(projectRoot, 'dist', 'lambda', name) });
        expect((fn.inputs['environment'] as { variables: Record<string, string> }).variables, name).not.to.have.property('MESSAGE_TEMPLATES');
      }
    });
  });
});
