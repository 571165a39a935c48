import { expect } from 'chai';
import { secretStatements } from '../../../infra/iam-policies';
import { parseStackConfig } from '../../../infra/config';
import { TRIGGERS as ALL_TRIGGERS, triggersOf } from '../../../infra/triggers';
import { buildGatehouse, defaultProgram, parsePolicy, TEST_STACK, TYPES, type BuiltProgram } from '../support/program';

/** The triggers a stack with default messages has (custom-message only comes with personalised messages). */
const TRIGGERS = triggersOf(parseStackConfig({}), ALL_TRIGGERS);

/** How the Pulumi runtime marks a secret value on the wire (`rpc.specialSigKey`, `specialSecretSig`). */
const SECRET_SIGNATURE = '4dabf18193072939515e22adb298388d';
const SECRET_VALUE = '1b47061264138c4ac30d75fd1eb44270';

const CAPTCHA_SECRET = '0x4AAAAAAA-turnstile-secret';
const SMTP_PASSWORD = 'smtp-password-of-the-stack';

const variablesOf = (built: BuiltProgram, trigger: string) =>
  (built.functionOf(trigger).inputs['environment'] as { variables: Record<string, string> }).variables;

const policyOf = (built: BuiltProgram, trigger: string) => parsePolicy(built.one(TYPES.rolePolicy, `${built.name}-${trigger}-policy`));

const parameterNamed = (built: BuiltProgram, name: string) => {
  const found = built.ofType(TYPES.parameter).filter((parameter) => parameter.inputs['name'] === name);
  if (found.length !== 1) throw new Error(`expected one parameter ${name}, found ${found.length}`);
  return found[0]!;
};

