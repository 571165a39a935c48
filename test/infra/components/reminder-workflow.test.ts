import * as pulumi from '@pulumi/pulumi';
import { expect } from 'chai';
import type { ReminderWorkflow, ReminderWorkflowArgs } from '../../../infra/components/reminder-workflow';
import { reminderWorkflowDefinition } from '../../../infra/reminder-workflow';
import {
  reminderWorkflowAssumeRolePolicy,
  reminderWorkflowLoggingPolicy,
  reminderWorkflowPolicy,
} from '../../../infra/reminder-workflow-policy';
import { recordingMocks, settleRegistrations, type RecordedResource } from '../../../scripts/pulumi/recording-mocks';
import { MOCK_REGION, parsePolicy, TEST_STACK, TYPES } from '../support/program';

/**
 * The component on its own under Pulumi's mock runtime, with the same recording mocks as the program's
 * tests. Like them, each build installs the mocks first and takes the registrations made until the
 * queue has drained.
 */

const STATE_MACHINE = 'aws:sfn/stateMachine:StateMachine';
const ACCOUNT = '123456789012';
const TABLE_ARN = `arn:aws:dynamodb:${MOCK_REGION}:${ACCOUNT}:table/gatehouse-test`;
const POOL_ARN = `arn:aws:cognito-idp:${MOCK_REGION}:${ACCOUNT}:userpool/${MOCK_REGION}_abcdefghi`;

const recorder = recordingMocks(MOCK_REGION);
// The recording mocks know no state machine: it gets its ARN here.
const mocks: pulumi.runtime.Mocks = {
  async newResource(args) {
    const answer = await recorder.mocks.newResource(args);
    if (args.type !== STATE_MACHINE) return answer;
    const name = String((answer.state as Record<string, unknown>)['name']);
    return { ...answer, state: { ...answer.state, arn: `arn:aws:states:${MOCK_REGION}:${ACCOUNT}:stateMachine:${name}` } };
  },
  call: (args) => recorder.mocks.call(args),
};

interface Registration {
  readonly type: string;
  readonly name: string;
  readonly opts: pulumi.CustomResourceOptions | pulumi.ComponentResourceOptions;
  readonly resource: pulumi.Resource;
}

interface Built {
  readonly resources: RecordedResource[];
  readonly registrations: Registration[];
  readonly outputs: { stateMachineArn: string; stateMachineName: string; roleArn: string };
  readonly workflow: ReminderWorkflow;
  one(type: string, name?: string): RecordedResource;
  registration(name: string): Registration;
}

const valueOf = <T>(output: pulumi.Output<T>): Promise<T> => new Promise((resolve) => output.apply(resolve));

const baseArgs: ReminderWorkflowArgs = {
  remindAfterSeconds: 43_200,
  deleteAfterSeconds: 259_200,
  tableName: 'gatehouse-test',
  tableArn: TABLE_ARN,
  stack: TEST_STACK,
  poolArn: POOL_ARN,
  stateMachineName: 'gatehouse-test-sign-up-reminders',
  roleName: 'gatehouse-test-sign-up-reminders',
  logRetentionDays: 90,
  protect: true,
  tags: { 'gatehouse:component': 'reminder-workflow' },
};

