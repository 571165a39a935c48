import { expect } from 'chai';
import { MIGRATABLE_ATTRIBUTES as DOMAIN_ATTRIBUTES } from '../../domain';
import { readHandlerConfig } from '../../handlers/composition/handler-config';
import { checkSecrets, parseStackConfig, requiredSecrets, StackConfigError } from '../../infra/config';
import { MIGRATABLE_ATTRIBUTES } from '../../infra/config-schema';
import { functionEnvironment } from '../../infra/function-environment';
import { triggerPolicy } from '../../infra/iam-policies';
import { appClientSettings } from '../../infra/pool-settings';
import { TRIGGERS, triggersOf } from '../../infra/triggers';

const LEGACY_POOL_ARN = 'arn:aws:cognito-idp:eu-central-1:123456789012:userpool/eu-central-1_0ldP00l';
const COGNITO = { enabled: true, source: 'cognito', cognito: { userPoolArn: LEGACY_POOL_ARN, clientId: '1example23456789abcdefghij' } };
const HTTP = { enabled: true, source: 'http', http: { url: 'https://legacy.example.com/gatehouse' } };
const migrationTrigger = () => {
  const found = TRIGGERS.find((trigger) => trigger.name === 'user-migration');
  if (!found) throw new Error('no user-migration trigger');
  return found;
};

function problemsOf(migration: unknown): string[] {
  try {
    parseStackConfig({ migration });
  } catch (error) {
    if (error instanceof StackConfigError) return [...error.problems];
    throw error;
  }
  return [];
}

