import { expect } from 'chai';
import { existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, tmpdir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { parseStackConfig } from '../../infra/config';
import { TRIGGERS as ALL_TRIGGERS, triggersOf } from '../../infra/triggers';
import { readStackConfig } from '../../scripts/plan';
import { EXIT_AFTER_LOGGED_ERROR, reportedProgramDirectory, runProgram, type ProgramRun } from '../../scripts/pulumi/engine-stand-in';
import { recordingMocks, type RecordedResource } from '../../scripts/pulumi/recording-mocks';
import { buildGatehouse } from './support/program';
import { copyProject, productionPackages, type ProjectCopy } from './support/project-copy';

/** The triggers a stack with default messages has (custom-message only comes with personalised messages). */
const TRIGGERS = triggersOf(parseStackConfig({}), ALL_TRIGGERS);

/**
 * The program as `pulumi up` runs it: Pulumi.yaml's main, the engine's working directory (getPwdMain),
 * `@pulumi/pulumi/cmd/run` with the language host's arguments and environment, and an engine stand-in
 * whose resource monitor answers with the mocks of the in-process tests (scripts/pulumi/).
 */

const root = join(__dirname, '..', '..');
const STACK = 'dev';
const OUTPUTS = ['functionArns', 'keyArn', 'tableName', 'userPoolArn', 'userPoolClientId', 'userPoolId'];

function requireBuild(projectRoot: string): void {
  const program = join(projectRoot, 'dist', 'infra', 'index.js');
  if (!existsSync(program)) throw new Error(`build the program first (npm run build): ${program} is missing`);
}

/** `pulumi up` (not a preview) of the dev stack of a project, against the recording mocks. */
function deploy(projectRoot: string): Promise<ProgramRun> {
  const config = readStackConfig(STACK, root);
  return runProgram({
    projectRoot,
    stack: STACK,
    config: config.values,
    secretKeys: config.secretKeys,
    mocks: recordingMocks(config.values['aws:region'] ?? 'eu-west-1'),
    dryRun: false,
  });
}

const functions = (run: ProgramRun) => run.resources.filter((resource) => resource.type === 'aws:lambda/function:Function');
const archiveOf = (resource: RecordedResource) => (resource.inputs['code'] as { fileArchive?: unknown } | undefined)?.fileArchive;
const problems = (run: ProgramRun) => run.logs.filter((log) => log.severity === 'warning' || log.severity === 'error');
const failure = (run: ProgramRun) =>
  `exit ${run.exitCode}\n${problems(run)
    .map((log) => log.message)
    .join('\n')}\n${run.stderr}`;

/** The values of the `gatehouse:` keys, keyed without the namespace, as `loadStackConfig` reads them. */
function gatehouseValues(values: Record<string, string>): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    if (!key.startsWith('gatehouse:')) continue;
    try {
      raw[key.slice('gatehouse:'.length)] = JSON.parse(value);
    } catch {
      raw[key.slice('gatehouse:'.length)] = value;
    }
  }
  return raw;
}

const countByType = (resources: readonly RecordedResource[]) =>
  resources.reduce<Record<string, number>>((counts, { type }) => ({ ...counts, [type]: (counts[type] ?? 0) + 1 }), {});

