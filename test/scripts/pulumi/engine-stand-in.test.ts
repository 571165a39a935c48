import { expect } from 'chai';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configEnvironment, runProgram, type ProgramRun } from '../../../scripts/pulumi/engine-stand-in';
import { recordingMocks } from '../../../scripts/pulumi/recording-mocks';

const root = join(__dirname, '..', '..', '..');

/** A project in the OS temp folder using this repository's packages (through a node_modules symlink). */
function fixture(files: Record<string, string>): string {
  const project = realpathSync(mkdtempSync(join(tmpdir(), 'gatehouse-stand-in-')));
  symlinkSync(join(root, 'node_modules'), join(project, 'node_modules'), 'dir');
  for (const [file, content] of Object.entries({ 'package.json': '{ "name": "fixture", "private": true }\n', ...files })) {
    mkdirSync(join(project, file, '..'), { recursive: true });
    writeFileSync(join(project, file), content);
  }
  return project;
}

const pulumiYaml = (options: string, main: string) =>
  `name: fixture\nruntime:\n  name: nodejs\n  options:\n${options
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n')}\nmain: ${main}\n`;

const errors = (run: ProgramRun) => run.logs.filter((log) => log.severity === 'error').map((log) => log.message);

describe('scripts/pulumi: the engine stand-in', function () {
  this.timeout(60_000);

  it('hands config over as the language host does (constructConfig): `ns:name` becomes `ns:config:name`', () => {
    expect(JSON.parse(configEnvironment({ 'aws:region': 'eu-west-1', 'gatehouse:lockout': '{"maxFailures":3}', 'app:config:old': 'x' }))).to.deep.equal({
      'aws:config:region': 'eu-west-1',
      'gatehouse:config:lockout': '{"maxFailures":3}',
      'app:config:old': 'x',
    });
    expect(() => configEnvironment({ region: 'eu-west-1' })).to.throw('could not parse region as a configuration key');
    expect(() => configEnvironment({ 'a:b:c': 'x' })).to.throw('could not parse a:b:c');
  });

  describe('a JavaScript program', () => {
    let project: string;
    let run: ProgramRun;
    before(async () => {
      project = fixture({
        'Pulumi.yaml': pulumiYaml('typescript: false', 'src/index.js'),
        'src/index.js': [
          "const pulumi = require('@pulumi/pulumi');",
          "const config = new pulumi.Config('fixture');",
          "pulumi.log.warn('careful');",
          "new pulumi.CustomResource('fixture:index:Thing', 'thing', { size: config.requireNumber('size'), token: config.requireSecret('token') });",
          "exports.fromConfig = config.require('greeting');",
          'exports.secret = pulumi.secret(1);',
          "exports.env = { typescript: process.env.PULUMI_NODEJS_TYPESCRIPT ?? null, secretKeys: JSON.parse(process.env.PULUMI_CONFIG_SECRET_KEYS), config: JSON.parse(process.env.PULUMI_CONFIG) };",
          'exports.dryRun = pulumi.runtime.isDryRun();',
          'exports.stack = pulumi.getStack();',
          "console.log('printed');",
        ].join('\n'),
      });
      run = await runProgram({
        projectRoot: project,
        stack: 'qa',
        config: { 'fixture:greeting': 'hello', 'fixture:size': '3', 'fixture:token': 's3cr3t' },
        secretKeys: ['fixture:token'],
        mocks: recordingMocks('eu-west-1'),
        dryRun: true,
        env: { ...process.env, PULUMI_NODEJS_TYPESCRIPT: 'true', PULUMI_NODEJS_STACK: 'leaked' },
      });
    });
    after(() => rmSync(project, { recursive: true, force: true }));

    it('runs it with the environment the language host builds, and nothing inherited in its place', () => {
      expect(run.exitCode, errors(run).join('\n') + run.stderr).to.equal(0);
      expect(run.outputs?.['env']).to.deep.equal({
        typescript: null,
        secretKeys: ['fixture:token'],
        config: { 'fixture:config:greeting': 'hello', 'fixture:config:size': '3', 'fixture:config:token': 's3cr3t' },
      });
      expect(run.outputs).to.include({ fromConfig: 'hello', dryRun: true, stack: 'qa', secret: '[secret]' });
    });

    it('collects what the program logs through the engine, and its output', () => {
      expect(run.logs.filter((log) => log.severity === 'warning').map((log) => log.message)).to.deep.equal(['careful']);
      expect(run.stdout).to.contain('printed');
    });

    it('answers the resource monitor with the mocks, recording every registration with its URN-free inputs', () => {
      expect(run.resources.map(({ type, name }) => `${type} ${name}`)).to.deep.equal([
        'pulumi:pulumi:Stack fixture-qa',
        'fixture:index:Thing thing',
      ]);
      expect(run.resources[1]?.inputs).to.deep.include({ size: 3 });
    });
  });

  describe('a TypeScript program (typescript: true), as the runner compiles it with ts-node', () => {
    let project: string;
    const unusedLocal = "import * as pulumi from '@pulumi/pulumi';\nconst unused = 1;\nexport const answer = 42;\nvoid pulumi;\n";
    before(() => {
      project = fixture({
        // noUnusedLocals (off by default), so the program below does not compile with it.
        'tsconfig.json': JSON.stringify({ compilerOptions: { noUnusedLocals: true, module: 'commonjs', types: [] } }),
        'infra/index.ts': unusedLocal,
      });
    });
    after(() => rmSync(project, { recursive: true, force: true }));

    it("does not find the project's tsconfig.json when main is a file in a subfolder (it looks in the working directory)", async () => {
      writeFileSync(join(project, 'Pulumi.yaml'), pulumiYaml('typescript: true', 'infra/index.ts'));
      const run = await runProgram({ projectRoot: project, stack: 'qa', mocks: recordingMocks('eu-west-1') });
      expect(run.command.env).to.include({ PULUMI_NODEJS_TYPESCRIPT: 'true' });
      expect(run.exitCode, errors(run).join('\n') + run.stderr).to.equal(0);
      expect(run.outputs).to.deep.equal({ answer: 42 });
    });

    it('uses it when `tsconfig` names it (relative to that working directory), and then refuses the program', async () => {
      writeFileSync(join(project, 'Pulumi.yaml'), pulumiYaml('typescript: true\ntsconfig: ../tsconfig.json', 'infra/index.ts'));
      const run = await runProgram({ projectRoot: project, stack: 'qa', mocks: recordingMocks('eu-west-1') });
      expect(run.command.env).to.include({ PULUMI_NODEJS_TYPESCRIPT: 'true', PULUMI_NODEJS_TSCONFIG_PATH: '../tsconfig.json' });
      expect(run.exitCode).not.to.equal(0);
      expect(errors(run).join('\n')).to.match(/TS6133: 'unused' is declared but its value is never read/);
    });
  });

  it('kills a program that does not finish in time, and says so', async () => {
    const project = fixture({
      'Pulumi.yaml': pulumiYaml('typescript: false', 'index.js'),
      'index.js': 'setInterval(() => {}, 1000);\n',
    });
    try {
      const run = await runProgram({ projectRoot: project, stack: 'qa', mocks: recordingMocks('eu-west-1'), timeoutMs: 2_000 });
      expect(run).to.include({ timedOut: true, signal: 'SIGKILL', exitCode: null });
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });
});
