import { expect } from 'chai';
import { parseStackConfig, StackConfigError } from '../../infra/config';
import { functionEnvironment, passwordlessEnvironment } from '../../infra/function-environment';
import { poolAccessPolicy, triggerPolicy } from '../../infra/iam-policies';
import { appClientAuthFlows, appClientSettings } from '../../infra/pool-settings';
import { TRIGGERS, triggersOf } from '../../infra/triggers';
import { readHandlerConfig } from '../../handlers/composition/handler-config';

const FROM = 'Example <no-reply@example.com>';
const ON = { email: { from: FROM }, passwordless: { enabled: true, redirectUrls: ['https://app.example.com/sign-in/link'] } };
const CHALLENGE_TRIGGERS = ['define-auth-challenge', 'create-auth-challenge', 'verify-auth-challenge-response'];
const trigger = (name: string) => TRIGGERS.find((each) => each.name === name)!;

function problemsOf(raw: Record<string, unknown>): readonly string[] {
  try {
    parseStackConfig(raw);
  } catch (error) {
    if (error instanceof StackConfigError) return error.problems;
    throw error;
  }
  expect.fail('the configuration was accepted');
}

describe('infra: gatehouse:passwordless', () => {
  describe('the setting', () => {
    it('is off by default, with a 5-minute link, 3 answers and 3 links per 15 minutes', () => {
      expect(parseStackConfig({}).passwordless).to.deep.equal({
        enabled: false,
        linkValidityMinutes: 5,
        redirectUrls: [],
        maxAnswers: 3,
        maxLinksPerWindow: 3,
        windowMinutes: 15,
      });
    });

    it('normalises the redirect URLs as browsers spell them', () => {
      const config = parseStackConfig({ ...ON, passwordless: { enabled: true, redirectUrls: ['HTTPS://App.Example.com/sign-in', 'http://localhost:3000/cb', 'http://127.0.0.1:8080'] } });
      expect(config.passwordless.redirectUrls).to.deep.equal(['https://app.example.com/sign-in', 'http://localhost:3000/cb', 'http://127.0.0.1:8080/']);
    });

    const refused: [string, Record<string, unknown>, RegExp][] = [
      ['a link valid more than 10 minutes (OWASP)', { passwordless: { linkValidityMinutes: 11 } }, /^gatehouse:passwordless\.linkValidityMinutes must be an integer from 1 to 10 /],
      ['http to a host that is not this machine', { passwordless: { redirectUrls: ['http://app.example.com/cb'] } }, /^gatehouse:passwordless\.redirectUrls\[0\] must be an https URL/],
      ['a URL with a fragment (the token goes there)', { passwordless: { redirectUrls: ['https://app.example.com/cb#x'] } }, /redirectUrls\[0\] must be an https URL .*without user, password, fragment or comma/],
      ['a URL with credentials', { passwordless: { redirectUrls: ['https://user:pw@app.example.com/'] } }, /redirectUrls\[0\] must be/],
      ['a URL with a comma (the environment joins with commas)', { passwordless: { redirectUrls: ['https://app.example.com/a,b'] } }, /redirectUrls\[0\] must be/],
      ['not a URL', { passwordless: { redirectUrls: ['app.example.com/cb'] } }, /redirectUrls\[0\] must be/],
      ['a URL longer than 200 characters', { passwordless: { redirectUrls: [`https://app.example.com/${'p'.repeat(200)}`] } }, /redirectUrls\[0\] must be at most 200 characters/],
      ['more than 5 URLs', { passwordless: { redirectUrls: Array.from({ length: 6 }, (_, index) => `https://app.example.com/${index}`) } }, /redirectUrls must list at most 5 URLs/],
      ['the same URL twice once normalised', { passwordless: { redirectUrls: ['https://app.example.com/cb', 'https://APP.example.com/cb'] } }, /redirectUrls repeats a URL/],
      ['no answers', { passwordless: { maxAnswers: 0 } }, /maxAnswers must be an integer from 1 to 10/],
      ['an unknown key', { passwordless: { linkValiditySeconds: 60 } }, /linkValiditySeconds/],
    ];
    for (const [what, raw, pattern] of refused) {
      it(`refuses ${what}, naming the key`, () => {
        expect(problemsOf(raw).some((problem) => pattern.test(problem)), problemsOf(raw).join('\n')).to.equal(true);
      });
    }

    it('needs redirect URLs and a sender when enabled', () => {
      expect(problemsOf({ passwordless: { enabled: true } })).to.have.members([
        'gatehouse:passwordless.redirectUrls must name at least one URL with gatehouse:passwordless.enabled (where the links lead)',
        'gatehouse:passwordless.enabled needs gatehouse:email.from (the sender of the sign-in links) (got true)',
      ]);
    });
  });

  describe('the triggers and their rights', () => {
    it('provisions the three challenge triggers only when enabled', () => {
      expect(triggersOf(parseStackConfig({})).map((each) => each.name)).to.not.include.members(CHALLENGE_TRIGGERS);
      expect(triggersOf(parseStackConfig(ON)).map((each) => each.name)).to.include.members(CHALLENGE_TRIGGERS);
    });

    it('gives DefineAuthChallenge nothing but its own logs: it decides from the session alone', () => {
      const config = parseStackConfig(ON);
      const policy = triggerPolicy(trigger('define-auth-challenge'), config, { tableArn: 'arn:table', logGroupArn: 'arn:logs', secretParameterArns: { accountKey: 'arn:key' }, keyArn: 'arn:kms' });
      expect(policy.Statement.map((statement) => statement.Sid)).to.deep.equal(['WriteOwnLogs']);
      expect(poolAccessPolicy(trigger('define-auth-challenge'), { poolArn: 'arn:pool', poolId: 'p', keyArn: 'arn:kms' }, config)).to.equal(undefined);
    });

    it('gives CreateAuthChallenge the table writes of a counted attempt and a stored link, the account key, and SES as the stack', () => {
      const create = trigger('create-auth-challenge');
      const config = parseStackConfig(ON);
      expect(create.tableActions(config)).to.deep.equal(['dynamodb:UpdateItem', 'dynamodb:GetItem', 'dynamodb:PutItem']);
      expect(create.secrets(config)).to.deep.equal(['accountKey']);
      expect(create.sendsMailWithSes(config)).to.equal(true);
      expect(create.poolActions(config)).to.deep.equal([]);
      expect(create.renders?.(config)).to.deep.equal(['mail']);
      // With the lock alert and forced resets, what a counted attempt may do as in PreAuthentication.
      const strict = parseStackConfig({ ...ON, alerts: { accountLocked: true }, forcedReset: { enabled: true } });
      expect(create.tableActions(strict)).to.include('dynamodb:DeleteItem');
      expect(create.poolActions(strict)).to.deep.equal(['cognito-idp:AdminResetUserPassword']);
      expect(create.renders?.(strict)).to.deep.equal(['mail', 'alert']);
      const smtp = parseStackConfig({ ...ON, email: { from: FROM, provider: 'smtp', smtp: { host: 'smtp.example.com', username: 'gatehouse' } } });
      expect(create.secrets(smtp)).to.deep.equal(['accountKey', 'smtpPassword']);
      expect(create.sendsMailWithSes(smtp)).to.equal(false);
    });

    it('gives VerifyAuthChallengeResponse the writes of a counted attempt and the delete that uses a link up, and no mail unless lock alerts are on', () => {
      const verify = trigger('verify-auth-challenge-response');
      const config = parseStackConfig(ON);
      expect(verify.tableActions(config)).to.deep.equal(['dynamodb:UpdateItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:DeleteItem']);
      expect(verify.secrets(config)).to.deep.equal(['accountKey']);
      expect(verify.sendsMailWithSes(config)).to.equal(false);
      expect(verify.sendsMailWithSes(parseStackConfig({ ...ON, alerts: { accountLocked: true } }))).to.equal(true);
    });
  });

  describe('the app client', () => {
    it('allows CUSTOM_AUTH only when enabled, and keeps a sign-in session as long as a link (3 minutes at least)', () => {
      expect(appClientAuthFlows(parseStackConfig({}))).to.not.include('ALLOW_CUSTOM_AUTH');
      expect(appClientSettings(parseStackConfig({}))).to.not.have.property('authSessionValidity');
      const on = appClientSettings(parseStackConfig(ON));
      expect(on.explicitAuthFlows).to.deep.equal(['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_CUSTOM_AUTH']);
      expect(on).to.include({ authSessionValidity: 5, preventUserExistenceErrors: 'ENABLED' });
      const short = appClientSettings(parseStackConfig({ ...ON, passwordless: { ...ON.passwordless, linkValidityMinutes: 1 } }));
      expect(short).to.include({ authSessionValidity: 3 });
      const long = appClientSettings(parseStackConfig({ ...ON, passwordless: { ...ON.passwordless, linkValidityMinutes: 10 } }));
      expect(long).to.include({ authSessionValidity: 10 });
    });
  });

  describe('the functions\' environment, read back by the handlers', () => {
    it('carries the policy in seconds, to the three challenge functions only', () => {
      const config = parseStackConfig({ ...ON, passwordless: { ...ON.passwordless, linkValidityMinutes: 7, maxAnswers: 2, maxLinksPerWindow: 4, windowMinutes: 30 } });
      const common = functionEnvironment(config, { tableName: 'gatehouse-table', accountKeyParameter: '/gatehouse-test/account-key' });
      expect(readHandlerConfig(common).passwordless).to.equal(undefined);
      expect(Object.keys(common).filter((name) => name.startsWith('PASSWORDLESS_'))).to.deep.equal([]);
      const read = readHandlerConfig({ ...common, ...passwordlessEnvironment(config) });
      expect(read.passwordless).to.deep.equal({
        linkValiditySeconds: 420,
        maxAnswers: 2,
        maxLinksPerWindow: 4,
        windowSeconds: 1800,
        redirectUrls: ['https://app.example.com/sign-in/link'],
      });
    });

    it('has no policy when off', () => {
      const read = readHandlerConfig(functionEnvironment(parseStackConfig({}), { tableName: 'gatehouse-table', accountKeyParameter: '/gatehouse-test/account-key' }));
      expect(read).to.not.have.property('passwordless');
    });
  });
});
