import { expect } from 'chai';
import {
  appClientName,
  keyAliasName,
  logGroupName,
  NamingError,
  physicalNames,
  physicalPrefix,
  tableName,
  triggerFunctionName,
  triggerRoleName,
  userPoolName,
} from '../../infra/naming';
import { TRIGGERS } from '../../infra/triggers';

const longestTrigger = Math.max(...TRIGGERS.map((trigger) => trigger.name.length));
const trigger = TRIGGERS[0]!;

describe('infra: naming', () => {
  it('prefixes AWS names with the program and stack names', () => {
    expect(physicalPrefix('gatehouse', 'dev', TRIGGERS)).to.equal('gatehouse-dev');
    expect(triggerFunctionName('gatehouse-dev', trigger)).to.equal(`gatehouse-dev-${trigger.name}`);
  });

  it('derives every name from the prefix', () => {
    expect(triggerRoleName('gatehouse-dev', trigger)).to.equal(`gatehouse-dev-${trigger.name}`);
    expect(logGroupName(`gatehouse-dev-${trigger.name}`)).to.equal(`/aws/lambda/gatehouse-dev-${trigger.name}`);
    expect(tableName('gatehouse-dev')).to.equal('gatehouse-dev');
    expect(userPoolName('gatehouse-dev')).to.equal('gatehouse-dev');
    expect(appClientName('gatehouse-dev')).to.equal('gatehouse-dev-app');
    expect(keyAliasName('gatehouse-dev')).to.equal('alias/gatehouse-dev');
    expect(physicalNames('gatehouse-dev', TRIGGERS).map(([, name]) => name)).to.include('/gatehouse-dev/account-key');
  });

  it('checks a name for each function, role and log group, and the table, pool, client, alias and parameter', () => {
    const names = physicalNames('gatehouse-dev', TRIGGERS);
    expect(names).to.have.length(TRIGGERS.length * 3 + 5);
    expect(new Set(names.map(([rule]) => rule.service))).to.deep.equal(
      new Set(['Lambda', 'IAM', 'CloudWatch Logs', 'DynamoDB', 'Cognito', 'KMS', 'SSM']),
    );
  });

  it('takes gatehouse:namePrefix instead of the stack name when the stack sets it', () => {
    expect(physicalPrefix('gatehouse', 'renamed', TRIGGERS, 'gatehouse-dev')).to.equal('gatehouse-dev');
  });

  it('refuses a stack name with characters Lambda refuses in function names', () => {
    expect(() => physicalPrefix('gatehouse', 'team/dev', TRIGGERS)).to.throw(NamingError, 'stack "team/dev"');
  });

  it('refuses a stack name that makes a function name longer than 64 characters', () => {
    const fits = 'x'.repeat(64 - 'gatehouse-'.length - 1 - longestTrigger);
    expect(physicalPrefix('gatehouse', fits, TRIGGERS)).to.equal(`gatehouse-${fits}`);
    expect(() => physicalPrefix('gatehouse', `${fits}x`, TRIGGERS)).to.throw('at most 64 characters');
  });

  it('names gatehouse:namePrefix, not the stack, when the prefix came from there', () => {
    const tooLong = 'p'.repeat(64 - longestTrigger);
    expect(() => physicalPrefix('gatehouse', 'dev', TRIGGERS, tooLong)).to.throw(
      NamingError,
      new RegExp(`^gatehouse:namePrefix "${tooLong}" gives the function name "${tooLong}-[a-z-]+", which Lambda refuses .*: choose a shorter or simpler gatehouse:namePrefix$`),
    );
  });

  it('refuses a prefix that gives a table name DynamoDB refuses (at least 3 characters)', () => {
    expect(() => physicalPrefix('gatehouse', 'dev', TRIGGERS, 'ab')).to.throw(
      NamingError,
      'gatehouse:namePrefix "ab" gives the table name "ab", which DynamoDB refuses (letters, digits, "_", "-" and "." only, 3 to 255 characters)',
    );
    expect(physicalPrefix('gatehouse', 'dev', TRIGGERS, 'abc')).to.equal('abc');
  });

  it('refuses a stack name that gives a key alias KMS refuses, naming the stack and the way out', () => {
    // A dot passes Lambda's rules only if there are no triggers; with none, the alias is the first to refuse it.
    expect(() => physicalPrefix('gatehouse', 'prod.eu', [])).to.throw(
      NamingError,
      /^stack "prod\.eu" gives the key alias "alias\/gatehouse-prod\.eu", which KMS refuses .*: choose a shorter or simpler stack name, or set gatehouse:namePrefix$/,
    );
  });

  it('refuses a prefix that gives an SSM parameter name AWS reserves', () => {
    expect(() => physicalPrefix('gatehouse', 'dev', TRIGGERS, 'aws-prod')).to.throw(NamingError, 'the parameter name "/aws-prod/account-key", which SSM refuses');
  });
});
