import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TRIGGERS } from '../../infra/triggers';
import type { RecordedResource } from '../../scripts/plan';
import {
  asList,
  buildGatehouse,
  defaultProgram,
  parsePolicy,
  TEST_STACK,
  TYPES,
  type BuiltProgram,
} from './support/program';

const root = join(__dirname, '..', '..');

/**
 * Whether a resource type takes tags, read from its SDK's declarations: `aws:cognito/userPool:UserPool`
 * has `tags?:` in `UserPoolArgs` of `@pulumi/aws/cognito/userPool.d.ts`.
 */
function takesTags(type: string): boolean {
  const match = /^(\w+):(\w+)\/(\w+):(\w+)$/.exec(type);
  if (!match) throw new Error(`unexpected resource type ${type}`);
  const [, pkg, module, file, resource] = match;
  const path = join(root, 'node_modules', '@pulumi', pkg!, ...(module === 'index' ? [] : [module!]), `${file}.d.ts`);
  const declarations = readFileSync(path, 'utf8');
  const args = new RegExp(`export interface ${resource}Args \\{([\\s\\S]*?)\\n\\}`).exec(declarations);
  if (!args) throw new Error(`no ${resource}Args in ${path}`);
  return /^\s+tags\?:/m.test(args[1]!);
}

/**
 * Every resource type the program registers that takes no tags. Exhaustive: a new resource type must
 * either carry tags or be listed here, after checking its SDK really has no `tags` input.
 */
const UNTAGGABLE = [
  'aws:cognito/userPoolClient:UserPoolClient',
  'aws:kms/alias:Alias',
  'aws:iam/rolePolicy:RolePolicy',
  'aws:lambda/permission:Permission',
  'random:index/randomBytes:RandomBytes',
];

const customTypes = (program: BuiltProgram) => new Set(program.resources.filter((each) => each.custom).map((each) => each.type));

const policiesOf = (program: BuiltProgram) => [
  ...program.ofType(TYPES.rolePolicy).map((resource) => ({ name: resource.name, document: parsePolicy(resource) })),
  ...program
    .ofType(TYPES.role)
    .map((resource) => ({ name: resource.name, document: parsePolicy(resource, 'assumeRolePolicy') })),
];

