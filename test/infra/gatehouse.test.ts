import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stackAlarms } from '../../infra/alarms';
import { physicalNames, reminderLogGroupName, reminderRoleName, reminderWorkflowName } from '../../infra/naming';
import { reminderWorkflowDefinition } from '../../infra/reminder-workflow';
import { logDeliveryStatement, reminderWorkflowPolicy } from '../../infra/reminder-workflow-policy';
import { parseStackConfig } from '../../infra/config';
import { poolAccessPolicy, triggerPolicy, type TriggerResourceArns } from '../../infra/iam-policies';
import { TRIGGERS as ALL_TRIGGERS, triggersOf, type SecretName, type TriggerDefinition } from '../../infra/triggers';
import type { RecordedResource } from '../../scripts/plan';
import {
  asList,
  buildGatehouse,
  defaultProgram,
  parsePolicy,
  sendersProgram,
  TEST_STACK,
  TWILIO_ACCOUNT_SID,
  TYPES,
  VENDOR_SECRETS,
  vendorsProgram,
  type BuiltProgram,
} from './support/program';

/** The triggers a stack with default messages has (custom-message only comes with personalised messages). */
const TRIGGERS = triggersOf(parseStackConfig({}), ALL_TRIGGERS);

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
  // With custom senders: their asynchronous invocation settings, and the key's policy.
  'aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig',
  'aws:kms/keyPolicy:KeyPolicy',
  // The alarm topic's policy and the stack's dashboard.
  'aws:sns/topicPolicy:TopicPolicy',
  'aws:cloudwatch/dashboard:Dashboard',
];

const STATE_MACHINE = 'aws:sfn/stateMachine:StateMachine';
const TOPIC = 'aws:sns/topic:Topic';

/** The stack's own alarms (`infra/alarms.ts`), by name, for a built program. */
const stackAlarmNames = (built: BuiltProgram): string[] =>
  stackAlarms(built.config, {
    stack: TEST_STACK,
    prefix: `${built.name}-${TEST_STACK}`,
    functions: triggersOf(built.config).map((trigger) => ({ trigger, functionName: `${built.name}-${TEST_STACK}-${trigger.name}` })),
    tableName: `${built.name}-${TEST_STACK}`,
    ...(built.config.signUp.reminders.enabled ? { reminderStateMachineArn: 'arn' } : {}),
  }).map((alarm) => alarm.name);

/** The undelivered-messages queue's alarm, made by its own component. */
const undeliveredAlarm = (built: BuiltProgram) => built.one(TYPES.alarm, `${built.name}-undelivered-alarm`);

const customTypes = (program: BuiltProgram) => new Set(program.resources.filter((each) => each.custom).map((each) => each.type));

const policiesOf = (program: BuiltProgram) => [
  ...program.ofType(TYPES.rolePolicy).map((resource) => ({ name: resource.name, document: parsePolicy(resource) })),
  ...program
    .ofType(TYPES.role)
    .map((resource) => ({ name: resource.name, document: parsePolicy(resource, 'assumeRolePolicy') })),
];

/** Every action any role of the program may take. */
const actionsOf = (program: BuiltProgram) =>
  policiesOf(program).flatMap(({ document }) => document.Statement.flatMap((statement) => asList(statement.Action)));