describe('infra/components: StackSecret', () => {
  let plain: BuiltProgram;
  let captcha: BuiltProgram;
  let smtp: BuiltProgram;
  let unused: BuiltProgram;
  before(async () => {
    plain = await defaultProgram();
    unused = await buildGatehouse('unused-secret', {}, { captchaSecret: CAPTCHA_SECRET });
    captcha = await buildGatehouse('captcha', { signUp: { captcha: { provider: 'turnstile' } } }, { captchaSecret: CAPTCHA_SECRET });
    smtp = await buildGatehouse(
      'smtp-secret',
      {
        email: { from: 'no-reply@example.com', provider: 'smtp', smtp: { host: 'smtp.example.com', username: 'gatehouse' } },
        welcome: { enabled: true },
      },
      { smtpPassword: SMTP_PASSWORD },
    );
  });

  describe('the captcha secret', () => {
    const name = `/captcha-${TEST_STACK}/captcha-secret`;

    it('keeps it as an SSM SecureString under the stack key, named for the stack, tagged as a stack secret', () => {
      const parameter = parameterNamed(captcha, name);
      expect(parameter.name).to.equal('captcha-captchaSecret-parameter');
      expect(parameter.inputs).to.include({ type: 'SecureString', tier: 'Standard', keyId: captcha.one(TYPES.key).state['arn'] });
      expect(parameter.inputs['description']).to.contain('gatehouse:captchaSecret');
      expect(parameter.inputs['tags']).to.include({ 'gatehouse:component': 'stack-secret', 'gatehouse:stack': TEST_STACK });
    });

    it('passes the value on as a Pulumi secret: encrypted in the state, hidden in previews', () => {
      expect(parameterNamed(captcha, name).inputs['value']).to.deep.equal({ [SECRET_SIGNATURE]: SECRET_VALUE, value: CAPTCHA_SECRET });
    });

    it('is a component of its own, as the program names it', () => {
      const components = captcha.resources.filter((each) => each.type === 'gatehouse:security:StackSecret');
      expect(components.map((each) => each.name)).to.deep.equal(['captcha-captchaSecret']);
    });

    it('tells pre-sign-up the parameter’s name, never the value, and the value reaches no other resource', () => {
      expect(variablesOf(captcha, 'pre-sign-up')).to.include({ SIGN_UP_CAPTCHA_PROVIDER: 'turnstile', SIGN_UP_CAPTCHA_SECRET_PARAMETER: name });
      const others = captcha.resources.filter((each) => each.inputs['name'] !== name);
      expect(others.length).to.be.greaterThan(0);
      for (const resource of others) expect(JSON.stringify(resource.inputs), resource.name).to.not.contain(CAPTCHA_SECRET);
    });

    it('lets pre-sign-up read and decrypt that one parameter, next to the account key and the workflow it already uses', () => {
      const parameterArn = String(parameterNamed(captcha, name).state['arn']);
      const accountKeyArn = String(parameterNamed(captcha, `/captcha-${TEST_STACK}/account-key`).state['arn']);
      const keyArn = String(captcha.one(TYPES.key).state['arn']);
      expect(policyOf(captcha, 'pre-sign-up').Statement).to.deep.equal([
        {
          Sid: 'WriteOwnLogs',
          Effect: 'Allow',
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          Resource: [`${String(captcha.one(TYPES.logGroup, 'captcha-pre-sign-up-logs').state['arn'])}:*`],
        },
        ...secretStatements('accountKey', { parameterArn: accountKeyArn, keyArn }),
        ...secretStatements('captchaSecret', { parameterArn, keyArn }),
        { Sid: 'StartReminders', Effect: 'Allow', Action: ['states:StartExecution'], Resource: [captcha.outputs.reminderStateMachineArn] },
      ]);
      expect(secretStatements('captchaSecret', { parameterArn, keyArn })[1]?.Condition).to.deep.equal({
        StringEquals: { 'kms:EncryptionContext:PARAMETER_ARN': parameterArn },
      });
    });

    it('lets no other function read it', () => {
      const parameterArn = String(parameterNamed(captcha, name).state['arn']);
      for (const trigger of TRIGGERS.filter((each) => each.name !== 'pre-sign-up')) {
        expect(JSON.stringify(policyOf(captcha, trigger.name)), trigger.name).to.not.contain(parameterArn);
      }
    });

    it('is not provisioned for a stack without a captcha', () => {
      expect(plain.ofType(TYPES.parameter).map((parameter) => parameter.inputs['name'])).to.deep.equal([`/gatehouse-${TEST_STACK}/account-key`]);
      expect(variablesOf(plain, 'pre-sign-up')).to.include({ SIGN_UP_CAPTCHA_PROVIDER: 'none', SIGN_UP_CAPTCHA_SECRET_PARAMETER: '' });
    });

    it('is not protected: its value lives in the stack configuration, a replacement loses nothing', () => {
      expect(captcha.isProtected(parameterNamed(captcha, name))).to.equal(false);
    });
  });

  describe('the SMTP password', () => {
    const name = `/smtp-secret-${TEST_STACK}/smtp-password`;

    it('keeps it as an SSM SecureString under the stack key, its value a Pulumi secret', () => {
      const parameter = parameterNamed(smtp, name);
      expect(parameter.inputs).to.include({ type: 'SecureString', keyId: smtp.one(TYPES.key).state['arn'] });
      expect(parameter.inputs['description']).to.contain('gatehouse:smtpPassword');
      expect(parameter.inputs['value']).to.deep.equal({ [SECRET_SIGNATURE]: SECRET_VALUE, value: SMTP_PASSWORD });
    });

    it('tells the functions the server and the parameter’s name, never the password', () => {
      expect(variablesOf(smtp, 'post-confirmation')).to.include({
        MAIL_PROVIDER: 'smtp',
        SMTP_HOST: 'smtp.example.com',
        SMTP_USERNAME: 'gatehouse',
        SMTP_PASSWORD_PARAMETER: name,
      });
      for (const resource of smtp.resources.filter((each) => each.inputs['name'] !== name)) {
        expect(JSON.stringify(resource.inputs), resource.name).to.not.contain(SMTP_PASSWORD);
      }
    });

    it('lets post-confirmation alone read and decrypt it', () => {
      const parameterArn = String(parameterNamed(smtp, name).state['arn']);
      const keyArn = String(smtp.one(TYPES.key).state['arn']);
      const statements = policyOf(smtp, 'post-confirmation').Statement;
      for (const statement of secretStatements('smtpPassword', { parameterArn, keyArn })) expect(statements).to.deep.include(statement);
      for (const trigger of TRIGGERS.filter((each) => each.name !== 'post-confirmation')) {
        expect(JSON.stringify(policyOf(smtp, trigger.name)), trigger.name).to.not.contain(parameterArn);
      }
    });
  });

  it('keeps a secret no setting uses out of AWS (a captcha secret with no captcha)', () => {
    expect(unused.ofType(TYPES.parameter).map((parameter) => parameter.inputs['name'])).to.deep.equal([`/unused-secret-${TEST_STACK}/account-key`]);
    expect(variablesOf(unused, 'pre-sign-up')['SIGN_UP_CAPTCHA_SECRET_PARAMETER']).to.equal('');
    expect(JSON.stringify(unused.ofType(TYPES.parameter))).to.not.contain(CAPTCHA_SECRET);
  });
});
