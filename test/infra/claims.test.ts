/**
 * `gatehouse:claims` through the program: validated with errors that name the key, the PreTokenGeneration
 * function with exactly the rights its policy needs, `preTokenGenerationConfig` with the event version, the
 * tenant's custom attribute on the pool and out of the app client's write attributes, and the variables
 * the function alone gets, read back by the handlers as the same policy.
 */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { readHandlerConfig } from '../../handlers/composition/handler-config';
import { parseStackConfig, StackConfigError } from '../../infra/config';
import { assertEnvironmentFits, claimsEnvironment, functionEnvironment } from '../../infra/function-environment';
import { triggerPolicy } from '../../infra/iam-policies';
import { lambdaConfigOf, preTokenGenerationVersion } from '../../infra/lambda-config';
import { appClientSettings, customAttributes, poolSettings, USER_WRITABLE_ATTRIBUTES } from '../../infra/pool-settings';
import { TRIGGERS, triggersOf } from '../../infra/triggers';

const preTokenGeneration = TRIGGERS.find((trigger) => trigger.name === 'pre-token-generation')!;
const ARNS = {
  tableArn: 'arn:aws:dynamodb:eu-west-1:123456789012:table/gatehouse-dev',
  logGroupArn: 'arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/gatehouse-dev-pre-token-generation',
  secretParameterArns: { accountKey: 'arn:aws:ssm:eu-west-1:123456789012:parameter/gatehouse-dev/account-key' },
  keyArn: 'arn:aws:kms:eu-west-1:123456789012:key/0f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a',
};
const FROM_ATTRIBUTE = { enabled: true, eventVersion: 'V2_0', tenant: { from: 'attribute', attribute: 'custom:tenant' }, scopes: ['orders.read'] };
const FROM_RECORD = { enabled: true, tenant: { from: 'account-record' } };

function problemsOf(raw: Record<string, unknown>): readonly string[] {
  try {
    parseStackConfig(raw);
  } catch (error) {
    expect(error).to.be.instanceOf(StackConfigError);
    return (error as StackConfigError).problems;
  }
  throw new Error('the configuration was accepted');
}