describe('infra: the Gatehouse program under mocks', () => {
  let program: BuiltProgram;
  let forcedReset: BuiltProgram;
  let tagged: BuiltProgram;
  let unprotected: BuiltProgram;
  let renamed: BuiltProgram;
  let screening: BuiltProgram;

  before(async () => {
    program = await defaultProgram();
    forcedReset = await buildGatehouse('reset', { forcedReset: { enabled: true, afterLockouts: 2 } });
    tagged = await buildGatehouse('tagged', { tags: { team: 'identity', 'cost-center': '4711' } });
    unprotected = await buildGatehouse('unprotected', {
      protect: false,
      table: { deletionProtection: false },
      pool: { deletionProtection: false },
    });
    renamed = await buildGatehouse('renamed', { namePrefix: 'gatehouse-old' });
    screening = await buildGatehouse('screening', {
      signUp: {
        allowedDomains: ['Example.com.', '*.example.com', 'bücher.example'],
        blockedDomains: ['contractors.example.com'],
        refuseDisposable: true,
        extraDisposableDomains: ['Burner.Example'],
        externalProviders: 'trust',
      },
    });
  });

  describe('tags', () => {
    it('tags every resource whose type takes tags: the stack’s tags, the project, the stack and the component', () => {
      const taggable = tagged.resources.filter((each) => each.custom && takesTags(each.type));
      // The pool, the table, the key, the parameter; each function, its role and its log group.
      expect(taggable).to.have.length(4 + TRIGGERS.length * 3);
      for (const resource of taggable) {
        expect(resource.inputs['tags'], `${resource.type} ${resource.name}`).to.include({
          team: 'identity',
          'cost-center': '4711',
          'gatehouse:project': 'gatehouse',
          'gatehouse:stack': TEST_STACK,
        });
        expect(resource.inputs['tags'], resource.name).to.have.property('gatehouse:component').that.is.a('string');
      }
    });

    it('registers no resource type without tags but those listed, each checked to take none', () => {
      const untagged = new Set<string>();
      for (const built of [program, forcedReset]) {
        for (const type of customTypes(built)) if (!takesTags(type)) untagged.add(type);
      }
      expect([...untagged].sort()).to.deep.equal([...UNTAGGABLE].sort());
    });

    it('leaves tags off no resource that could take them', () => {
      const missing = (built: BuiltProgram): RecordedResource[] =>
        built.resources.filter((each) => each.custom && takesTags(each.type) && each.inputs['tags'] === undefined);
      expect(missing(program).map((each) => each.name)).to.deep.equal([]);
      expect(missing(forcedReset).map((each) => each.name)).to.deep.equal([]);
    });
  });

  describe('protection of what holds data', () => {
    const STATEFUL = [
      TYPES.userPool,
      TYPES.table,
      TYPES.key,
      TYPES.randomBytes,
      TYPES.parameter,
      ...TRIGGERS.map(() => TYPES.logGroup),
    ].sort();

    it('protects exactly the pool, the table, the key, the account key secret and the log groups', () => {
      const protectedTypes = program.resources.filter((each) => each.custom && program.isProtected(each)).map((each) => each.type);
      expect(protectedTypes.sort()).to.deep.equal(STATEFUL);
    });

    it('protects nothing when the stack turns gatehouse:protect off (the dev stack)', () => {
      expect(unprotected.resources.filter((each) => unprotected.isProtected(each)).map((each) => each.name)).to.deep.equal([]);
    });
  });

  describe('trigger wiring', () => {
    it('attaches every trigger, in one lambdaConfig, to its own function', () => {
      const pool = program.one(TYPES.userPool);
      const expected = Object.fromEntries(
        TRIGGERS.map((trigger) => [trigger.lambdaConfigField, program.functionOf(trigger.name).state['arn']]),
      );
      expect(pool.inputs['lambdaConfig']).to.deep.equal(expected);
      expect(new Set(Object.values(expected)).size).to.equal(TRIGGERS.length);
    });

    it('wires the pre-sign-up function into lambdaConfig.preSignUp, invoked from this pool only', () => {
      const fn = program.functionOf('pre-sign-up');
      const pool = program.one(TYPES.userPool);
      expect((pool.inputs['lambdaConfig'] as Record<string, unknown>)['preSignUp']).to.equal(fn.state['arn']);
      expect(fn.inputs['description']).to.equal('Gatehouse: Cognito preSignUp trigger');
      const permissions = program.ofType(TYPES.permission).filter((permission) => permission.inputs['function'] === fn.inputs['name']);
      expect(permissions.map((permission) => permission.inputs)).to.deep.equal([
        {
          action: 'lambda:InvokeFunction',
          function: `gatehouse-${TEST_STACK}-pre-sign-up`,
          principal: 'cognito-idp.amazonaws.com',
          sourceArn: pool.state['arn'],
        },
      ]);
    });

    it('tells every function the stack’s sign-up rules, normalised', () => {
      for (const trigger of TRIGGERS) {
        const variables = (screening.functionOf(trigger.name).inputs['environment'] as { variables: object }).variables;
        expect(variables, trigger.name).to.include({
          SIGN_UP_ALLOWED_DOMAINS: 'example.com,*.example.com,xn--bcher-kva.example',
          SIGN_UP_BLOCKED_DOMAINS: 'contractors.example.com',
          SIGN_UP_REFUSE_DISPOSABLE: 'true',
          SIGN_UP_EXTRA_DISPOSABLE_DOMAINS: 'burner.example',
          SIGN_UP_EXTERNAL_PROVIDERS: 'trust',
        });
      }
      const variables = (program.functionOf('pre-sign-up').inputs['environment'] as { variables: object }).variables;
      expect(variables).to.include({
        SIGN_UP_ALLOWED_DOMAINS: '',
        SIGN_UP_BLOCKED_DOMAINS: '',
        SIGN_UP_REFUSE_DISPOSABLE: 'false',
        SIGN_UP_EXTRA_DISPOSABLE_DOMAINS: '',
        SIGN_UP_EXTERNAL_PROVIDERS: 'screen',
      });
    });

    it('lets Cognito invoke each function from this pool only, with exactly one permission per function', () => {
      const poolArn = program.one(TYPES.userPool).state['arn'];
      const permissions = program.ofType(TYPES.permission);
      expect(permissions).to.have.length(TRIGGERS.length);
      for (const trigger of TRIGGERS) {
        const functionName = program.functionOf(trigger.name).inputs['name'];
        const own = permissions.filter((permission) => permission.inputs['function'] === functionName);
        expect(own, trigger.name).to.have.length(1);
        expect(own[0]?.inputs).to.include({
          action: 'lambda:InvokeFunction',
          principal: 'cognito-idp.amazonaws.com',
          sourceArn: poolArn,
        });
      }
    });

    it('exports the pool, client, table, key and a map of function ARNs by trigger', () => {
      const pool = program.one(TYPES.userPool);
      expect(program.outputs.region).to.equal(String(pool.id).split('_')[0]);
      expect(program.outputs.issuerUrl).to.equal(`https://${String(pool.state['endpoint'])}`);
      expect(program.outputs.userPoolId).to.equal(pool.id);
      expect(program.outputs.userPoolArn).to.equal(pool.state['arn']);
      expect(program.outputs.userPoolClientId).to.equal(program.one(TYPES.client).id);
      expect(program.outputs.tableName).to.equal(program.one(TYPES.table).state['name']);
      expect(program.outputs.keyArn).to.equal(program.one(TYPES.key).state['arn']);
      expect(program.outputs.accountKeyParameter).to.equal(program.one(TYPES.parameter).inputs['name']);
      expect(program.outputs.functionArns).to.deep.equal(
        Object.fromEntries(TRIGGERS.map((trigger) => [trigger.name, program.functionOf(trigger.name).state['arn']])),
      );
    });

    it('gives the functions names derived from the stack, so that several stacks can share an account', () => {
      expect(TRIGGERS.map((trigger) => program.functionOf(trigger.name).inputs['name'])).to.deep.equal(
        TRIGGERS.map((trigger) => `gatehouse-${TEST_STACK}-${trigger.name}`),
      );
      expect(program.one(TYPES.userPool).inputs['name']).to.equal(`gatehouse-${TEST_STACK}`);
    });

    it('names every named resource after the stack', () => {
      const names = program.resources
        .filter((each) => each.custom && typeof each.inputs['name'] === 'string')
        .map((each) => String(each.inputs['name']));
      // Functions, roles, log groups, the table, the pool, its client, the alias, the parameter.
      expect(names).to.have.length(TRIGGERS.length * 3 + 5);
      for (const name of names) expect(name).to.contain(`gatehouse-${TEST_STACK}`);
    });

    it('takes every name from gatehouse:namePrefix when the stack sets it (after a stack rename)', () => {
      const names = renamed.resources
        .filter((each) => each.custom && typeof each.inputs['name'] === 'string')
        .map((each) => String(each.inputs['name']));
      expect(names).to.have.length(TRIGGERS.length * 3 + 5);
      for (const name of names) {
        expect(name).to.contain('gatehouse-old');
        expect(name).to.not.contain(TEST_STACK);
      }
    });
  });

  describe('least privilege', () => {
    it('uses no wildcard action and no Resource "*" in any policy', () => {
      for (const built of [program, forcedReset]) {
        const policies = policiesOf(built);
        // A role and a base policy per function at least.
        expect(policies.length).to.be.at.least(TRIGGERS.length * 2);
        for (const { name, document } of policies) {
          for (const statement of document.Statement) {
            for (const action of asList(statement.Action)) expect(action, name).to.not.include('*');
            expect(asList(statement.Resource), name).to.not.include('*');
          }
        }
      }
    });

    it('never grants AdminResetUserPassword when forced reset is off', () => {
      const actions = policiesOf(program).flatMap(({ document }) =>
        document.Statement.flatMap((statement) => asList(statement.Action)),
      );
      expect(actions).to.not.include('cognito-idp:AdminResetUserPassword');
      expect(actions.filter((action) => action.startsWith('cognito-idp:'))).to.deep.equal([]);
    });

    it('grants AdminResetUserPassword, on the pool only, to pre-authentication only, when forced reset is on', () => {
      const poolArn = forcedReset.one(TYPES.userPool).state['arn'];
      const granting = forcedReset
        .ofType(TYPES.rolePolicy)
        .filter((resource) =>
          parsePolicy(resource).Statement.some((statement) =>
            asList(statement.Action).includes('cognito-idp:AdminResetUserPassword'),
          ),
        );
      expect(granting).to.have.length(1);
      const [policy] = granting;
      expect(policy?.inputs['role']).to.equal(forcedReset.one(TYPES.role, 'reset-pre-authentication-role').state['name']);
      expect(parsePolicy(policy!).Statement).to.deep.equal([
        { Sid: 'AdministerPool', Effect: 'Allow', Action: ['cognito-idp:AdminResetUserPassword'], Resource: [poolArn] },
      ]);
    });

    it('lets pre-sign-up only write its own logs, with forced reset on or off: no table, no secret, no key, no pool', () => {
      for (const built of [program, forcedReset]) {
        const role = built.one(TYPES.role, `${built.name}-pre-sign-up-role`);
        const policies = built.ofType(TYPES.rolePolicy).filter((policy) => policy.inputs['role'] === role.state['name']);
        expect(policies.map((policy) => policy.name), built.name).to.deep.equal([`${built.name}-pre-sign-up-policy`]);
        const statements = parsePolicy(policies[0]!).Statement;
        expect(statements, built.name).to.deep.equal([
          {
            Sid: 'WriteOwnLogs',
            Effect: 'Allow',
            Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
            Resource: [`${String(built.one(TYPES.logGroup, `${built.name}-pre-sign-up-logs`).state['arn'])}:*`],
          },
        ]);
      }
    });

    it('tells the functions that forced reset is on when it is', () => {
      const variables = (forcedReset.functionOf('pre-authentication').inputs['environment'] as { variables: object })
        .variables;
      expect(variables).to.include({ FORCED_RESET_ENABLED: 'true', FORCED_RESET_AFTER_LOCKOUTS: '2' });
    });
  });

  describe('before anything is registered', () => {
    let emptyRoot: string;
    before(() => {
      emptyRoot = mkdtempSync(join(tmpdir(), 'gatehouse-no-bundles-'));
    });
    after(() => rmSync(emptyRoot, { recursive: true, force: true }));

    it('refuses to run without the built bundles', async () => {
      const { createGatehouse } = await import('../../infra/gatehouse.js');
      expect(() =>
        createGatehouse('unbuilt', program.config, { stack: TEST_STACK, bundleCheck: { projectRoot: emptyRoot } }),
      ).to.throw(/dist\/lambda\/pre-authentication\/index\.js.*run `npm run build` first/);
    });

    it('refuses sign-up lists that would take a function environment over Lambda’s 4 KB, naming gatehouse:signUp', async () => {
      const { createGatehouse } = await import('../../infra/gatehouse.js');
      const { parseStackConfig, StackConfigError } = await import('../../infra/config.js');
      const domains = Array.from({ length: 60 }, (_, index) => `${`d${index}`.padEnd(62, 'x')}.example`);
      const config = parseStackConfig({ signUp: { allowedDomains: domains } });
      expect(() => createGatehouse('oversized', config, { stack: TEST_STACK, bundleCheck: false })).to.throw(
        StackConfigError,
        /gatehouse:signUp makes the environment of every function \d+ bytes .* over Lambda's limit of 4096 bytes \(4 KB\)/,
      );
      // Two thirds of the list fit (about 2.8 KB of domains), and reach the functions whole.
      const fitting = await buildGatehouse('fitting', { signUp: { allowedDomains: domains.slice(0, 40) } });
      const variables = (fitting.functionOf('pre-sign-up').inputs['environment'] as { variables: Record<string, string> }).variables;
      expect(variables['SIGN_UP_ALLOWED_DOMAINS']).to.equal(domains.slice(0, 40).join(','));
    });

    it('refuses a stack name Lambda would not accept in a function name', async () => {
      const { createGatehouse } = await import('../../infra/gatehouse.js');
      expect(() => createGatehouse('badstack', program.config, { stack: 'prod.eu', bundleCheck: false })).to.throw(
        /stack "prod\.eu" gives the function name "badstack-prod\.eu-pre-authentication"/,
      );
    });
  });
});
