import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { availableStacks, defaultSenderWarning, plan, readStackConfig, REGION_PLACEHOLDER, type StackFileConfig } from '../../scripts/plan';
import { parseStackConfig } from '../../infra/config';
import { TRIGGERS as ALL_TRIGGERS, triggersOf } from '../../infra/triggers';
import { copyProject, type ProjectCopy } from './support/project-copy';

/** The triggers a stack with default messages has (custom-message only comes with personalised messages). */
const TRIGGERS = triggersOf(parseStackConfig({}), ALL_TRIGGERS);

const root = join(__dirname, '..', '..');

const runPlan = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'scripts/plan.ts', ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
  });

/** The plan runs the build, like `pulumi up` (`npm test` builds it first). */
function requireBuild(): void {
  const missing = ['dist/infra/index.js', 'dist/build-info.json', ...TRIGGERS.map((trigger) => `dist/lambda/${trigger.name}/index.js`)].filter(
    (file) => !existsSync(join(root, file)),
  );
  if (missing.length > 0) throw new Error(`build first (npm run build): missing ${missing.join(', ')}`);
}

describe('infra: offline plan (scripts/plan.ts)', () => {
  describe('the dev stack', function () {
    this.timeout(60_000);
    let result: ReturnType<typeof runPlan>;

    before(function () {
      requireBuild();
      result = runPlan('dev');
    });

    it('exits 0 and says it is a preview under mocks, not a deployment', () => {
      expect(result.status, result.stderr).to.equal(0);
      expect(result.stdout).to.contain('Gatehouse plan for stack "dev"');
      expect(result.stdout).to.contain('PREVIEW UNDER PULUMI MOCKS - not a deployment');
    });

    it('runs the build through Pulumi\'s own runner, from the folder `pulumi preview` would', () => {
      expect(result.stdout).to.contain(
        "Program: dist/infra/index.js, run by @pulumi/pulumi's Node.js runner from dist/infra/ as `pulumi preview` runs it.",
      );
    });

    it('shows the table’s index of recent lockouts, which the operator command reads', () => {
      expect(result.stdout).to.match(/globalSecondaryIndexes:\n\s+- keySchemas:\n\s+- attributeName: lockoutDay\n\s+keyType: HASH\n\s+- attributeName: lastLockedAt\n\s+keyType: RANGE\n\s+name: recent-lockouts/);
    });

    it('lists the pool, its client, the table, the key and every function with its inputs', () => {
      const { stdout } = result;
      for (const type of [
        'aws:cognito/userPool:UserPool',
        'aws:cognito/userPoolClient:UserPoolClient',
        'aws:dynamodb/table:Table',
        'aws:kms/key:Key',
      ]) {
        expect(stdout).to.contain(`+ ${type}`);
      }
      for (const trigger of TRIGGERS) {
        expect(stdout).to.contain(`name: gatehouse-dev-${trigger.name}`);
        expect(stdout).to.contain(`code: FileArchive(dist/lambda/${trigger.name})`);
        expect(stdout).to.contain(`${trigger.lambdaConfigField}: arn:aws:lambda:eu-west-1:123456789012:function:gatehouse-dev-${trigger.name}`);
      }
      const tableName = /^ {2}tableName: (\S+)$/m.exec(stdout)?.[1];
      expect(tableName, 'the tableName output').to.be.a('string');
      expect(stdout).to.contain(`TABLE_NAME: ${tableName}`);
      expect(stdout).to.contain('- dynamodb:UpdateItem');
    });

    it('gives every function the dev stack’s sign-up rules, and pre-sign-up a policy that writes its logs, reads the account key and starts reminders', () => {
      const { stdout } = result;
      for (const line of [
        'SIGN_UP_ALLOWED_DOMAINS: ""',
        'SIGN_UP_BLOCKED_DOMAINS: ""',
        'SIGN_UP_REFUSE_DISPOSABLE: "true"', // dev shows it (Pulumi.dev.yaml: DEV SHOWS IT)
        'SIGN_UP_EXTRA_DISPOSABLE_DOMAINS: ""',
        'SIGN_UP_EXTERNAL_PROVIDERS: screen',
      ]) {
        expect(stdout.split('\n').filter((each) => each.trim() === line), line).to.have.length(TRIGGERS.length);
      }
      const start = stdout.indexOf('+ aws:iam/rolePolicy:RolePolicy  gatehouse-pre-sign-up-policy\n');
      expect(start, 'the pre-sign-up policy').to.be.at.least(0);
      const rest = stdout.slice(start + 1);
      const policy = rest.slice(0, rest.search(/^(\+ |\[component\])/m));
      expect(policy).to.contain('- logs:PutLogEvents');
      expect(policy).to.contain('log-group:/aws/lambda/gatehouse-dev-pre-sign-up:*');
      expect(policy).to.contain('- ssm:GetParameter');
      expect(policy).to.contain('- states:StartExecution');
      expect(policy).to.contain('stateMachine:gatehouse-dev-sign-up-reminders');
      expect(policy).to.not.match(/dynamodb:|cognito-idp:|ses:/);
    });

    it('shows the reminder workflow: its state machine and its counts, role, policies and log group', () => {
      const { stdout } = result;
      for (const line of [
        '+ aws:sfn/stateMachine:StateMachine  gatehouse-reminders-state-machine',
        '+ aws:iam/role:Role  gatehouse-reminders-role',
        '+ aws:iam/rolePolicy:RolePolicy  gatehouse-reminders-policy',
        '+ aws:iam/rolePolicy:RolePolicy  gatehouse-reminders-logging',
        '+ aws:cloudwatch/logGroup:LogGroup  gatehouse-reminders-logs',
      ]) {
        expect(stdout).to.contain(line);
      }
      expect(stdout).to.contain('- cognito-idp:AdminDeleteUser');
      // Its counts, and the right to publish them in the Gatehouse namespace only.
      expect(stdout).to.contain('Resource: arn:aws:states:::aws-sdk:cloudwatch:putMetricData');
      expect(stdout).to.match(/Sid: CountOutcomes\n(.*\n){1,8}\s+cloudwatch:namespace: Gatehouse\n/);
      expect(stdout).to.contain('reminderStateMachineArn:');
    });

    it('prints the stack outputs', () => {
      const outputs = result.stdout.slice(result.stdout.indexOf('Stack outputs:'));
      for (const name of ['userPoolId', 'userPoolArn', 'userPoolClientId', 'tableName', 'keyArn', 'functionArns', 'emailDnsRecords']) {
        expect(outputs).to.contain(`${name}:`);
      }
    });

    // Dev names no sender on purpose (a sender needs a verified SES identity): its one warning is that.
    it('warns only that the pool keeps Cognito\'s default sender: the region is set and the program logged no warning', () => {
      const warnings = result.stdout.split('\n').filter((line) => line.includes('WARNING'));
      expect(warnings).to.have.length(1);
      expect(warnings[0]).to.match(/^WARNING: gatehouse:email\.from is not set in Pulumi\.dev\.yaml: /);
      expect(warnings[0]).to.contain("Cognito's default sender, which sends about 50 emails a day and drops the rest");
      expect(warnings[0]).to.contain('recovery and forced resets depend on them');
      expect(warnings[0]).to.contain('gatehouse:email: { from: "Example <no-reply@example.com>", identity: domain }');
      expect(result.stdout).not.to.contain('The program logged:');
      // Alarms and the dashboard are on by default, each alarm in a few lines; WAF is off.
      expect(result.stdout).to.contain('+ aws:cloudwatch/metricAlarm:MetricAlarm  gatehouse-operations-store-unavailable\n    name: gatehouse-dev-store-unavailable\n');
      expect(result.stdout).to.contain('+ aws:cloudwatch/dashboard:Dashboard  gatehouse-operations-dashboard\n    dashboardName: gatehouse-dev\n');
      expect(result.stdout).not.to.contain('aws:wafv2');
      expect(result.stdout).to.contain("emailSendingAccount: COGNITO_DEFAULT");
      expect(result.stdout).not.to.contain('aws:sesv2/emailIdentity:EmailIdentity');
    });

    // The reminder workflow's definition, expanded for review, takes about 550 of these lines (its five
    // counts some 50 each); the alarms (four lines each) and the dashboard (a line or two per widget) about 150.
    it('stays short enough to read', () => {
      expect(result.stdout.split('\n').length).to.be.below(1500);
    });
  });

  it('refuses an unknown stack, listing the stacks there are', function () {
    this.timeout(60_000);
    const result = runPlan('nonexistent');
    expect(result.status).to.equal(1);
    expect(result.stderr).to.contain('unknown stack "nonexistent"');
    expect(result.stderr).to.match(/Available stacks: .*\bdev\b/);
  });

  describe('a copy of the project (the build, no sources)', function () {
    this.timeout(60_000);
    let copy: ProjectCopy;
    before(() => {
      requireBuild();
      copy = copyProject(root, { nodeModules: 'symlink' });
      const dev = readFileSync(join(root, 'Pulumi.dev.yaml'), 'utf8');
      expect(dev).to.match(/^ {2}aws:region: .*\n/m);
      writeFileSync(join(copy.root, 'Pulumi.noregion.yaml'), dev.replace(/^ {2}aws:region: .*\n/m, ''));
    });
    after(() => copy?.remove());

    it('warns when the stack file sets no region, and shows a placeholder instead of assuming one', async () => {
      const text = await plan('noregion', copy.root);
      expect(text).to.contain('WARNING: aws:region is not set in Pulumi.noregion.yaml');
      expect(text).to.contain('the region comes from the environment (AWS_REGION, or the region of the AWS profile)');
      expect(text).to.contain(`arn:aws:lambda:${REGION_PLACEHOLDER}:123456789012:function:gatehouse-noregion-`);
      expect(text).not.to.contain('eu-west-1');
    });

    it('does not warn of the default sender when the stack names one, and shows the SES identity and its DKIM records', async () => {
      const dev = readFileSync(join(root, 'Pulumi.dev.yaml'), 'utf8');
      const withSender = dev.replace(/^ {4}# from: .*$/m, '    from: Example <no-reply@example.com>');
      expect(withSender).to.not.equal(dev);
      writeFileSync(join(copy.root, 'Pulumi.mail.yaml'), withSender);
      const text = await plan('mail', copy.root);
      expect(text).not.to.contain('WARNING');
      expect(text).to.contain('+ aws:sesv2/emailIdentity:EmailIdentity');
      expect(text).to.contain('emailIdentity: example.com');
      expect(text).to.contain('emailSendingAccount: DEVELOPER');
      expect(text).to.contain('fromEmailAddress: Example <no-reply@example.com>');
      expect(text).to.match(/sourceArn: arn:aws:ses:eu-west-1:123456789012:identity\//);
      expect(text).to.match(/value: \w+\.dkim\.amazonses\.com/);
    });

    it('shows the passwordless stack\'s sign-in by magic link: the three challenge functions, their rights, their place in lambdaConfig, ALLOW_CUSTOM_AUTH', async () => {
      const text = await plan('passwordless', copy.root);
      for (const name of ['define-auth-challenge', 'create-auth-challenge', 'verify-auth-challenge-response']) {
        expect(text).to.contain(`+ aws:lambda/function:Function  gatehouse-${name}-function\n`);
        expect(text).to.contain(`code: FileArchive(dist/lambda/${name})`);
      }
      expect(text).to.contain('      defineAuthChallenge: arn:aws:lambda:eu-west-1:123456789012:function:gatehouse-passwordless-define-auth-challenge\n');
      expect(text).to.contain('      verifyAuthChallengeResponse: arn:aws:lambda:eu-west-1:123456789012:function:gatehouse-passwordless-verify-auth-challenge-response\n');
      expect(text).to.match(/explicitAuthFlows:\n {6}- ALLOW_USER_SRP_AUTH\n {6}- ALLOW_REFRESH_TOKEN_AUTH\n {6}- ALLOW_CUSTOM_AUTH\n/);
      expect(text).to.contain('    authSessionValidity: 5\n');
      expect(text).to.contain('        PASSWORDLESS_REDIRECT_URLS: https://app.identity.example/sign-in/link,http://localhost:3000/sign-in/link\n');
      // The three challenge functions alone carry the passwordless settings.
      expect(text.split('        PASSWORDLESS_ENABLED: "true"\n')).to.have.length(4);
      expect(text).to.not.contain('PASSWORDLESS_ENABLED: "false"');
      // DefineAuthChallenge's role writes its logs and nothing else.
      const start = text.indexOf('+ aws:iam/rolePolicy:RolePolicy  gatehouse-define-auth-challenge-policy\n');
      const policy = text.slice(start, text.indexOf('\n+ ', start + 1));
      expect(policy).to.contain('logs:PutLogEvents').and.not.contain('dynamodb:').and.not.contain('ssm:');
      // The dev stack has none of it.
      expect(await plan('dev', copy.root)).to.not.contain('AuthChallenge').and.not.contain('ALLOW_CUSTOM_AUTH');
    });

    it('ships a stack\'s own templates with the functions that render them, and shows each file of the archive', async () => {
      const text = await plan('showcase', copy.root);
      const start = text.indexOf('+ aws:lambda/function:Function  gatehouse-custom-message-function\n');
      const fn = text.slice(start, text.indexOf('\n+ ', start + 1));
      expect(fn).to.contain('    code:\n      AssetArchive:\n        index.js: dist/lambda/custom-message/index.js\n');
      expect(fn).to.contain('        templates/sign-up/fr.subject.mustache: templates/showcase/sign-up/fr.subject.mustache\n');
      expect(fn).to.contain('        MESSAGE_TEMPLATES: templates\n');
      expect(text).to.contain('code: FileArchive(dist/lambda/pre-sign-up)');
    });

    it('shows the identity stack\'s claims policy: the function with its own variables and only its logs, preTokenGenerationConfig V2_0, the tenant attribute out of the client\'s writes', async () => {
      const text = await plan('identity', copy.root);
      const section = (header: string) => {
        const start = text.indexOf(`${header}\n`);
        expect(start, header).to.be.greaterThan(-1);
        return text.slice(start, text.indexOf('\n+ ', start + 1));
      };
      const fn = section('+ aws:lambda/function:Function  gatehouse-pre-token-generation-function');
      expect(fn).to.contain('code: FileArchive(dist/lambda/pre-token-generation)');
      expect(fn).to.contain('        CLAIMS_EVENT_VERSION: V2_0\n');
      expect(fn).to.contain('        CLAIMS_TENANT_ATTRIBUTE: custom:tenant\n');
      expect(fn).to.contain('        CLAIMS_SCOPES: api.example.com/orders.read\n');
      // The other functions know nothing of the policy.
      expect(text.split('CLAIMS_EVENT_VERSION')).to.have.length(2);
      const policy = section('+ aws:iam/rolePolicy:RolePolicy  gatehouse-pre-token-generation-policy');
      expect(policy).to.not.contain('dynamodb:');
      expect(policy).to.not.contain('ssm:');
      const pool = section('+ aws:cognito/userPool:UserPool  gatehouse-users-pool');
      expect(pool).to.match(/ {6}preTokenGenerationConfig:\n {8}lambdaArn: arn:aws:lambda:eu-west-1:123456789012:function:gatehouse-identity-pre-token-generation\n {8}lambdaVersion: V2_0\n/);
      expect(pool).to.not.match(/ {6}preTokenGeneration: /);
      expect(pool).to.match(/ {4}schemas:\n {6}- attributeDataType: String\n(.*\n)*? {8}name: tenant\n/);
      const client = section('+ aws:cognito/userPoolClient:UserPoolClient  gatehouse-users-client');
      expect(client).to.contain('    writeAttributes:\n');
      expect(client).to.contain('      - locale\n');
      expect(client).to.not.contain('custom:tenant');
    });

    it('gives the function GetItem on the table and the account key when the tenant comes from the record, and refuses V2_0 on lite naming both keys', async () => {
      const identity = readFileSync(join(root, 'Pulumi.identity.yaml'), 'utf8');
      const fromRecord = identity.replace(/ {6}from: attribute .*\n {6}attribute: custom:tenant .*\n/, '      from: account-record\n');
      expect(fromRecord).to.not.equal(identity);
      writeFileSync(join(copy.root, 'Pulumi.records.yaml'), fromRecord);
      const text = await plan('records', copy.root);
      const start = text.indexOf('+ aws:iam/rolePolicy:RolePolicy  gatehouse-pre-token-generation-policy\n');
      const policy = text.slice(start, text.indexOf('\n+ ', start + 1));
      expect(policy).to.match(/- dynamodb:GetItem\n/);
      expect(policy).to.not.match(/dynamodb:(PutItem|UpdateItem|DeleteItem|Query)/);
      expect(policy).to.contain('ssm:GetParameter');
      expect(text).to.not.contain('schemas:');
      const lite = identity.replace(/featurePlan: essentials/, 'featurePlan: lite');
      expect(lite).to.not.equal(identity);
      writeFileSync(join(copy.root, 'Pulumi.lite.yaml'), lite);
      let error: unknown;
      await plan('lite', copy.root).catch((caught: unknown) => (error = caught));
      expect(error).to.be.an('error').with.property('message').that.contains('gatehouse:claims.eventVersion V2_0 needs gatehouse:pool.featurePlan essentials or plus');
    });

    it('shows the migration stack\'s migration: its function, USER_PASSWORD_AUTH, and its rights on the legacy pool only', async () => {
      const text = await plan('migration', copy.root);
      expect(text).to.contain('+ aws:lambda/function:Function  gatehouse-user-migration-function\n');
      expect(text).to.contain('code: FileArchive(dist/lambda/user-migration)');
      expect(text).to.contain('      userMigration: arn:aws:lambda:eu-west-1:123456789012:function:gatehouse-migration-user-migration\n');
      expect(text).to.contain('      - ALLOW_USER_PASSWORD_AUTH\n');
      const start = text.indexOf('+ aws:iam/rolePolicy:RolePolicy  gatehouse-user-migration-policy\n');
      const policy = text.slice(start, text.indexOf('\n+ ', start + 1));
      expect(policy).to.contain('- Sid: ReadLegacyPool');
      expect(policy).to.contain('            - cognito-idp:AdminInitiateAuth\n            - cognito-idp:AdminGetUser\n');
      expect(policy).to.contain('            - arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_LegacyPool\n');
      expect(policy).to.contain('            - dynamodb:GetItem\n');
      expect(policy).not.to.contain('dynamodb:UpdateItem');
      expect(text).to.contain('        MIGRATION_SOURCE: cognito\n');
      expect(text).to.contain('        LEGACY_COGNITO_USER_POOL_ID: eu-west-1_LegacyPool\n');
    });

    it('shows the showcase stack\'s operations: the subscriber, the thresholds, the reservations and the web ACL on the pool', async () => {
      const text = await plan('showcase', copy.root);
      expect(text).to.contain('+ aws:sns/topic:Topic  gatehouse-alarms-topic');
      expect(text).to.contain('+ aws:sns/topicSubscription:TopicSubscription  gatehouse-alarms-email-0\n    endpoint: ops@showcase.example\n    protocol: email\n');
      expect(text).to.contain('    name: gatehouse-showcase-lockouts\n    when: Gatehouse/Invocations{outcome=lockout,result=refused,service=gatehouse,stack=showcase,trigger=PreAuthentication} Sum/300s >= 10 in 1 of 1 periods; missing data: notBreaching\n');
      expect(text).to.contain('+ aws:wafv2/webAcl:WebAcl  gatehouse-firewall-acl');
      expect(text).to.contain('limit: 300');
      expect(text).to.contain('+ aws:wafv2/webAclAssociation:WebAclAssociation  gatehouse-firewall-association');
      expect(text).to.match(/reservedConcurrentExecutions: 20\n/);
      expect(text).to.contain('webAclArn: arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/gatehouse-showcase/');
    });

    it('refuses a stack whose own templates break a rule, naming the key, the file and the rule, before anything registers', async () => {
      mkdirSync(join(copy.root, 'templates', 'broken', 'sign-up'), { recursive: true });
      writeFileSync(join(copy.root, 'templates', 'broken', 'sign-up', 'en.sms.mustache'), '{{appName}}: welcome');
      const showcase = readFileSync(join(root, 'Pulumi.showcase.yaml'), 'utf8');
      writeFileSync(join(copy.root, 'Pulumi.broken.yaml'), showcase.replace('templates: templates/showcase', 'templates: templates/broken'));
      let error: unknown;
      await plan('broken', copy.root).catch((caught: unknown) => (error = caught));
      expect(error)
        .to.be.an('error')
        .with.property('message')
        .that.contains("gatehouse:messages.templates: templates/broken/sign-up/en.sms.mustache: must carry {{code}} (Cognito's {####}): Cognito refuses the message without it");
    });

    it('refuses a build older than the sources beside it', async () => {
      mkdirSync(join(copy.root, 'infra'), { recursive: true });
      writeFileSync(join(copy.root, 'infra', 'index.ts'), '// edited after the build\n');
      try {
        let error: unknown;
        await plan('dev', copy.root).catch((caught: unknown) => (error = caught));
        expect(error).to.be.an('error').with.property('message').that.contains('changed since the last `npm run build`');
      } finally {
        rmSync(join(copy.root, 'infra'), { recursive: true, force: true });
      }
    });

    it('refuses to run without a build, saying which command makes it', async () => {
      const unbuilt = copyProject(root, { nodeModules: 'none', dist: false });
      try {
        let error: unknown;
        await plan('dev', unbuilt.root).catch((caught: unknown) => (error = caught));
        expect(error)
          .to.be.an('error')
          .with.property('message', "the program is not built (dist/infra/index.js, Pulumi.yaml's main, is missing): run `npm run build` first");
      } finally {
        unbuilt.remove();
      }
    });
  });

  describe('the default-sender warning', () => {
    const values = (email?: unknown): StackFileConfig => ({
      values: email === undefined ? {} : { 'gatehouse:email': JSON.stringify(email) },
      secretKeys: [],
    });

    it('warns when the stack names no sender, and not when it does', () => {
      expect(defaultSenderWarning('prod', values())).to.contain('gatehouse:email.from is not set in Pulumi.prod.yaml');
      expect(defaultSenderWarning('prod', values({ identity: 'domain' }))).to.contain('about 50 emails a day');
      expect(defaultSenderWarning('prod', values({ from: 'no-reply@example.com' }))).to.equal(undefined);
      // An encrypted sender is still a sender.
      expect(defaultSenderWarning('prod', values({ from: '[secret]' }))).to.equal(undefined);
    });

    it('warns that the pool keeps Cognito\'s default sender when Gatehouse\'s own mail goes through SMTP', () => {
      const smtp = defaultSenderWarning('prod', values({ from: 'no-reply@example.com', provider: 'smtp', smtp: { host: 'smtp.example.com' } }));
      expect(smtp).to.contain('gatehouse:email.provider is smtp in Pulumi.prod.yaml');
      expect(smtp).to.contain('about 50 emails a day');
      expect(defaultSenderWarning('prod', values({ from: 'no-reply@example.com', provider: 'ses' }))).to.equal(undefined);
    });
  });

  describe('reading a stack file', () => {
    let project: string;
    before(() => {
      project = mkdtempSync(join(tmpdir(), 'gatehouse-plan-'));
      writeFileSync(
        join(project, 'Pulumi.prod.yaml'),
        [
          'config:',
          '  aws:region: eu-central-1',
          '  gatehouse:storeFailureMode: closed',
          '  gatehouse:lockout:',
          '    maxFailures: 3',
          '  gatehouse:apiKey:',
          '    secure: AAABAKxyz==',
          '  gatehouse:smtp:',
          '    host: mail.example.com',
          '    password:',
          '      secure: AAABAMabc==',
          '  retries: 2',
        ].join('\n'),
      );
      writeFileSync(join(project, 'Pulumi.staging.yaml'), 'config: {}\n');
      writeFileSync(join(project, 'Pulumi.yaml'), 'name: gatehouse\n');
    });
    after(() => rmSync(project, { recursive: true, force: true }));

    it('hands values over as the Pulumi CLI does, structured ones as JSON, secrets as a placeholder', () => {
      expect(readStackConfig('prod', project)).to.deep.equal({
        values: {
          'aws:region': 'eu-central-1',
          'gatehouse:storeFailureMode': 'closed',
          'gatehouse:lockout': '{"maxFailures":3}',
          'gatehouse:apiKey': '[secret]',
          'gatehouse:smtp': '{"host":"mail.example.com","password":"[secret]"}',
          'gatehouse:retries': '2',
        },
        secretKeys: ['gatehouse:apiKey', 'gatehouse:smtp'],
      });
    });

    it('lists the stacks of a project', () => {
      expect(availableStacks(project)).to.deep.equal(['prod', 'staging']);
      expect(() => readStackConfig('../prod', project)).to.throw('Available stacks: prod, staging');
    });
  });
});