describe('infra: gatehouse:claims', () => {
  describe('validation', () => {
    it('refuses V2_0 on the lite plan, naming both keys', () => {
      expect(problemsOf({ pool: { featurePlan: 'lite' }, claims: { enabled: true, eventVersion: 'V2_0' } })).to.deep.equal([
        'gatehouse:claims.eventVersion V2_0 needs gatehouse:pool.featurePlan essentials or plus (Cognito customises access tokens only there); use V1_0 on lite (got "V2_0")',
      ]);
      expect(parseStackConfig({ pool: { featurePlan: 'lite' }, claims: { enabled: true, eventVersion: 'V1_0' } }).claims.eventVersion).to.equal('V1_0');
      expect(parseStackConfig({ pool: { featurePlan: 'plus' }, claims: { enabled: true, eventVersion: 'V2_0' } }).claims.eventVersion).to.equal('V2_0');
    });

    it('refuses every claim Cognito keeps for itself, wherever the policy names it', () => {
      for (const name of ['sub', 'iss', 'aud', 'exp', 'iat', 'token_use', 'cognito:username', 'cognito:groups', 'scope', 'client_id', 'auth_time', 'jti', 'origin_jti']) {
        expect(problemsOf({ claims: { suppress: [name] } }), name).to.deep.equal([
          `gatehouse:claims.suppress[0] is a claim Cognito never lets a trigger add, change or suppress (got "${name}")`,
        ]);
        expect(problemsOf({ claims: { tenant: { from: 'account-record', claim: name } } })[0], name).to.match(/^gatehouse:claims\.tenant\.claim is a claim Cognito never/);
        expect(problemsOf({ claims: { roles: { claim: name } } })[0], name).to.match(/^gatehouse:claims\.roles\.claim is a claim Cognito never/);
      }
    });

    it('refuses scopes without V2_0, Cognito\'s own scopes, and a claim the policy both adds and suppresses', () => {
      expect(problemsOf({ claims: { scopes: ['orders.read'] } })).to.deep.equal([
        'gatehouse:claims.scopes needs gatehouse:claims.eventVersion V2_0 (V1_0 cannot change the access token) (got ["orders.read"])',
      ]);
      expect(problemsOf({ claims: { eventVersion: 'V2_0', scopes: ['openid', 'has space'] } })).to.have.length(2);
      expect(problemsOf({ claims: { tenant: { from: 'account-record' }, suppress: ['tenant'] } })).to.deep.equal([
        'gatehouse:claims.suppress[0] is a claim the policy adds (got "tenant")',
      ]);
      expect(problemsOf({ claims: { tenant: { from: 'account-record' }, roles: { claim: 'tenant' } } })[0]).to.match(/roles\.claim is also gatehouse:claims\.tenant\.claim/);
    });

    it('needs the attribute with from attribute, a custom one, and refuses it otherwise; refuses unknown keys', () => {
      expect(problemsOf({ claims: { tenant: { from: 'attribute' } } })).to.deep.equal(['gatehouse:claims.tenant.attribute is required with from attribute (e.g. "custom:tenant")']);
      expect(problemsOf({ claims: { tenant: { from: 'attribute', attribute: 'tenant' } } })[0]).to.match(/^gatehouse:claims\.tenant\.attribute must be a custom attribute/);
      expect(problemsOf({ claims: { tenant: { from: 'account-record', attribute: 'custom:tenant' } } })).to.deep.equal([
        'gatehouse:claims.tenant.attribute is used only with from attribute (got "custom:tenant")',
      ]);
      expect(problemsOf({ claims: { tenant: { from: 'header' } } })[0]).to.match(/^gatehouse:claims\.tenant\.from must be one of attribute, account-record/);
      expect(problemsOf({ claims: { tennant: {} } })).to.deep.equal(['gatehouse:claims.tennant is not a known setting']);
      expect(problemsOf({ claims: { roles: { groups: { admins: 'admin' } } } })[0]).to.match(/^gatehouse:claims\.roles\.groups\.admins must be a list of role names/);
      expect(problemsOf({ claims: { roles: { groups: { 'Support Team': ['reader'] } } } })[0]).to.match(/^gatehouse:claims\.roles\.groups\.Support Team is not a Cognito group name/);
    });

    it('defaults to off, V1_0, email out of the ID token; the tenant refused when missing and named tenant', () => {
      expect(parseStackConfig({}).claims).to.deep.equal({ enabled: false, eventVersion: 'V1_0', scopes: [], suppress: ['email'] });
      expect(parseStackConfig({ claims: FROM_RECORD }).claims.tenant).to.deep.equal({ from: 'account-record', claim: 'tenant', whenMissing: 'refuse' });
    });
  });

  describe('the function and its rights', () => {
    it('is provisioned only when the policy is on', () => {
      expect(triggersOf(parseStackConfig({})).map((trigger) => trigger.name)).to.not.include('pre-token-generation');
      expect(triggersOf(parseStackConfig({ claims: { enabled: true } })).map((trigger) => trigger.name)).to.include('pre-token-generation');
    });

    it('gets nothing but its logs unless the tenant comes from the record; then GetItem on the table and the account key', () => {
      for (const claims of [{ enabled: true }, FROM_ATTRIBUTE]) {
        const config = parseStackConfig({ claims });
        expect(preTokenGeneration.tableActions(config)).to.deep.equal([]);
        expect(preTokenGeneration.secrets(config)).to.deep.equal([]);
        expect(triggerPolicy(preTokenGeneration, config, ARNS).Statement.map((statement) => statement.Sid)).to.deep.equal(['WriteOwnLogs']);
      }
      const config = parseStackConfig({ claims: FROM_RECORD });
      const statements = triggerPolicy(preTokenGeneration, config, ARNS).Statement;
      expect(statements.find((statement) => statement.Sid === 'UseTable')).to.deep.include({ Action: ['dynamodb:GetItem'], Resource: [ARNS.tableArn] });
      expect(preTokenGeneration.secrets(config)).to.deep.equal(['accountKey']);
      expect(preTokenGeneration.poolActions(config)).to.deep.equal([]);
      expect(preTokenGeneration.startsReminders(config) || preTokenGeneration.sendsMailWithSes(config)).to.equal(false);
    });

    it('is attached with preTokenGenerationConfig and the stack\'s event version, never the plain V1_0 field', () => {
      const arn = 'arn:aws:lambda:eu-west-1:123456789012:function:gatehouse-dev-pre-token-generation';
      for (const version of ['V1_0', 'V2_0'] as const) {
        const config = parseStackConfig({ claims: { enabled: true, eventVersion: version } });
        expect(preTokenGenerationVersion(config)).to.equal(version);
        const lambdaConfig = lambdaConfigOf([{ field: 'preTokenGeneration', arn }], ARNS.keyArn, preTokenGenerationVersion(config));
        expect(lambdaConfig).to.deep.equal({ preTokenGenerationConfig: { lambdaArn: arn, lambdaVersion: version } });
      }
      expect(() => lambdaConfigOf([{ field: 'preTokenGeneration', arn }, { field: 'preTokenGeneration', arn }], ARNS.keyArn)).to.throw('two functions for lambdaConfig.preTokenGeneration');
    });
  });

  describe('the pool', () => {
    it('gets the tenant\'s custom attribute, which the app client may not write, only for a tenant from an attribute', () => {
      const config = parseStackConfig({ claims: FROM_ATTRIBUTE });
      expect(poolSettings(config).schemas).to.deep.equal([
        { name: 'tenant', attributeDataType: 'String', mutable: true, developerOnlyAttribute: false, required: false, stringAttributeConstraints: { minLength: '1', maxLength: '64' } },
      ]);
      const { writeAttributes } = appClientSettings(config) as { writeAttributes?: string[] };
      expect(writeAttributes).to.deep.equal([...USER_WRITABLE_ATTRIBUTES]);
      expect(writeAttributes).to.include.members(['email', 'name', 'locale']).and.not.include('custom:tenant');
      // Turned off, the policy keeps the attribute on the pool (Cognito never removes one) and out of the client's writes.
      const off = parseStackConfig({ claims: { ...FROM_ATTRIBUTE, enabled: false } });
      expect(poolSettings(off).schemas).to.deep.equal(poolSettings(config).schemas);
      expect(appClientSettings(off)).to.have.property('writeAttributes');
      for (const other of [{}, { claims: FROM_RECORD }]) {
        const settings = parseStackConfig(other);
        expect(customAttributes(settings)).to.deep.equal([]);
        expect(poolSettings(settings)).to.not.have.property('schemas');
        expect(appClientSettings(settings)).to.not.have.property('writeAttributes');
      }
    });
  });

  describe('the environment', () => {
    it('gives the policy to PreTokenGeneration alone, and the handlers read it back as the same policy', () => {
      const config = parseStackConfig({
        claims: { ...FROM_ATTRIBUTE, roles: { claim: 'roles', groups: { admins: ['admin', 'billing'], 'support-team': ['reader'] } }, suppress: ['email', 'phone_number'] },
      });
      expect(preTokenGeneration.environment?.(config)).to.deep.equal(claimsEnvironment(config));
      expect(TRIGGERS.filter((trigger) => trigger.environment === claimsEnvironment).map((trigger) => trigger.name)).to.deep.equal(['pre-token-generation']);
      const common = functionEnvironment(config, { tableName: 'gatehouse-dev', accountKeyParameter: '/gatehouse-dev/account-key' });
      expect(Object.keys(common).filter((name) => name.startsWith('CLAIMS_'))).to.deep.equal([]);
      expect(readHandlerConfig({ ...common, ...claimsEnvironment(config) }).claims).to.deep.equal({
        eventVersion: 'V2_0',
        tenant: { from: 'attribute', attribute: 'custom:tenant', claim: 'tenant', whenMissing: 'refuse' },
        roles: { claim: 'roles', groups: { admins: ['admin', 'billing'], 'support-team': ['reader'] } },
        scopes: ['orders.read'],
        suppress: ['email', 'phone_number'],
      });
    });

    it('refuses a group map that would not fit the function\'s 4 KB, naming the setting', () => {
      const groups = Object.fromEntries(Array.from({ length: 120 }, (_, index) => [`group-number-${index}`, ['role-a', 'role-b']]));
      const config = parseStackConfig({ claims: { enabled: true, roles: { groups } } });
      expect(() => assertEnvironmentFits(config, { tableName: 'gatehouse-dev', accountKeyParameter: '/gatehouse-dev/account-key' }, claimsEnvironment(config))).to.throw(
        StackConfigError,
        /gatehouse:claims\.roles\.groups makes the environment of the PreTokenGeneration function \d+ bytes/,
      );
    });
  });

  describe('Pulumi.dev.yaml', () => {
    it('shows the tenant and roles commented out, valid once uncommented', () => {
      const text = readFileSync(join(__dirname, '..', '..', 'Pulumi.dev.yaml'), 'utf8');
      const start = text.indexOf('  gatehouse:claims:\n');
      const section = text.slice(start).split('\n').slice(1);
      const lines = section.slice(0, section.findIndex((line) => !line.startsWith('    ')));
      const uncommented = parse(lines.map((line) => line.replace(/^( {4})# /, '$1').replace(/^ {4}/, '')).join('\n')) as Record<string, unknown>;
      const config = parseStackConfig({ claims: { ...uncommented, enabled: true } });
      expect(config.claims.tenant).to.deep.equal({ from: 'attribute', attribute: 'custom:tenant', claim: 'tenant', whenMissing: 'refuse' });
      expect(config.claims.roles).to.deep.equal({ claim: 'roles', groups: { admins: ['admin'] } });
    });
  });
});
