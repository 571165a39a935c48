import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TRIGGERS } from '../../infra/triggers';
import {
  asList,
  buildGatehouse,
  defaultProgram,
  parsePolicy,
  TEST_STACK,
  TYPES,
  type BuiltProgram,
} from './support/program';

const policiesOf = (program: BuiltProgram) => [
  ...program.ofType(TYPES.rolePolicy).map((resource) => ({ name: resource.name, document: parsePolicy(resource) })),
  ...program
    .ofType(TYPES.role)
    .map((resource) => ({ name: resource.name, document: parsePolicy(resource, 'assumeRolePolicy') })),
];

describe('infra: the Gatehouse program under mocks', () => {
  let program: BuiltProgram;
  let forcedReset: BuiltProgram;

  before(async () => {
    program = await defaultProgram();
    forcedReset = await buildGatehouse('reset', { forcedReset: { enabled: true, afterLockouts: 2 } });
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
      expect(program.outputs.userPoolId).to.equal(pool.id);
      expect(program.outputs.userPoolArn).to.equal(pool.state['arn']);
      expect(program.outputs.userPoolClientId).to.equal(program.one(TYPES.client).id);
      expect(program.outputs.tableName).to.equal(program.one(TYPES.table).state['name']);
      expect(program.outputs.keyArn).to.equal(program.one(TYPES.key).state['arn']);
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

    it('refuses a stack name Lambda would not accept in a function name', async () => {
      const { createGatehouse } = await import('../../infra/gatehouse.js');
      expect(() => createGatehouse('badstack', program.config, { stack: 'prod.eu', bundleCheck: false })).to.throw(
        /stack "prod\.eu" gives the function name "badstack-prod\.eu-pre-authentication"/,
      );
    });
  });
});