async function build(name: string, args: ReminderWorkflowArgs, then?: (workflow: ReminderWorkflow) => void): Promise<Built> {
  await pulumi.runtime.setMocks(mocks, 'gatehouse', TEST_STACK, false);
  // Loaded only once the mocks are in place.
  const { ReminderWorkflow } = await import('../../../infra/components/reminder-workflow.js');
  const start = recorder.resources.length;
  const registrations: Registration[] = [];
  const workflow = new ReminderWorkflow(name, args, {
    transformations: [
      ({ type, name: registered, opts, resource }) => {
        registrations.push({ type, name: registered, opts, resource });
        return undefined;
      },
    ],
  });
  then?.(workflow);
  const outputs = {
    stateMachineArn: await valueOf(workflow.stateMachineArn),
    stateMachineName: await valueOf(workflow.stateMachineName),
    roleArn: await valueOf(workflow.roleArn),
  };
  await settleRegistrations();
  const resources = recorder.resources.slice(start);
  return {
    resources,
    registrations,
    outputs,
    workflow,
    one(type, wanted) {
      const found = resources.filter((resource) => resource.type === type && (wanted === undefined || resource.name === wanted));
      if (found.length !== 1) throw new Error(`expected one ${type} ${wanted ?? ''}, found ${found.length}`);
      return found[0] as RecordedResource;
    },
    registration(wanted) {
      const found = registrations.find((each) => each.name === wanted);
      if (found === undefined) throw new Error(`no registration ${wanted}`);
      return found;
    },
  };
}

const isProtected = (registration: Registration) => (registration.resource as unknown as { __protect?: boolean }).__protect === true;