describe('infra: the program as the Pulumi engine runs it (scripts/pulumi)', function () {
  this.timeout(120_000);

  describe('the dev stack, from the project', () => {
    let run: ProgramRun;
    before(async () => {
      requireBuild(root);
      run = await deploy(root);
    });

    it("runs Pulumi.yaml's main, the compiled dist/infra/index.js, without TypeScript", () => {
      expect(run.project).to.include({ main: 'dist/infra/index.js', pwd: join(root, 'dist', 'infra'), entryPoint: 'index.js' });
      expect(run.command.args.at(-1)).to.equal('index.js');
      expect(run.command.env).to.have.keys('PULUMI_CONFIG', 'PULUMI_CONFIG_SECRET_KEYS');
      expect(run.runnerPath).to.equal(createRequire(join(root, 'dist', 'infra', 'index.js')).resolve('@pulumi/pulumi/cmd/run'));
    });

    it('exits 0 without a warning or an error logged through the engine', () => {
      expect(run.exitCode, failure(run)).to.equal(0);
      expect(problems(run)).to.deep.equal([]);
    });

    it('is started outside the project and runs in the folder getPwdMain gives: dist/infra', () => {
      expect(run.command.cwd).to.equal(tmpdir());
      const address = run.command.args[2] as string;
      expect(address).to.match(/^127\.0\.0\.1:\d+$/);
      // constructArguments of the language host, in its order (no --sync, --organization or --tracing here).
      expect(run.command.args).to.deep.equal([
        run.runnerPath,
        ...['--monitor', address, '--engine', address, '--project', 'gatehouse', '--root-directory', root],
        ...['--stack', STACK, '--pwd', join(root, 'dist', 'infra'), '--parallel', String(availableParallelism() * 4), 'index.js'],
      ]);
      // The runner's own report of where it ran the program (a debug log through the engine).
      expect(reportedProgramDirectory(run)).to.equal(join(root, 'dist', 'infra'));
    });

    it('archives every trigger function from its absolute bundle directory, which exists', () => {
      const archives = functions(run).map(archiveOf);
      expect(archives).to.have.length(TRIGGERS.length);
      for (const trigger of TRIGGERS) {
        const directory = join(root, 'dist', 'lambda', trigger.name);
        expect(archives, trigger.name).to.include(directory);
        expect(existsSync(join(directory, 'index.js')), `${directory}/index.js`).to.equal(true);
      }
      for (const archive of archives) expect(isAbsolute(String(archive)), String(archive)).to.equal(true);
    });

    it('registers the same resources as the program built in-process from the same configuration, plus the stack', async () => {
      const inProcess = await buildGatehouse('gatehouse-runner-dev', gatehouseValues(readStackConfig(STACK, root).values));
      expect(run.resources.length).to.be.greaterThan(20);
      expect(countByType(run.resources)).to.deep.equal({ ...countByType(inProcess.resources), 'pulumi:pulumi:Stack': 1 });
    });

    it('exports the stack outputs', () => {
      expect(Object.keys(run.outputs ?? {})).to.include.members(OUTPUTS);
      expect(Object.keys((run.outputs?.['functionArns'] ?? {}) as object).sort()).to.deep.equal(TRIGGERS.map(({ name }) => name).sort());
      expect(run.outputs?.['userPoolId']).to.match(/^eu-west-1_[0-9a-f]{9}$/);
    });
  });

  describe('a program whose main is a file runs in that folder: paths relative to the working directory break', () => {
    let fixture: string;
    let run: ProgramRun;
    before(async () => {
      // The layout of the original bug (main: infra/index.ts) in miniature, with a JavaScript program.
      fixture = realpathSync(mkdtempSync(join(tmpdir(), 'gatehouse-layout-')));
      writeFileSync(
        join(fixture, 'Pulumi.yaml'),
        'name: layout\nruntime:\n  name: nodejs\n  options:\n    typescript: false\nmain: infra/index.js\n',
      );
      writeFileSync(join(fixture, 'package.json'), '{ "name": "layout", "private": true }\n');
      symlinkSync(join(root, 'node_modules'), join(fixture, 'node_modules'), 'dir');
      mkdirSync(join(fixture, 'dist', 'lambda', 'trigger'), { recursive: true });
      writeFileSync(join(fixture, 'dist', 'lambda', 'trigger', 'index.js'), 'exports.handler = async (event) => event;\n');
      mkdirSync(join(fixture, 'infra'));
      writeFileSync(
        join(fixture, 'infra', 'index.js'),
        [
          "const path = require('node:path');",
          "const pulumi = require('@pulumi/pulumi');",
          'class Bundle extends pulumi.CustomResource {',
          "  constructor(name, args) { super('layout:index:Bundle', name, args); }",
          '}',
          "new Bundle('from-working-directory', { code: new pulumi.asset.FileArchive(path.resolve('dist/lambda/trigger')) });",
          "new Bundle('from-project-root', { code: new pulumi.asset.FileArchive(path.join(__dirname, '..', 'dist/lambda/trigger')) });",
          'exports.workingDirectory = process.cwd();',
        ].join('\n'),
      );
      run = await runProgram({ projectRoot: fixture, stack: 'dev', mocks: recordingMocks('eu-west-1') });
    });
    after(() => rmSync(fixture, { recursive: true, force: true }));

    it("runs the program in main's folder, as the engine does", () => {
      expect(run.exitCode, failure(run)).to.equal(0);
      expect(run.outputs?.['workingDirectory']).to.equal(join(fixture, 'infra'));
      expect(reportedProgramDirectory(run)).to.equal(join(fixture, 'infra'));
    });

    it('so a bundle path taken from the working directory points at nothing, one taken from the project root is right', () => {
      const archive = (name: string) => String(archiveOf(run.resources.find((resource) => resource.name === name) as RecordedResource));
      expect(archive('from-working-directory')).to.equal(join(fixture, 'infra', 'dist', 'lambda', 'trigger'));
      expect(existsSync(archive('from-working-directory'))).to.equal(false);
      expect(archive('from-project-root')).to.equal(resolve(fixture, 'dist', 'lambda', 'trigger'));
      expect(existsSync(join(archive('from-project-root'), 'index.js'))).to.equal(true);
    });
  });

  // `npm ci --omit=dev` would still install typescript and ts-node: they are optional peers of
  // @pulumi/pulumi (devOptional in the lock file). This copy leaves them out, so the test proves the
  // deploy does not need them, whatever the package manager leaves behind.
  describe('a deploy with production dependencies only: no typescript, no ts-node, nothing else dev-only', () => {
    let copy: ProjectCopy;
    let run: ProgramRun;
    before(async () => {
      requireBuild(root);
      copy = copyProject(root, { nodeModules: 'production' });
      run = await deploy(copy.root);
    });
    after(() => copy?.remove());

    it('holds every production package of the lock file and neither typescript nor ts-node', () => {
      expect(copy.packages).to.include.members(['node_modules/@pulumi/pulumi', 'node_modules/@pulumi/aws', 'node_modules/zod']);
      expect(copy.packages).to.have.length.greaterThan(100);
      expect(productionPackages(root)).not.to.include.members(['node_modules/typescript']);
      const fromProgram = createRequire(join(copy.root, 'dist', 'infra', 'index.js'));
      for (const devOnly of ['typescript', 'ts-node', 'tsx', 'yaml', 'mocha']) {
        expect(() => fromProgram.resolve(devOnly), `${devOnly} resolves from the copy`).to.throw(/Cannot find module/);
      }
    });

    it("runs the copy's own runner and program, which registers every function from the copy's bundles", () => {
      expect(run.exitCode, failure(run)).to.equal(0);
      expect(problems(run)).to.deep.equal([]);
      expect(run.runnerPath.startsWith(join(copy.root, 'node_modules', '@pulumi', 'pulumi') + '/'), run.runnerPath).to.equal(true);
      expect(reportedProgramDirectory(run)).to.equal(join(copy.root, 'dist', 'infra'));
      const archives = functions(run).map(archiveOf);
      expect(archives).to.have.members(TRIGGERS.map((trigger) => join(copy.root, 'dist', 'lambda', trigger.name)));
      expect(Object.keys(run.outputs ?? {})).to.include.members(OUTPUTS);
    });

    it('refuses to run once sources beside the build differ from those it was built from', async () => {
      mkdirSync(join(copy.root, 'infra'));
      writeFileSync(join(copy.root, 'infra', 'index.ts'), '// edited after the build\n');
      const stale = await deploy(copy.root);
      expect(stale.exitCode).to.equal(EXIT_AFTER_LOGGED_ERROR);
      expect(stale.resources.filter((resource) => resource.custom)).to.deep.equal([]);
      const errors = stale.logs.filter((log) => log.severity === 'error').map((log) => log.message);
      expect(errors.join('\n')).to.contain('changed since the last `npm run build`').and.to.contain('run it again');
    });
  });
});