describe('infra: the Gatehouse program under mocks', () => {
  let program: BuiltProgram;
  let forcedReset: BuiltProgram;
  let tagged: BuiltProgram;
  let unprotected: BuiltProgram;
  let renamed: BuiltProgram;
  let screening: BuiltProgram;
  let noReminders: BuiltProgram;
  let welcome: BuiltProgram;
  let senders: BuiltProgram;
  let vendors: BuiltProgram;

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
    noReminders = await buildGatehouse('no-reminders', { signUp: { reminders: { enabled: false } } });
    welcome = await buildGatehouse('welcome', {
      email: { from: 'Example <No-Reply@Example.com>' },
      welcome: { enabled: true },
    });
    senders = await sendersProgram();
    vendors = await vendorsProgram();
  });

  describe('tags', () => {
    it('tags every resource whose type takes tags: the stack’s tags, the project, the stack and the component', () => {
      const taggable = tagged.resources.filter((each) => each.custom && takesTags(each.type));
      // The pool, the table, the key, the parameter; the reminder workflow's state machine, role and log
      // group; each function, its role and its log group; the alarm topic and each alarm.
      expect(taggable).to.have.length(4 + 3 + TRIGGERS.length * 3 + 1 + stackAlarmNames(tagged).length);
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

    it('tags the stack secrets, the SES identity and the workflow too, each with its component', async () => {
      const full = await buildGatehouse(
        'tagged-full',
        {
          tags: { team: 'identity' },
          signUp: { captcha: { provider: 'turnstile' } },
          email: { from: 'no-reply@example.com' },
          welcome: { enabled: true },
        },
        { captchaSecret: 'captcha-secret-value' },
      );
      const taggable = full.resources.filter((each) => each.custom && takesTags(each.type));
      const components = new Map<string, string[]>();
      for (const resource of taggable) {
        const tags = resource.inputs['tags'] as Record<string, string>;
        expect(tags, resource.name).to.include({ team: 'identity', 'gatehouse:project': 'gatehouse', 'gatehouse:stack': TEST_STACK });
        const component = tags['gatehouse:component'] ?? '';
        components.set(component, [...(components.get(component) ?? []), resource.type]);
      }
      expect(Object.fromEntries([...components].map(([component, types]) => [component, types.sort()]))).to.deep.equal({
        'user-pool': [TYPES.userPool],
        table: [TYPES.table],
        'encryption-key': [TYPES.key],
        'account-key': [TYPES.parameter],
        'stack-secret': [TYPES.parameter],
        'email-identity': [TYPES.emailIdentity],
        'reminder-workflow': [TYPES.logGroup, TYPES.role, STATE_MACHINE],
        'trigger-function': TRIGGERS.flatMap(() => [TYPES.logGroup, TYPES.role, TYPES.function]).sort(),
        'alarm-topic': [TOPIC],
        operations: stackAlarmNames(full).map(() => TYPES.alarm),
      });
    });

    it('registers no resource type without tags but those listed, each checked to take none', () => {
      const untagged = new Set<string>();
      for (const built of [program, forcedReset, senders, vendors]) {
        for (const type of customTypes(built)) if (!takesTags(type)) untagged.add(type);
      }
      expect([...untagged].sort()).to.deep.equal([...UNTAGGABLE].sort());
    });

    it('leaves tags off no resource that could take them', () => {
      const missing = (built: BuiltProgram): RecordedResource[] =>
        built.resources.filter((each) => each.custom && takesTags(each.type) && each.inputs['tags'] === undefined);
      expect(missing(program).map((each) => each.name)).to.deep.equal([]);
      expect(missing(forcedReset).map((each) => each.name)).to.deep.equal([]);
      expect(missing(senders).map((each) => each.name)).to.deep.equal([]);
      expect(missing(vendors).map((each) => each.name)).to.deep.equal([]);
    });

    it('tags the undelivered-messages queue and its alarm as their component, and the senders\' resources with their trigger', () => {
      for (const built of [senders, vendors]) {
        for (const resource of [built.one(TYPES.queue), undeliveredAlarm(built)]) {
          expect(resource.inputs['tags'], resource.name).to.deep.equal({
            'gatehouse:project': 'gatehouse',
            'gatehouse:stack': TEST_STACK,
            'gatehouse:component': 'undelivered-messages',
          });
        }
        for (const trigger of ['custom-email-sender', 'custom-sms-sender']) {
          for (const suffix of ['function', 'role', 'logs']) {
            expect(built.one(suffix === 'function' ? TYPES.function : suffix === 'role' ? TYPES.role : TYPES.logGroup, `${built.name}-${trigger}-${suffix}`).inputs['tags']).to.include({
              'gatehouse:component': 'trigger-function',
              'gatehouse:trigger': trigger,
            });
          }
        }
      }
    });
  });

  describe('protection of what holds data', () => {
    const STATEFUL = [
      TYPES.userPool,
      TYPES.table,
      TYPES.key,
      TYPES.randomBytes,
      TYPES.parameter,
      // The reminder workflow: deleting the state machine stops every pending execution; its log group.
      STATE_MACHINE,
      TYPES.logGroup,
      ...TRIGGERS.map(() => TYPES.logGroup),
    ].sort();

    it('protects exactly the pool, the table, the key, the account key secret, the state machine and the log groups', () => {
      const protectedTypes = program.resources.filter((each) => each.custom && program.isProtected(each)).map((each) => each.type);
      expect(protectedTypes.sort()).to.deep.equal(STATEFUL);
    });

    it('protects the senders\' log groups too, and neither the queue nor the key policy (replacing them loses no data of the stack)', () => {
      const protectedTypes = (built: BuiltProgram) =>
        built.resources.filter((each) => each.custom && built.isProtected(each)).map((each) => each.type).sort();
      // What the default stack protects, and the two senders' log groups; with SES, the identity (as with any
      // sender). The queue holds only what Lambda could not deliver; the stack secrets are set again from Pulumi.
      expect(protectedTypes(senders)).to.deep.equal([...STATEFUL, TYPES.logGroup, TYPES.logGroup, TYPES.emailIdentity].sort());
      expect(protectedTypes(vendors)).to.deep.equal([...STATEFUL, TYPES.logGroup, TYPES.logGroup].sort());
    });

    it('protects nothing when the stack turns gatehouse:protect off (the dev stack)', () => {
      expect(unprotected.resources.filter((each) => unprotected.isProtected(each)).map((each) => each.name)).to.deep.equal([]);
    });
  });

  describe('trigger wiring', () => {
    it('wires custom-message, only for a stack that personalises a channel, to its own function that may only write its logs', async () => {
      const personalised = await buildGatehouse('messages', { email: { from: 'no-reply@example.com' }, messages: { email: 'custom-message' } });
      const fn = personalised.functionOf('custom-message');
      expect((personalised.one(TYPES.userPool).inputs['lambdaConfig'] as Record<string, unknown>)['customMessage']).to.equal(fn.state['arn']);
      expect(fn.inputs['code']).to.satisfy((archive: unknown) => JSON.stringify(archive).includes('dist/lambda/custom-message'));
      const role = personalised.one(TYPES.role, 'messages-custom-message-role');
      const policies = personalised.ofType(TYPES.rolePolicy).filter((policy) => policy.inputs['role'] === role.state['name']);
      expect(policies.map((policy) => policy.name)).to.deep.equal(['messages-custom-message-policy']);
      expect(parsePolicy(policies[0]!).Statement).to.deep.equal([
        {
          Sid: 'WriteOwnLogs',
          Effect: 'Allow',
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          Resource: [`${String(personalised.one(TYPES.logGroup, 'messages-custom-message-logs').state['arn'])}:*`],
        },
      ]);
      expect(program.ofType(TYPES.function).map((each) => each.name)).not.to.include('gatehouse-custom-message');
    });

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
      // Functions, roles, log groups, the table, the pool, its client, the alias, the parameter; the
      // state machine, its role and its log group; the alarm topic and the alarms.
      expect(names).to.have.length(TRIGGERS.length * 3 + 5 + 3 + 1 + stackAlarmNames(program).length);
      for (const name of names) expect(name).to.contain(`gatehouse-${TEST_STACK}`);
    });

    it('gives every named resource a name infra/naming.ts checks, whatever the stack provisions', async () => {
      const everything = await buildGatehouse(
        'everything',
        {
          signUp: { captcha: { provider: 'recaptcha' } },
          email: { from: 'no-reply@example.com', provider: 'smtp', smtp: { host: 'smtp.example.com', username: 'gatehouse' } },
          welcome: { enabled: true },
        },
        { captchaSecret: 'captcha-secret-value', smtpPassword: 'smtp-password-value' },
      );
      for (const built of [program, everything, welcome, senders, vendors]) {
        const prefix = `${built.name}-${TEST_STACK}`;
        const checked = new Set(physicalNames(prefix, triggersOf(built.config)).map(([, name]) => name));
        const names = built.resources
          .filter((each) => each.custom && typeof each.inputs['name'] === 'string')
          .map((each) => String(each.inputs['name']));
        // Alarms are named after the prefix and what they watch (the queue's after the queue): CloudWatch
        // takes any name up to 255 characters, and the topic admits the prefix's alarms only.
        const alarms = built.ofType(TYPES.alarm).map((alarm) => String(alarm.inputs['name']));
        expect(alarms, built.name).to.have.members([
          ...stackAlarmNames(built),
          ...(built.config.messages.email === 'custom-sender' ? [`${prefix}-undelivered-messages-waiting`] : []),
        ]);
        for (const alarm of alarms) expect(alarm.startsWith(`${prefix}-`) && alarm.length <= 255, alarm).to.equal(true);
        for (const name of names.filter((each) => !alarms.includes(each))) expect(checked, `${built.name}: ${name}`).to.include(name);
      }
      // Every parameter the stack can hold is there: the account key and both secrets.
      expect(everything.ofType(TYPES.parameter).map((each) => each.inputs['name'])).to.have.members([
        `/everything-${TEST_STACK}/account-key`,
        `/everything-${TEST_STACK}/captcha-secret`,
        `/everything-${TEST_STACK}/smtp-password`,
      ]);
    });

    it('takes every name from gatehouse:namePrefix when the stack sets it (after a stack rename)', () => {
      const names = renamed.resources
        .filter((each) => each.custom && typeof each.inputs['name'] === 'string')
        .map((each) => String(each.inputs['name']));
      expect(names).to.have.length(TRIGGERS.length * 3 + 5 + 3 + 1 + stackAlarmNames(program).length);
      for (const name of names) {
        expect(name).to.contain('gatehouse-old');
        expect(name).to.not.contain(TEST_STACK);
      }
    });
  });

  describe('least privilege', () => {
    it('uses no wildcard action and no Resource "*" in any policy but the log delivery Step Functions requires and the workflow\'s counts, held to their namespace', () => {
      for (const built of [program, forcedReset, welcome, noReminders, senders, vendors]) {
        const policies = policiesOf(built);
        // A role and a base policy per function at least.
        expect(policies.length).to.be.at.least(TRIGGERS.length * 2);
        for (const { name, document } of policies) {
          for (const statement of document.Statement) {
            for (const action of asList(statement.Action)) expect(action, name).to.not.include('*');
            // SNS to phone numbers is the one statement without a Resource: NotResource every SNS ARN.
            expect(asList(statement.NotResource), name).to.not.include('*');
            if (statement.NotResource !== undefined) {
              expect(statement, name).to.deep.equal({ Sid: 'SendTextsToPhoneNumbers', Effect: 'Allow', Action: ['sns:Publish'], NotResource: ['arn:*:sns:*:*:*'] });
              continue;
            }
            // Vended-log delivery actions take no resource type: AWS accepts them only on "*".
            if (name === `${built.name}-reminders-logging`) expect(statement, name).to.deep.equal(logDeliveryStatement());
            // PutMetricData takes no resource type either: "*", bounded by the namespace condition.
            else if (statement.Sid === 'CountOutcomes') {
              expect(statement, name).to.deep.equal({
                Sid: 'CountOutcomes',
                Effect: 'Allow',
                Action: ['cloudwatch:PutMetricData'],
                Resource: ['*'],
                Condition: { StringEquals: { 'cloudwatch:namespace': 'Gatehouse' } },
              });
              expect(name).to.equal(`${built.name}-reminders-policy`);
            } else expect(asList(statement.Resource), name).to.not.include('*');
          }
        }
      }
      // Only the workflow's logging policy and its counts, and only with the workflow.
      const starred = (built: BuiltProgram) =>
        policiesOf(built)
          .filter(({ document }) => document.Statement.some((statement) => asList(statement.Resource).includes('*')))
          .map(({ name }) => name);
      expect(starred(program)).to.have.members(['gatehouse-reminders-logging', 'gatehouse-reminders-policy']);
      expect(starred(noReminders)).to.deep.equal([]);
      expect(starred(senders)).to.have.members(['senders-reminders-logging', 'senders-reminders-policy']);
      expect(logDeliveryStatement().Action.every((action) => action.startsWith('logs:'))).to.equal(true);
    });

    it('never grants AdminResetUserPassword when forced reset is off, and no function anything on the pool', () => {
      const actions = policiesOf(program).flatMap(({ document }) =>
        document.Statement.flatMap((statement) => asList(statement.Action)),
      );
      expect(actions).to.not.include('cognito-idp:AdminResetUserPassword');
      // The pool actions there are belong to the reminder workflow's own policy.
      const onThePool = policiesOf(program).filter(({ document }) =>
        document.Statement.some((statement) => asList(statement.Action).some((action) => action.startsWith('cognito-idp:'))),
      );
      expect(onThePool.map(({ name }) => name)).to.deep.equal(['gatehouse-reminders-policy']);
      expect(actionsOf(noReminders).filter((action) => action.startsWith('cognito-idp:'))).to.deep.equal([]);
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

    /** The statements of pre-sign-up's one policy (it has no pool policy). */
    const preSignUpStatements = (built: BuiltProgram) => {
      const role = built.one(TYPES.role, `${built.name}-pre-sign-up-role`);
      const policies = built.ofType(TYPES.rolePolicy).filter((policy) => policy.inputs['role'] === role.state['name']);
      expect(policies.map((policy) => policy.name), built.name).to.deep.equal([`${built.name}-pre-sign-up-policy`]);
      return parsePolicy(policies[0]!).Statement;
    };
    const writeOwnLogs = (built: BuiltProgram) => ({
      Sid: 'WriteOwnLogs',
      Effect: 'Allow',
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      Resource: [`${String(built.one(TYPES.logGroup, `${built.name}-pre-sign-up-logs`).state['arn'])}:*`],
    });

    it('lets pre-sign-up, with forced reset on or off, write its logs, read the account key and start the workflow: no table, no pool', () => {
      for (const built of [program, forcedReset]) {
        const accountKey = built.one(TYPES.parameter);
        const keyArn = String(built.one(TYPES.key).state['arn']);
        expect(preSignUpStatements(built), built.name).to.deep.equal([
          writeOwnLogs(built),
          { Sid: 'ReadAccountKeySecret', Effect: 'Allow', Action: ['ssm:GetParameter'], Resource: [accountKey.state['arn']] },
          {
            Sid: 'DecryptAccountKeySecret',
            Effect: 'Allow',
            Action: ['kms:Decrypt'],
            Resource: [keyArn],
            Condition: { StringEquals: { 'kms:EncryptionContext:PARAMETER_ARN': accountKey.state['arn'] } },
          },
          { Sid: 'StartReminders', Effect: 'Allow', Action: ['states:StartExecution'], Resource: [built.one(STATE_MACHINE).state['arn']] },
        ]);
      }
    });

    it('lets pre-sign-up only write its own logs when the stack turns reminders off: no secret, no key, no workflow', () => {
      expect(preSignUpStatements(noReminders)).to.deep.equal([writeOwnLogs(noReminders)]);
    });

    it('tells the functions that forced reset is on when it is', () => {
      const variables = (forcedReset.functionOf('pre-authentication').inputs['environment'] as { variables: object })
        .variables;
      expect(variables).to.include({ FORCED_RESET_ENABLED: 'true', FORCED_RESET_AFTER_LOCKOUTS: '2' });
    });
  });

  describe('the sign-up reminder workflow', () => {
    let timed: BuiltProgram;
    before(async () => {
      timed = await buildGatehouse('timed', {
        signUp: { reminders: { remindAfterHours: 12, deleteAfterDays: 3 } },
        functions: { logRetentionDays: 90 },
      });
    });

    const indexOf = (built: BuiltProgram, type: string, name: string) =>
      built.resources.findIndex((each) => each.type === type && each.name === name);

    it('is a STANDARD state machine named for the stack, with its own role and vended-logs group', () => {
      const stateMachine = program.one(STATE_MACHINE);
      expect(stateMachine.name).to.equal('gatehouse-reminders-state-machine');
      expect(stateMachine.inputs).to.include({ name: reminderWorkflowName(`gatehouse-${TEST_STACK}`), type: 'STANDARD' });
      const role = program.one(TYPES.role, 'gatehouse-reminders-role');
      expect(role.inputs['name']).to.equal(reminderRoleName(`gatehouse-${TEST_STACK}`));
      expect(stateMachine.inputs['roleArn']).to.equal(role.state['arn']);
      expect(parsePolicy(role, 'assumeRolePolicy').Statement[0]?.Principal).to.deep.equal({ Service: 'states.amazonaws.com' });
      const logGroup = program.one(TYPES.logGroup, 'gatehouse-reminders-logs');
      expect(logGroup.inputs).to.deep.include({ name: reminderLogGroupName(`gatehouse-${TEST_STACK}`), retentionInDays: 30 });
      expect(timed.one(TYPES.logGroup, 'timed-reminders-logs').inputs['retentionInDays']).to.equal(90);
      for (const resource of [stateMachine, role, logGroup]) {
        expect(resource.inputs['tags'], resource.name).to.include({ 'gatehouse:component': 'reminder-workflow', 'gatehouse:stack': TEST_STACK });
      }
    });

    it('waits as the stack says, on the stack’s table, the same waits the functions are told', () => {
      const definitionOf = (built: BuiltProgram) => JSON.parse(String(built.one(STATE_MACHINE).inputs['definition'])) as unknown;
      expect(definitionOf(program)).to.deep.equal(
        reminderWorkflowDefinition({ remindAfterSeconds: 86_400, deleteAfterSeconds: 7 * 86_400, tableName: program.outputs.tableName, stack: TEST_STACK }),
      );
      expect(definitionOf(timed)).to.deep.equal(
        reminderWorkflowDefinition({ remindAfterSeconds: 12 * 3600, deleteAfterSeconds: 3 * 86_400, tableName: timed.outputs.tableName, stack: TEST_STACK }),
      );
      const variables = (timed.functionOf('pre-sign-up').inputs['environment'] as { variables: Record<string, string> }).variables;
      expect(variables).to.include({ REMINDER_REMIND_AFTER_SECONDS: String(12 * 3600), REMINDER_DELETE_AFTER_SECONDS: String(3 * 86_400) });
    });

    it('is what every function is told to start, and what the stack exports', () => {
      const arn = program.one(STATE_MACHINE).state['arn'];
      expect(arn).to.equal(`arn:aws:states:eu-west-1:123456789012:stateMachine:gatehouse-${TEST_STACK}-sign-up-reminders`);
      expect(program.outputs.reminderStateMachineArn).to.equal(arn);
      for (const trigger of TRIGGERS) {
        const variables = (program.functionOf(trigger.name).inputs['environment'] as { variables: Record<string, string> }).variables;
        expect(variables['REMINDER_STATE_MACHINE_ARN'], trigger.name).to.equal(arn);
      }
    });

    it('is granted its rights on the pool after the pool exists, so that the pool may name pre-sign-up, which names it', () => {
      const stateMachine = program.one(STATE_MACHINE);
      const pool = program.one(TYPES.userPool);
      const policy = program.one(TYPES.rolePolicy, 'gatehouse-reminders-policy');
      expect(policy.inputs['role']).to.equal(program.one(TYPES.role, 'gatehouse-reminders-role').state['name']);
      expect(parsePolicy(policy)).to.deep.equal(
        reminderWorkflowPolicy(JSON.parse(String(stateMachine.inputs['definition'])), {
          poolArn: String(pool.state['arn']),
          tableArn: String(program.one(TYPES.table).state['arn']),
        }),
      );
      expect(JSON.stringify(stateMachine.inputs)).to.not.contain(String(pool.state['arn']));
      const order = [
        indexOf(program, STATE_MACHINE, 'gatehouse-reminders-state-machine'),
        indexOf(program, TYPES.function, 'gatehouse-pre-sign-up-function'),
        indexOf(program, TYPES.userPool, 'gatehouse-users-pool'),
        indexOf(program, TYPES.rolePolicy, 'gatehouse-reminders-policy'),
      ];
      expect(order.every((index) => index >= 0), JSON.stringify(order)).to.equal(true);
      expect(order).to.deep.equal([...order].sort((a, b) => a - b));
    });

    it('is not there when the stack turns reminders off: nothing to start, nothing exported, no rights to start it', () => {
      expect(noReminders.ofType(STATE_MACHINE)).to.deep.equal([]);
      expect(noReminders.resources.filter((each) => each.name.startsWith('no-reminders-reminders')).map((each) => each.name)).to.deep.equal([]);
      expect(noReminders.outputs.reminderStateMachineArn).to.equal(undefined);
      for (const trigger of TRIGGERS) {
        const variables = (noReminders.functionOf(trigger.name).inputs['environment'] as { variables: Record<string, string> }).variables;
        expect(variables['REMINDER_STATE_MACHINE_ARN'], trigger.name).to.equal('');
      }
      expect(actionsOf(noReminders).filter((action) => action.startsWith('states:'))).to.deep.equal([]);
    });
  });

  describe('the welcome mail over SES', () => {
    it('lets post-confirmation alone send, as the stack identity and from the stack address only', () => {
      const identity = welcome.one(TYPES.emailIdentity);
      expect(identity.inputs['emailIdentity']).to.equal('example.com');
      const sending = welcome
        .ofType(TYPES.rolePolicy)
        .filter((policy) => parsePolicy(policy).Statement.some((statement) => asList(statement.Action).some((action) => action.startsWith('ses:'))));
      expect(sending.map((policy) => policy.name)).to.deep.equal(['welcome-post-confirmation-policy']);
      expect(parsePolicy(sending[0]!).Statement.filter((statement) => asList(statement.Action).includes('ses:SendEmail'))).to.deep.equal([
        {
          Sid: 'SendMailAsStack',
          Effect: 'Allow',
          Action: ['ses:SendEmail'],
          Resource: [identity.state['arn']],
          // The bare address, its domain normalised as the function sends it (see function-environment.test.ts).
          Condition: { StringEquals: { 'ses:FromAddress': 'No-Reply@example.com' } },
        },
      ]);
    });

    it('tells the functions the sender and that the welcome mail is on', () => {
      const variables = (welcome.functionOf('post-confirmation').inputs['environment'] as { variables: Record<string, string> }).variables;
      expect(variables).to.include({ WELCOME_ENABLED: 'true', MAIL_PROVIDER: 'ses', MAIL_FROM: 'Example <No-Reply@Example.com>', SMTP_HOST: '' });
    });

    it('grants no function SES without the welcome mail, even with a sender', async () => {
      const senderOnly = await buildGatehouse('sender-only', { email: { from: 'Example <no-reply@example.com>' } });
      expect(senderOnly.ofType(TYPES.emailIdentity)).to.have.length(1);
      for (const policy of senderOnly.ofType(TYPES.rolePolicy)) {
        expect(JSON.stringify(parsePolicy(policy)), policy.name).to.not.contain('ses:');
      }
    });
  });

  describe('alerts on the owner\'s own activity', () => {
    const variablesOf = (built: BuiltProgram, trigger: string) =>
      (built.functionOf(trigger).inputs['environment'] as { variables: Record<string, string> }).variables;
    const mailingPolicies = (built: BuiltProgram) =>
      built
        .ofType(TYPES.rolePolicy)
        .filter((policy) => parsePolicy(policy).Statement.some((statement) => asList(statement.Action).some((action) => action.startsWith('ses:'))))
        .map((policy) => policy.name);

    it('lets pre-authentication send the lock alert as the stack identity, from its address only, and tells every function the alert is on', async () => {
      const locks = await buildGatehouse('lock-alerts', { email: { from: 'Example <No-Reply@Example.com>' }, alerts: { accountLocked: true } });
      expect(mailingPolicies(locks)).to.deep.equal(['lock-alerts-pre-authentication-policy']);
      const identity = locks.one(TYPES.emailIdentity);
      const policy = locks.one(TYPES.rolePolicy, 'lock-alerts-pre-authentication-policy');
      expect(parsePolicy(policy).Statement.filter((statement) => asList(statement.Action).some((action) => action.startsWith('ses:')))).to.deep.equal([
        {
          Sid: 'SendMailAsStack',
          Effect: 'Allow',
          Action: ['ses:SendEmail'],
          Resource: [identity.state['arn']],
          Condition: { StringEquals: { 'ses:FromAddress': 'No-Reply@example.com' } },
        },
      ]);
      // Its once-only record: DeleteItem releases a claim whose send failed.
      expect(JSON.stringify(parsePolicy(policy))).to.contain('dynamodb:DeleteItem');
      expect(variablesOf(locks, 'pre-authentication')).to.include({ ALERT_ACCOUNT_LOCKED: 'true', ALERT_NEW_DEVICE: 'false', MAIL_FROM: 'Example <No-Reply@Example.com>' });
    });

    it('lets both sign-in functions read the SendGrid key with both alerts over SendGrid, and grants no SES', async () => {
      const both = await buildGatehouse(
        'both-alerts',
        { email: { from: 'no-reply@example.com', provider: 'sendgrid' }, alerts: { accountLocked: true, newDevice: true } },
        { sendgridApiKey: VENDOR_SECRETS.sendgridApiKey },
      );
      expect(mailingPolicies(both)).to.deep.equal([]);
      const keyParameter = both.ofType(TYPES.parameter).find((parameter) => parameter.inputs['name'] === `/both-alerts-${TEST_STACK}/sendgrid-api-key`);
      expect(keyParameter, 'the SendGrid key parameter').to.not.equal(undefined);
      const readers = both
        .ofType(TYPES.rolePolicy)
        .filter((policy) => JSON.stringify(parsePolicy(policy)).includes(String(keyParameter?.state['arn'])))
        .map((policy) => policy.name);
      expect(readers).to.have.members(['both-alerts-pre-authentication-policy', 'both-alerts-post-authentication-policy']);
      expect(readers).to.have.length(2);
      expect(variablesOf(both, 'post-authentication')).to.include({ ALERT_NEW_DEVICE: 'true', SENDGRID_API_KEY_PARAMETER: `/both-alerts-${TEST_STACK}/sendgrid-api-key` });
    });

    it('grants no mail to the sign-in functions with a sender and no alert (the default program sends nothing)', () => {
      for (const name of ['welcome-pre-authentication-policy', 'welcome-post-authentication-policy']) {
        expect(JSON.stringify(parsePolicy(welcome.one(TYPES.rolePolicy, name))), name).to.not.contain('ses:');
      }
      expect(variablesOf(program, 'pre-authentication')).to.include({ ALERT_ACCOUNT_LOCKED: 'false', ALERT_NEW_DEVICE: 'false' });
    });
  });

  describe('custom senders', () => {
    const SENDERS = ['custom-email-sender', 'custom-sms-sender'] as const;
    const definitionOf = (name: string): TriggerDefinition => {
      const found = ALL_TRIGGERS.find((trigger) => trigger.name === name);
      if (found === undefined) throw new Error(`no trigger ${name}`);
      return found;
    };
    const variablesOf = (built: BuiltProgram, trigger: string) =>
      (built.functionOf(trigger).inputs['environment'] as { variables: Record<string, string> }).variables;
    const roleArnOf = (built: BuiltProgram, trigger: string) => String(built.one(TYPES.role, `${built.name}-${trigger}-role`).state['arn']);
    const parameterArn = (built: BuiltProgram, name: string) =>
      built.ofType(TYPES.parameter).find((parameter) => parameter.inputs['name'] === `/${built.name}-${TEST_STACK}/${name}`)?.state['arn'];
    const indexOf = (built: BuiltProgram, type: string, name: string) =>
      built.resources.findIndex((each) => each.type === type && each.name === name);

    /** The ARNs the program hands `triggerPolicy`, read back from what it registered. */
    const resourceArns = (built: BuiltProgram, trigger: string): TriggerResourceArns => {
      const secretParameterArns: Partial<Record<SecretName, string>> = {};
      const parameters: Record<SecretName, string> = {
        accountKey: 'account-key',
        captchaSecret: 'captcha-secret',
        smtpPassword: 'smtp-password',
        sendgridApiKey: 'sendgrid-api-key',
        twilioAuthToken: 'twilio-auth-token',
        legacyEndpointSecret: 'legacy-endpoint-secret',
      };
      for (const [secret, name] of Object.entries(parameters) as [SecretName, string][]) {
        const arn = parameterArn(built, name);
        if (arn !== undefined) secretParameterArns[secret] = String(arn);
      }
      const identity = built.ofType(TYPES.emailIdentity)[0];
      return {
        tableArn: String(built.one(TYPES.table).state['arn']),
        logGroupArn: String(built.one(TYPES.logGroup, `${built.name}-${trigger}-logs`).state['arn']),
        secretParameterArns,
        keyArn: String(built.one(TYPES.key).state['arn']),
        reminderStateMachineArn: String(built.one(STATE_MACHINE).state['arn']),
        ...(identity ? { emailIdentity: { arn: String(identity.state['arn']), fromAddress: 'no-reply@example.com' } } : {}),
        undeliveredQueueArn: String(built.one(TYPES.queue).state['arn']),
      };
    };

    let codeKeyPolicy: typeof import('../../infra/components/user-pool').codeKeyPolicy;
    before(async () => {
      // Loaded once the mocks are in place, as the program's own modules are.
      ({ codeKeyPolicy } = await import('../../infra/components/user-pool.js'));
    });

    it('registers both senders, each from its own bundle, invoked by Cognito from this pool only, and exports their ARNs', () => {
      for (const built of [senders, vendors]) {
        const poolArn = built.one(TYPES.userPool).state['arn'];
        for (const trigger of SENDERS) {
          const fn = built.functionOf(trigger);
          expect(fn.inputs['code'], trigger).to.deep.equal({ fileArchive: join(root, 'dist', 'lambda', trigger) });
          expect(fn.inputs['description']).to.equal(`Gatehouse: Cognito ${definitionOf(trigger).lambdaConfigField} trigger`);
          expect(fn.inputs['role']).to.equal(roleArnOf(built, trigger));
          const permissions = built.ofType(TYPES.permission).filter((permission) => permission.inputs['function'] === fn.inputs['name']);
          expect(permissions.map((permission) => permission.inputs), trigger).to.deep.equal([
            { action: 'lambda:InvokeFunction', function: fn.inputs['name'], principal: 'cognito-idp.amazonaws.com', sourceArn: poolArn },
          ]);
          expect(built.outputs.functionArns[trigger]).to.equal(fn.state['arn']);
        }
        expect(Object.keys(built.outputs.functionArns)).to.have.members(triggersOf(built.config).map((trigger) => trigger.name));
      }
    });

    it('retries each sender\'s failed deliveries and drops old ones as the stack says, handing them to the queue', () => {
      for (const [built, retries, age] of [[senders, 1, 900], [vendors, 2, 3600]] as const) {
        const queueArn = built.one(TYPES.queue).state['arn'];
        expect(queueArn).to.equal(`arn:aws:sqs:eu-west-1:123456789012:${built.name}-${TEST_STACK}-undelivered-messages`);
        expect(built.ofType(TYPES.invokeConfig).map((each) => each.name).sort()).to.deep.equal(SENDERS.map((trigger) => `${built.name}-${trigger}-delivery`));
        for (const trigger of SENDERS) {
          expect(built.one(TYPES.invokeConfig, `${built.name}-${trigger}-delivery`).inputs, `${built.name} ${trigger}`).to.deep.equal({
            functionName: built.functionOf(trigger).inputs['name'],
            maximumRetryAttempts: retries,
            maximumEventAgeInSeconds: age,
            destinationConfig: { onFailure: { destination: queueArn } },
          });
        }
      }
    });

    it('keeps undelivered messages 14 days in one queue encrypted by SQS, with an alarm as soon as one waits there', () => {
      for (const built of [senders, vendors]) {
        const queue = built.one(TYPES.queue);
        const queueName = `${built.name}-${TEST_STACK}-undelivered-messages`;
        expect(queue.name).to.equal(`${built.name}-undelivered-queue`);
        expect(queue.inputs).to.deep.include({ name: queueName, messageRetentionSeconds: 14 * 86_400, sqsManagedSseEnabled: true });
        const alarm = undeliveredAlarm(built);
        expect(alarm.inputs).to.deep.include({
          name: `${queueName}-waiting`,
          namespace: 'AWS/SQS',
          metricName: 'ApproximateNumberOfMessagesVisible',
          dimensions: { QueueName: queue.state['name'] },
          statistic: 'Maximum',
          period: 300,
          evaluationPeriods: 1,
          threshold: 0,
          comparisonOperator: 'GreaterThanThreshold',
          treatMissingData: 'notBreaching',
        });
        expect(alarm.inputs['alarmDescription']).to.be.a('string').that.contains('could not be delivered');
      }
    });

    it('names both senders in the pool\'s one lambdaConfig as { lambdaArn, lambdaVersion: V1_0 }, with the stack key as kmsKeyId', () => {
      for (const built of [senders, vendors]) {
        const lambdaConfig = built.one(TYPES.userPool).inputs['lambdaConfig'] as Record<string, unknown>;
        expect(lambdaConfig['customEmailSender']).to.deep.equal({ lambdaArn: built.functionOf('custom-email-sender').state['arn'], lambdaVersion: 'V1_0' });
        expect(lambdaConfig['customSmsSender']).to.deep.equal({ lambdaArn: built.functionOf('custom-sms-sender').state['arn'], lambdaVersion: 'V1_0' });
        expect(lambdaConfig['kmsKeyId']).to.equal(built.one(TYPES.key).state['arn']);
        expect(lambdaConfig['kmsKeyId']).to.equal(built.outputs.keyArn);
        // Every other trigger of the stack by its ARN; nothing else.
        const expected: Record<string, unknown> = { kmsKeyId: built.outputs.keyArn };
        for (const trigger of triggersOf(built.config)) {
          const arn = built.functionOf(trigger.name).state['arn'];
          expected[trigger.lambdaConfigField] = trigger.customSender ? { lambdaArn: arn, lambdaVersion: 'V1_0' } : arn;
        }
        expect(lambdaConfig).to.deep.equal(expected);
      }
    });

    it('puts on the stack key, once the pool exists, the policy that names the pool and the two sender roles', () => {
      for (const built of [senders, vendors]) {
        const pool = built.one(TYPES.userPool);
        const key = built.one(TYPES.key);
        const keyPolicy = built.one(TYPES.keyPolicy, `${built.name}-users-code-key-policy`);
        expect(keyPolicy.inputs['keyId']).to.equal(key.state['keyId']);
        expect(keyPolicy.inputs['keyId']).to.equal(key.id);
        expect(JSON.parse(String(keyPolicy.inputs['policy']))).to.deep.equal(
          codeKeyPolicy(String(pool.state['arn']), pool.id, SENDERS.map((trigger) => roleArnOf(built, trigger))),
        );
        // The pool is created first, under the key's default policy (Cognito's grant is made then).
        expect(indexOf(built, TYPES.keyPolicy, keyPolicy.name)).to.be.above(indexOf(built, TYPES.userPool, `${built.name}-users-pool`));
        expect(key.inputs).to.not.have.property('policy');
      }
    });

    it('lets each sender decrypt the codes of this pool only, granted once the pool exists', () => {
      for (const built of [senders, vendors]) {
        const pool = built.one(TYPES.userPool);
        for (const trigger of SENDERS) {
          const policy = built.one(TYPES.rolePolicy, `${built.name}-users-${trigger}-pool-access`);
          expect(policy.inputs['role']).to.equal(built.one(TYPES.role, `${built.name}-${trigger}-role`).state['name']);
          expect(parsePolicy(policy)).to.deep.equal({
            Version: '2012-10-17',
            Statement: [
              {
                Sid: 'DecryptPoolCodes',
                Effect: 'Allow',
                Action: ['kms:Decrypt'],
                Resource: [built.one(TYPES.key).state['arn']],
                Condition: { StringEquals: { 'kms:EncryptionContext:userpool-id': pool.id } },
              },
            ],
          });
          expect(parsePolicy(policy)).to.deep.equal(
            poolAccessPolicy(definitionOf(trigger), { poolArn: String(pool.state['arn']), poolId: pool.id, keyArn: String(built.one(TYPES.key).state['arn']) }, built.config),
          );
        }
        // No other function gets a policy on the pool (forced reset is off).
        expect(built.ofType(TYPES.rolePolicy).filter((each) => each.name.endsWith('-pool-access')).map((each) => each.name).sort()).to.deep.equal(
          SENDERS.map((trigger) => `${built.name}-users-${trigger}-pool-access`),
        );
      }
    });

    it('gives each sender a base policy of exactly its record, how it sends, and the queue', () => {
      for (const built of [senders, vendors]) {
        for (const trigger of SENDERS) {
          const policy = parsePolicy(built.one(TYPES.rolePolicy, `${built.name}-${trigger}-policy`));
          expect(policy, `${built.name} ${trigger}`).to.deep.equal(triggerPolicy(definitionOf(trigger), built.config, resourceArns(built, trigger)));
        }
      }
      const sids = (built: BuiltProgram, trigger: string) =>
        parsePolicy(built.one(TYPES.rolePolicy, `${built.name}-${trigger}-policy`)).Statement.map((statement) => statement.Sid);
      expect(sids(senders, 'custom-email-sender')).to.deep.equal(['WriteOwnLogs', 'UseTable', 'SendMailAsStack', 'HandOverUndelivered']);
      expect(sids(senders, 'custom-sms-sender')).to.deep.equal(['WriteOwnLogs', 'UseTable', 'SendTextsToPhoneNumbers', 'HandOverUndelivered']);
      expect(sids(vendors, 'custom-email-sender')).to.deep.equal(['WriteOwnLogs', 'UseTable', 'ReadSendGridApiKey', 'DecryptSendGridApiKey', 'HandOverUndelivered']);
      expect(sids(vendors, 'custom-sms-sender')).to.deep.equal(['WriteOwnLogs', 'UseTable', 'ReadTwilioAuthToken', 'DecryptTwilioAuthToken', 'HandOverUndelivered']);
      const publish = parsePolicy(senders.one(TYPES.rolePolicy, 'senders-custom-sms-sender-policy')).Statement.find(
        (statement) => statement.Sid === 'SendTextsToPhoneNumbers',
      );
      expect(publish).to.deep.equal({ Sid: 'SendTextsToPhoneNumbers', Effect: 'Allow', Action: ['sns:Publish'], NotResource: ['arn:*:sns:*:*:*'] });
      const handOver = parsePolicy(senders.one(TYPES.rolePolicy, 'senders-custom-email-sender-policy')).Statement.find(
        (statement) => statement.Sid === 'HandOverUndelivered',
      );
      expect(handOver).to.deep.equal({ Sid: 'HandOverUndelivered', Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: [senders.one(TYPES.queue).state['arn']] });
    });

    it('lets no other function publish to SNS, send to the queue or decrypt codes', () => {
      for (const built of [senders, vendors]) {
        for (const { name, document } of policiesOf(built)) {
          if (SENDERS.some((trigger) => name.startsWith(`${built.name}-${trigger}-`) || name.startsWith(`${built.name}-users-${trigger}-`))) continue;
          const text = JSON.stringify(document);
          expect(text, name).to.not.match(/"(sns|sqs):/);
          expect(text, name).to.not.contain('userpool-id');
        }
      }
    });

    it('stores the SendGrid key and the Twilio token as SecureStrings under the stack key, and tells the functions only their names', () => {
      const keyArn = vendors.one(TYPES.key).state['arn'];
      for (const [secret, name] of [['sendgridApiKey', 'sendgrid-api-key'], ['twilioAuthToken', 'twilio-auth-token']] as const) {
        const [parameter] = vendors.ofType(TYPES.parameter).filter((each) => each.inputs['name'] === `/vendors-${TEST_STACK}/${name}`);
        expect(parameter?.inputs, name).to.include({ type: 'SecureString', tier: 'Standard', keyId: keyArn });
        expect(parameter?.inputs['description']).to.contain(`gatehouse:${secret}`);
        expect(JSON.stringify(parameter?.inputs['value'])).to.contain(VENDOR_SECRETS[secret]);
      }
      for (const trigger of triggersOf(vendors.config)) {
        const variables = variablesOf(vendors, trigger.name);
        expect(variables, trigger.name).to.include({
          MESSAGES_EMAIL: 'custom-sender',
          MESSAGES_SMS: 'custom-sender',
          MAIL_PROVIDER: 'sendgrid',
          SENDGRID_API_KEY_PARAMETER: `/vendors-${TEST_STACK}/sendgrid-api-key`,
          CODE_KEY_ARN: keyArn,
          SMS_PROVIDER: 'twilio',
          TWILIO_ACCOUNT_SID: TWILIO_ACCOUNT_SID,
          TWILIO_FROM: '+15005550006',
          TWILIO_AUTH_TOKEN_PARAMETER: `/vendors-${TEST_STACK}/twilio-auth-token`,
        });
        for (const value of Object.values(VENDOR_SECRETS)) expect(JSON.stringify(variables), trigger.name).to.not.contain(value);
      }
      expect(variablesOf(senders, 'custom-sms-sender')).to.include({ SMS_PROVIDER: 'sns', CODE_KEY_ARN: senders.one(TYPES.key).state['arn'], SENDGRID_API_KEY_PARAMETER: '' });
    });

    it('registers none of this for a stack without custom senders, nor for one that only personalises its messages', async () => {
      const personalised = await buildGatehouse('messages', { email: { from: 'no-reply@example.com' }, messages: { email: 'custom-message' } });
      for (const built of [program, welcome, forcedReset, personalised]) {
        const functionNames = built.ofType(TYPES.function).map((fn) => String(fn.inputs['name']));
        for (const trigger of SENDERS) expect(functionNames, built.name).to.not.include(`${built.name}-${TEST_STACK}-${trigger}`);
        for (const type of [TYPES.queue, TYPES.invokeConfig, TYPES.keyPolicy]) expect(built.ofType(type), `${built.name} ${type}`).to.deep.equal([]);
        expect(built.ofType(TYPES.alarm).map((alarm) => alarm.name), built.name).to.not.include(`${built.name}-undelivered-alarm`);
        const lambdaConfig = built.one(TYPES.userPool).inputs['lambdaConfig'] as Record<string, unknown>;
        expect(lambdaConfig, built.name).to.not.have.any.keys('kmsKeyId', 'customEmailSender', 'customSmsSender');
        for (const { name, document } of policiesOf(built)) {
          const text = JSON.stringify(document);
          expect(text, name).to.not.match(/"(sns|sqs):/);
          expect(text, name).to.not.contain('userpool-id');
        }
        expect(built.resources.filter((each) => each.name.includes('undelivered')).map((each) => each.name), built.name).to.deep.equal([]);
      }
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
      // Over half the list fits (about 2.3 KB of domains, next to every other setting), and reaches the functions whole.
      const fitting = await buildGatehouse('fitting', { signUp: { allowedDomains: domains.slice(0, 32) } });
      const variables = (fitting.functionOf('pre-sign-up').inputs['environment'] as { variables: Record<string, string> }).variables;
      expect(variables['SIGN_UP_ALLOWED_DOMAINS']).to.equal(domains.slice(0, 32).join(','));
    });

    it('refuses a stack whose secrets do not cover its settings, naming the secret to set', async () => {
      const { createGatehouse } = await import('../../infra/gatehouse.js');
      const { parseStackConfig, StackConfigError } = await import('../../infra/config.js');
      const config = parseStackConfig({ signUp: { captcha: { provider: 'turnstile' } } });
      expect(() => createGatehouse('unsecret', config, { stack: TEST_STACK, bundleCheck: false, secrets: {} })).to.throw(
        StackConfigError,
        'gatehouse:captchaSecret is required because gatehouse:signUp.captcha.provider is turnstile: ' +
          'pulumi config set --secret gatehouse:captchaSecret <value>',
      );
    });

    it('refuses a stack whose custom senders\' providers have no secret, naming each', async () => {
      const { createGatehouse } = await import('../../infra/gatehouse.js');
      const { StackConfigError } = await import('../../infra/config.js');
      const config = (await vendorsProgram()).config;
      expect(() => createGatehouse('unsecret-vendors', config, { stack: TEST_STACK, bundleCheck: false, secrets: {} }))
        .to.throw(StackConfigError, 'gatehouse:sendgridApiKey is required because gatehouse:email.provider is sendgrid')
        .with.property('problems')
        .that.deep.equals([
          'gatehouse:sendgridApiKey is required because gatehouse:email.provider is sendgrid: pulumi config set --secret gatehouse:sendgridApiKey <value>',
          'gatehouse:twilioAuthToken is required because gatehouse:sms.provider is twilio: pulumi config set --secret gatehouse:twilioAuthToken <value>',
        ]);
    });

    it('refuses a stack name Lambda would not accept in a function name', async () => {
      const { createGatehouse } = await import('../../infra/gatehouse.js');
      expect(() => createGatehouse('badstack', program.config, { stack: 'prod.eu', bundleCheck: false })).to.throw(
        /stack "prod\.eu" gives the function name "badstack-prod\.eu-pre-authentication"/,
      );
    });
  });
});