describe('infra/components: ReminderWorkflow', () => {
  let built: Built;
  before(async () => {
    built = await build('reminders', baseArgs);
  });

  it('is a gatehouse:signUp:ReminderWorkflow whose children are named after it and parented to it', () => {
    const [component, ...children] = built.registrations;
    expect(component).to.include({ type: 'gatehouse:signUp:ReminderWorkflow', name: 'reminders' });
    expect(children.map((child) => [child.type, child.name])).to.have.deep.members([
      [TYPES.role, 'reminders-role'],
      [TYPES.logGroup, 'reminders-logs'],
      [TYPES.rolePolicy, 'reminders-logging'],
      [STATE_MACHINE, 'reminders-state-machine'],
      [TYPES.rolePolicy, 'reminders-policy'],
    ]);
    for (const child of children) expect(child.opts.parent, child.name).to.equal(built.workflow);
  });

  it('runs the definition infra builds, for the configured waits, the table and the stack, as a STANDARD state machine', () => {
    const { inputs } = built.one(STATE_MACHINE);
    expect(inputs).to.include({ name: 'gatehouse-test-sign-up-reminders', type: 'STANDARD' });
    expect(JSON.parse(String(inputs['definition']))).to.deep.equal(
      reminderWorkflowDefinition({ remindAfterSeconds: 43_200, deleteAfterSeconds: 259_200, tableName: 'gatehouse-test', stack: TEST_STACK }),
    );
    expect(inputs['roleArn']).to.equal(built.one(TYPES.role).state['arn']);
  });

  it('logs failures only, without execution data (it carries usernames), to its vended-logs group', () => {
    const logGroup = built.one(TYPES.logGroup);
    expect(logGroup.inputs).to.deep.include({ name: '/aws/vendedlogs/states/gatehouse-test-sign-up-reminders', retentionInDays: 90 });
    expect(built.one(STATE_MACHINE).inputs['loggingConfiguration']).to.deep.equal({
      level: 'ERROR',
      includeExecutionData: false,
      logDestination: `${String(logGroup.state['arn'])}:*`,
    });
  });

  it('has its own role, named as given, which only Step Functions may assume for the table’s account', () => {
    const role = built.one(TYPES.role);
    expect(role.inputs['name']).to.equal('gatehouse-test-sign-up-reminders');
    expect(parsePolicy(role, 'assumeRolePolicy')).to.deep.equal(reminderWorkflowAssumeRolePolicy(ACCOUNT));
  });

  it('grants log delivery before the state machine exists: Step Functions checks it on creation', () => {
    const logging = built.one(TYPES.rolePolicy, 'reminders-logging');
    expect(logging.inputs['role']).to.equal(built.one(TYPES.role).state['name']);
    expect(parsePolicy(logging)).to.deep.equal(reminderWorkflowLoggingPolicy());
    expect(built.registration('reminders-state-machine').opts.dependsOn).to.deep.equal([built.registration('reminders-logging').resource]);
  });

  it('grants the pool and table rights the definition needs in a policy of its own, which the state machine does not wait for', () => {
    const policy = built.one(TYPES.rolePolicy, 'reminders-policy');
    expect(policy.inputs['role']).to.equal(built.one(TYPES.role).state['name']);
    const definition = JSON.parse(String(built.one(STATE_MACHINE).inputs['definition']));
    expect(parsePolicy(policy)).to.deep.equal(reminderWorkflowPolicy(definition, { poolArn: POOL_ARN, tableArn: TABLE_ARN }));
    // Nothing of the state machine refers to the pool: the pool may come after it.
    expect(JSON.stringify(built.one(STATE_MACHINE).inputs)).to.not.include(POOL_ARN);
  });

  it('can be granted its pool once the pool exists, once only', async () => {
    const { registrations, resources } = await build('later', { ...baseArgs, poolArn: undefined }, (workflow) => {
      workflow.grantPoolAccess(POOL_ARN);
      expect(() => workflow.grantPoolAccess(POOL_ARN)).to.throw(/already has its pool/);
    });
    const policies = resources.filter((resource) => resource.type === TYPES.rolePolicy).map((resource) => resource.name);
    expect(policies).to.have.members(['later-logging', 'later-policy']);
    expect(registrations.find((each) => each.name === 'later-policy')?.opts.parent).to.not.equal(undefined);
    const policy = resources.find((resource) => resource.name === 'later-policy') as RecordedResource;
    expect(parsePolicy(policy).Statement[0]?.Resource).to.deep.equal([POOL_ARN]);
  });

  it('has no pool policy until it is granted one', async () => {
    const { resources } = await build('no-pool', { ...baseArgs, poolArn: undefined });
    expect(resources.filter((resource) => resource.type === TYPES.rolePolicy).map((resource) => resource.name)).to.deep.equal([
      'no-pool-logging',
    ]);
  });

  it('protects the state machine (pending executions) and its logs when asked, nothing else', async () => {
    const unprotected = await build('unprotected', { ...baseArgs, protect: false });
    for (const part of ['state-machine', 'logs']) {
      expect(isProtected(built.registration(`reminders-${part}`)), part).to.equal(true);
      expect(isProtected(unprotected.registration(`unprotected-${part}`)), part).to.equal(false);
    }
    for (const part of ['role', 'logging', 'policy']) expect(isProtected(built.registration(`reminders-${part}`)), part).to.equal(false);
  });

  it('tags its state machine, role and log group', () => {
    for (const type of [STATE_MACHINE, TYPES.role, TYPES.logGroup]) {
      expect(built.one(type).inputs['tags'], type).to.deep.equal({ 'gatehouse:component': 'reminder-workflow' });
    }
  });

  it('outputs the state machine’s ARN and name and the role’s ARN', () => {
    expect(built.outputs).to.deep.equal({
      stateMachineArn: `arn:aws:states:${MOCK_REGION}:${ACCOUNT}:stateMachine:gatehouse-test-sign-up-reminders`,
      stateMachineName: 'gatehouse-test-sign-up-reminders',
      roleArn: `arn:aws:iam::${ACCOUNT}:role/gatehouse-test-sign-up-reminders`,
    });
  });

  it('refuses waits that cannot be run before registering anything', async () => {
    await pulumi.runtime.setMocks(mocks, 'gatehouse', TEST_STACK, false);
    const { ReminderWorkflow } = await import('../../../infra/components/reminder-workflow.js');
    const start = recorder.resources.length;
    expect(() => new ReminderWorkflow('too-soon', { ...baseArgs, remindAfterSeconds: 0 })).to.throw(/remindAfterSeconds must be a whole number/);
    await settleRegistrations();
    expect(recorder.resources.slice(start).map((resource) => resource.name)).to.deep.equal([]);
  });
});