describe('infra: gatehouse:migration', () => {
  it('is off by default: no trigger, no USER_PASSWORD_AUTH, no migration variables, no secret', () => {
    const config = parseStackConfig({});
    expect(triggersOf(config).map((trigger) => trigger.name)).not.to.include('user-migration');
    expect(appClientSettings(config).explicitAuthFlows).to.deep.equal(['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH']);
    expect(Object.keys(functionEnvironment(config, { tableName: 'gatehouse-t', accountKeyParameter: '/p/account-key' })).filter((name) => /MIGRATION|LEGACY/.test(name))).to.deep.equal([]);
    expect(requiredSecrets(config).legacyEndpointSecret).to.equal(undefined);
  });

  it('with a legacy Cognito pool: the trigger, USER_PASSWORD_AUTH, and admin rights on that pool only', () => {
    const config = parseStackConfig({ migration: COGNITO });
    expect(triggersOf(config).map((trigger) => trigger.name)).to.include('user-migration');
    expect(appClientSettings(config).explicitAuthFlows).to.deep.equal(['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_PASSWORD_AUTH']);
    const policy = triggerPolicy(migrationTrigger(), config, {
      tableArn: 'arn:aws:dynamodb:eu-west-1:123456789012:table/gatehouse',
      logGroupArn: 'arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/gatehouse-user-migration',
      secretParameterArns: { accountKey: 'arn:aws:ssm:eu-west-1:123456789012:parameter/gatehouse/account-key' },
      keyArn: 'arn:aws:kms:eu-west-1:123456789012:key/k',
    });
    expect(policy.Statement.map((statement) => [statement.Sid, statement.Action, statement.Resource])).to.deep.equal([
      ['WriteOwnLogs', ['logs:CreateLogStream', 'logs:PutLogEvents'], ['arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/gatehouse-user-migration:*']],
      ['UseTable', ['dynamodb:GetItem'], ['arn:aws:dynamodb:eu-west-1:123456789012:table/gatehouse']],
      ['ReadAccountKeySecret', ['ssm:GetParameter'], ['arn:aws:ssm:eu-west-1:123456789012:parameter/gatehouse/account-key']],
      ['DecryptAccountKeySecret', ['kms:Decrypt'], ['arn:aws:kms:eu-west-1:123456789012:key/k']],
      ['ReadLegacyPool', ['cognito-idp:AdminInitiateAuth', 'cognito-idp:AdminGetUser'], [LEGACY_POOL_ARN]],
    ]);
    const environment = functionEnvironment(config, { tableName: 'gatehouse-t', accountKeyParameter: '/p/account-key' });
    expect(environment).to.include({
      MIGRATION_SOURCE: 'cognito',
      MIGRATION_FINAL_USER_STATUS: 'CONFIRMED',
      MIGRATION_ATTRIBUTES: 'name=name,given_name=given_name,family_name=family_name,locale=locale',
      LEGACY_COGNITO_USER_POOL_ID: 'eu-central-1_0ldP00l',
      LEGACY_COGNITO_REGION: 'eu-central-1',
      LEGACY_COGNITO_CLIENT_ID: '1example23456789abcdefghij',
    });
    // What infra renders is what the handlers read.
    const read = readHandlerConfig({ ...environment, ACCOUNT_KEY_PARAMETER: '/p/account-key' });
    expect(read.migration).to.deep.equal({
      policy: { finalUserStatus: 'CONFIRMED', attributes: { name: 'name', given_name: 'given_name', family_name: 'family_name', locale: 'locale' } },
      legacy: { source: 'cognito', userPoolId: 'eu-central-1_0ldP00l', region: 'eu-central-1', clientId: '1example23456789abcdefghij' },
    });
  });

  it('with an HTTP endpoint: the shared secret is required, stored as a secret, and readable by UserMigration only', () => {
    const config = parseStackConfig({ migration: { ...HTTP, finalUserStatus: 'RESET_REQUIRED', attributes: { given_name: 'firstName' } } });
    expect(requiredSecrets(config)).to.deep.equal({ legacyEndpointSecret: 'gatehouse:migration.source is http' });
    expect(() => checkSecrets(config, {})).to.throw(StackConfigError, 'gatehouse:legacyEndpointSecret is required because gatehouse:migration.source is http');
    expect(() => checkSecrets(config, { legacyEndpointSecret: { secret: false } })).to.throw(StackConfigError, 'stored in plain text');
    expect(() => checkSecrets(config, { legacyEndpointSecret: { secret: true } })).not.to.throw();
    const readers = TRIGGERS.filter((trigger) => trigger.provisioned(config) && trigger.secrets(config).includes('legacyEndpointSecret'));
    expect(readers.map((trigger) => trigger.name)).to.deep.equal(['user-migration']);
    expect(migrationTrigger().legacyPool?.(config)).to.equal(undefined);
    const environment = functionEnvironment(config, {
      tableName: 'gatehouse-t',
      accountKeyParameter: '/p/account-key',
      secretParameters: { legacyEndpointSecret: '/p/legacy-endpoint-secret' },
    });
    const read = readHandlerConfig({ ...environment });
    expect(read.migration).to.deep.equal({
      policy: { finalUserStatus: 'RESET_REQUIRED', attributes: { given_name: 'firstName' } },
      legacy: { source: 'http', url: 'https://legacy.example.com/gatehouse', secretParameter: '/p/legacy-endpoint-secret' },
    });
  });

  it('with imported users: no legacy service to reach, no secret, the table read only', () => {
    const config = parseStackConfig({ migration: { enabled: true, source: 'imported' } });
    expect(requiredSecrets(config)).to.deep.equal({});
    expect(migrationTrigger().legacyPool?.(config)).to.equal(undefined);
    expect(migrationTrigger().tableActions(config)).to.deep.equal(['dynamodb:GetItem']);
    const environment = functionEnvironment(config, { tableName: 'gatehouse-t', accountKeyParameter: '/p/account-key' });
    expect(readHandlerConfig(environment).migration?.legacy).to.deep.equal({ source: 'imported' });
    expect(problemsOf({ enabled: true, source: 'imported', http: HTTP.http })[0]).to.match(/^gatehouse:migration\.http is used only with gatehouse:migration\.source http/);
  });

  it('names the key of every mistake', () => {
    const key = 'gatehouse:migration';
    expect(problemsOf({ enabled: true })).to.deep.equal([`${key}.source is required with gatehouse:migration.enabled (one of cognito, http, imported)`]);
    expect(problemsOf({ enabled: true, source: 'cognito' })).to.deep.equal([
      `${key}.cognito is required with gatehouse:migration.source cognito ({"userPoolArn": …, "clientId": …})`,
    ]);
    expect(problemsOf({ ...COGNITO, http: HTTP.http })[0]).to.match(/^gatehouse:migration\.http is used only with gatehouse:migration\.source http/);
    expect(problemsOf({ ...HTTP, http: { url: 'http://legacy.example.com/x' } })[0]).to.match(/^gatehouse:migration\.http\.url must be an https URL/);
    expect(problemsOf({ ...HTTP, http: { url: 'http://127.0.0.1:8080/x' } })).to.deep.equal([]);
    expect(problemsOf({ ...HTTP, http: { url: 'https://user:pw@legacy.example.com/' } })[0]).to.match(/^gatehouse:migration\.http\.url must be an https URL without credentials/);
    expect(problemsOf({ ...COGNITO, cognito: { ...COGNITO.cognito, userPoolArn: 'arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-central-1_x' } })[0]).to.match(
      /^gatehouse:migration\.cognito\.userPoolArn must be a user pool ARN/,
    );
    expect(problemsOf({ ...COGNITO, finalUserStatus: 'UNCONFIRMED' })).to.deep.equal([
      `${key}.finalUserStatus must be one of CONFIRMED, RESET_REQUIRED (got "UNCONFIRMED")`,
    ]);
    expect(problemsOf({ ...COGNITO, attributes: { email_verified: 'verified' } })[0]).to.match(/^gatehouse:migration\.attributes/);
    expect(problemsOf({ ...COGNITO, attributes: { given_name: 'first name' } })[0]).to.match(/^gatehouse:migration\.attributes\.given_name must be the name of a legacy attribute/);
    expect(problemsOf({ ...COGNITO, cognito: { ...COGNITO.cognito, secret: 'x' } })).to.deep.equal([`${key}.cognito.secret is not a known setting`]);
  });

  it('refuses, naming the variable, a migration environment the function could not work with', () => {
    const base = { TABLE_NAME: 'gatehouse-t', ACCOUNT_KEY_PARAMETER: '/p/account-key' };
    const problem = (environment: Record<string, string>) => {
      try {
        readHandlerConfig({ ...base, ...environment });
      } catch (error) {
        return (error as Error).message;
      }
      return 'accepted';
    };
    expect(problem({ MIGRATION_SOURCE: 'ldap' })).to.contain('MIGRATION_SOURCE must be none, cognito, http or imported');
    expect(problem({ MIGRATION_SOURCE: 'cognito' })).to.contain('MIGRATION_SOURCE cognito needs LEGACY_COGNITO_USER_POOL_ID');
    expect(problem({ MIGRATION_SOURCE: 'http', LEGACY_ENDPOINT_URL: 'https://legacy.example.com' })).to.contain('LEGACY_ENDPOINT_SECRET_PARAMETER');
    const pool = { MIGRATION_SOURCE: 'cognito', LEGACY_COGNITO_USER_POOL_ID: 'eu-west-1_Old', LEGACY_COGNITO_REGION: 'eu-west-1', LEGACY_COGNITO_CLIENT_ID: 'c' };
    expect(problem({ ...pool, MIGRATION_ATTRIBUTES: 'given_name' })).to.contain('MIGRATION_ATTRIBUTES has an invalid entry "given_name"');
    expect(problem({ ...pool, MIGRATION_ATTRIBUTES: 'email_verified=verified' })).to.contain('migration cannot fill the attribute email_verified');
    expect(problem({ ...pool, MIGRATION_FINAL_USER_STATUS: 'FORCE_CHANGE_PASSWORD' })).to.contain('MIGRATION_FINAL_USER_STATUS must be CONFIRMED or RESET_REQUIRED');
    expect(problem(pool)).to.equal('accepted');
    expect(readHandlerConfig(base).migration).to.equal(undefined);
  });

  it('allows the same attributes as the domain\'s allow-list', () => {
    expect([...MIGRATABLE_ATTRIBUTES]).to.deep.equal([...DOMAIN_ATTRIBUTES]);
  });
});
