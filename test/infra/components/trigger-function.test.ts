import { expect } from 'chai';
import { join } from 'node:path';
import { functionEnvironment } from '../../../infra/function-environment';
import { secretStatements } from '../../../infra/iam-policies';
import { parseStackConfig } from '../../../infra/config';
import { TRIGGERS as ALL_TRIGGERS, triggersOf } from '../../../infra/triggers';
import { buildGatehouse, defaultProgram, parsePolicy, TEST_STACK, TYPES, type BuiltProgram } from '../support/program';

/** The triggers a stack with default messages has (custom-message only comes with personalised messages). */
const TRIGGERS = triggersOf(parseStackConfig({}), ALL_TRIGGERS);

describe('infra/components: TriggerFunction', () => {
  let program: BuiltProgram;
  let tuned: BuiltProgram;
  before(async () => {
    program = await defaultProgram();
    tuned = await buildGatehouse('tuned', {
      functions: { memoryMb: 512, timeoutSeconds: 3, logRetentionDays: 90, logLevel: 'DEBUG' },
      storeFailureMode: 'closed',
    });
  });

  for (const trigger of TRIGGERS) {
    describe(trigger.name, () => {
      const part = (built: BuiltProgram, suffix: string) => `${built.name}-${trigger.name}-${suffix}`;

      it('runs the pre-built bundle on Node.js 22, arm64, within Cognito’s five seconds', () => {
        const { inputs } = program.functionOf(trigger.name);
        expect(inputs).to.include({ runtime: 'nodejs22.x', handler: 'index.handler', timeout: 5, memorySize: 256 });
        expect(inputs['architectures']).to.deep.equal(['arm64']);
        // Absolute, from the project root: the engine runs the program in another working directory.
        expect(inputs['code']).to.deep.equal({ fileArchive: join(__dirname, '..', '..', '..', 'dist', 'lambda', trigger.name) });
        expect(tuned.functionOf(trigger.name).inputs).to.include({ timeout: 3, memorySize: 512 });
      });

      it('logs JSON to its own log group, kept for the configured retention', () => {
        const fn = program.functionOf(trigger.name);
        const logGroup = program.one(TYPES.logGroup, part(program, 'logs'));
        expect(logGroup.inputs).to.deep.include({ name: `/aws/lambda/${String(fn.inputs['name'])}`, retentionInDays: 30 });
        expect(Object.keys(logGroup.inputs).sort()).to.deep.equal(['name', 'retentionInDays', 'tags']);
        expect(fn.inputs['loggingConfig']).to.deep.equal({ logFormat: 'JSON', logGroup: logGroup.inputs['name'] });
        expect(tuned.one(TYPES.logGroup, part(tuned, 'logs')).inputs['retentionInDays']).to.equal(90);
      });

      it('gets the whole environment contract, table name included', () => {
        const variables = (built: BuiltProgram) =>
          (built.functionOf(trigger.name).inputs['environment'] as { variables: Record<string, string> }).variables;
        expect(variables(program)).to.deep.equal(
          functionEnvironment(program.config, {
            stack: TEST_STACK,
            tableName: program.outputs.tableName,
            accountKeyParameter: '/gatehouse-test/account-key',
            keyArn: program.outputs.keyArn,
            reminderStateMachineArn: String(program.outputs.reminderStateMachineArn),
          }),
        );
        expect(variables(tuned)).to.deep.equal(
          functionEnvironment(tuned.config, {
            stack: TEST_STACK,
            tableName: tuned.outputs.tableName,
            accountKeyParameter: '/tuned-test/account-key',
            keyArn: tuned.outputs.keyArn,
            reminderStateMachineArn: String(tuned.outputs.reminderStateMachineArn),
          }),
        );
        // The stack's key, by ARN, for the custom senders' codes: no secret of its own.
        expect(variables(program)['CODE_KEY_ARN']).to.equal(program.one(TYPES.key).state['arn']);
        expect(variables(program)['REMINDER_STATE_MACHINE_ARN']).to.match(/^arn:aws:states:eu-west-1:\d{12}:stateMachine:gatehouse-test-sign-up-reminders$/);
        expect(variables(tuned)).to.include({ STORE_FAILURE_MODE: 'closed', POWERTOOLS_LOG_LEVEL: 'DEBUG' });
        // The stack names the functions' metrics.
        expect(variables(program)).to.include({ GATEHOUSE_STACK: TEST_STACK });
      });

      it('keeps its logs: the log group is protected in Pulumi, unless the stack turns that off', async () => {
        const unprotected = await buildGatehouse('unprotected', {
          protect: false,
          table: { deletionProtection: false },
          pool: { deletionProtection: false },
        });
        expect(program.isProtected(program.one(TYPES.logGroup, part(program, 'logs')))).to.equal(true);
        expect(unprotected.isProtected(unprotected.one(TYPES.logGroup, part(unprotected, 'logs')))).to.equal(false);
        // Replacing a function, a role or a policy loses nothing.
        for (const type of [TYPES.function, TYPES.role]) {
          expect(program.isProtected(program.one(type, part(program, type === TYPES.role ? 'role' : 'function')))).to.equal(false);
        }
      });

      it('tags its function, role and log group with the trigger', () => {
        for (const suffix of ['function', 'role', 'logs']) {
          const [resource] = program.resources.filter((each) => each.name === part(program, suffix));
          expect(resource?.inputs['tags'], suffix).to.include({
            'gatehouse:component': 'trigger-function',
            'gatehouse:trigger': trigger.name,
          });
        }
      });

      it('has its own role, named after the stack and the trigger, which only Lambda may assume', () => {
        const role = program.one(TYPES.role, part(program, 'role'));
        expect(role.inputs['name']).to.equal(`gatehouse-${TEST_STACK}-${trigger.name}`);
        expect(program.functionOf(trigger.name).inputs['role']).to.equal(role.state['arn']);
        expect(parsePolicy(role, 'assumeRolePolicy').Statement).to.deep.equal([
          { Effect: 'Allow', Action: ['sts:AssumeRole'], Principal: { Service: 'lambda.amazonaws.com' } },
        ]);
      });

      // With the defaults: the table for all but pre-sign-up; the account key secret for all (pre-sign-up
      // names each sign-up's workflow by the account's key); starting the reminder workflow for pre-sign-up.
      const expectedTableActions: Record<string, string[]> = {
        'pre-authentication': ['dynamodb:UpdateItem', 'dynamodb:GetItem', 'dynamodb:PutItem'],
        'post-authentication': ['dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:PutItem'],
        'post-confirmation': ['dynamodb:DeleteItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
        'pre-sign-up': [],
      };
      it('may write to its own log group, and with the defaults do exactly what its adapters do: nothing else', () => {
        const role = program.one(TYPES.role, part(program, 'role'));
        const policy = program.one(TYPES.rolePolicy, part(program, 'policy'));
        const logGroupArn = program.one(TYPES.logGroup, part(program, 'logs')).state['arn'];
        expect(policy.inputs['role']).to.equal(role.state['name']);
        const tableActions = expectedTableActions[trigger.name] ?? [];
        const accountKeyParameter = program
          .ofType('aws:ssm/parameter:Parameter')
          .find((parameter) => parameter.inputs['name'] === '/gatehouse-test/account-key');
        expect(parsePolicy(policy).Statement).to.deep.equal([
          {
            Sid: 'WriteOwnLogs',
            Effect: 'Allow',
            Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
            Resource: [`${String(logGroupArn)}:*`],
          },
          ...(tableActions.length > 0
            ? [{ Sid: 'UseTable', Effect: 'Allow', Action: tableActions, Resource: [program.one(TYPES.table).state['arn']] }]
            : []),
          ...secretStatements('accountKey', {
            parameterArn: String(accountKeyParameter?.state['arn']),
            keyArn: String(program.one(TYPES.key).state['arn']),
          }),
          ...(trigger.name === 'pre-sign-up'
            ? [{ Sid: 'StartReminders', Effect: 'Allow', Action: ['states:StartExecution'], Resource: [program.outputs.reminderStateMachineArn] }]
            : []),
        ]);
      });
    });
  }

  it('gives no synchronous trigger an asynchronous invocation setting (only custom senders have one)', () => {
    expect(program.ofType(TYPES.invokeConfig)).to.deep.equal([]);
    expect(tuned.ofType(TYPES.invokeConfig)).to.deep.equal([]);
  });

  it('gives each trigger exactly one function, role, log group and base policy', () => {
    const ofTriggers = (type: string) =>
      program.ofType(type).filter((resource) => TRIGGERS.some((trigger) => resource.name.startsWith(`${program.name}-${trigger.name}-`)));
    expect(program.ofType(TYPES.function)).to.have.length(TRIGGERS.length);
    for (const type of [TYPES.role, TYPES.logGroup]) expect(ofTriggers(type), type).to.have.length(TRIGGERS.length);
    expect(ofTriggers(TYPES.rolePolicy).filter((resource) => resource.name.endsWith('-policy'))).to.have.length(TRIGGERS.length);
  });
});
