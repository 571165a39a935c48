import { expect } from 'chai';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  getPwdMain,
  parseRuntimeOptions,
  ProjectMainError,
  readPulumiProject,
  splitNodeArgs,
} from '../../../scripts/pulumi/pulumi-project';

const root = join(__dirname, '..', '..', '..');

describe('scripts/pulumi: Pulumi.yaml as the engine reads it', () => {
  let project: string;
  before(() => {
    project = mkdtempSync(join(tmpdir(), 'gatehouse-project-'));
    mkdirSync(join(project, 'infra'));
    writeFileSync(join(project, 'infra', 'index.ts'), '');
  });
  after(() => rmSync(project, { recursive: true, force: true }));

  describe('getPwdMain (pkg/engine/project.go)', () => {
    it('runs a program whose main is a file in that file\'s folder, with the file name as entry point', () => {
      expect(getPwdMain(project, 'infra/index.ts')).to.deep.equal({ pwd: join(project, 'infra'), entryPoint: 'index.ts' });
    });

    it('runs a program whose main is a folder in that folder, with "." as entry point', () => {
      expect(getPwdMain(project, 'infra')).to.deep.equal({ pwd: join(project, 'infra'), entryPoint: '.' });
      expect(getPwdMain(project, './infra/')).to.deep.equal({ pwd: join(project, 'infra'), entryPoint: '.' });
    });

    it('runs a program without main in the project root', () => {
      expect(getPwdMain(project)).to.deep.equal({ pwd: project, entryPoint: '.' });
      expect(getPwdMain(project, '')).to.deep.equal({ pwd: project, entryPoint: '.' });
    });

    it('takes an absolute main as it is', () => {
      expect(getPwdMain('/elsewhere', join(project, 'infra', 'index.ts'))).to.deep.equal({
        pwd: join(project, 'infra'),
        entryPoint: 'index.ts',
      });
    });

    it('refuses a main that does not exist, naming it', () => {
      expect(() => getPwdMain(project, 'dist/infra/index.js'))
        .to.throw(ProjectMainError, "project 'main' could not be read")
        .with.property('main', 'dist/infra/index.js');
    });
  });

  describe('runtime options (parseOptions of the Node.js language host)', () => {
    it('compiles TypeScript by default, with no tsconfig or node arguments', () => {
      expect(parseRuntimeOptions({})).to.deep.equal({ typescript: true, packagemanager: 'auto', production: false });
    });

    it('reads typescript, tsconfig, nodeargs and packagemanager', () => {
      expect(
        parseRuntimeOptions({ typescript: false, tsconfig: 'tsconfig.pulumi.json', nodeargs: '--max-old-space-size=4096', packagemanager: 'npm' }),
      ).to.deep.equal({
        typescript: false,
        tsconfig: 'tsconfig.pulumi.json',
        nodeargs: '--max-old-space-size=4096',
        packagemanager: 'npm',
        production: false,
      });
    });

    it('refuses values of the wrong type as the language host does', () => {
      expect(() => parseRuntimeOptions({ typescript: 'false' })).to.throw('typescript option must be a boolean');
      expect(() => parseRuntimeOptions({ packagemanager: 'pip' })).to.throw('packagemanager option must be one of');
    });

    it('splits nodeargs like a shell', () => {
      expect(splitNodeArgs(undefined)).to.deep.equal([]);
      expect(splitNodeArgs(` --a  "b c" 'd "e"' f\\ g "h\\"i" ''`)).to.deep.equal(['--a', 'b c', 'd "e"', 'f g', 'h"i', '']);
      expect(() => splitNodeArgs('"open')).to.throw('unterminated');
    });
  });

  describe("this project's Pulumi.yaml", () => {
    it('deploys the compiled program: dist/infra/index.js, run from dist/infra, without TypeScript', function () {
      const gatehouse = readPulumiProject(root);
      expect(gatehouse).to.include({ name: 'gatehouse', root, main: 'dist/infra/index.js', pwd: join(root, 'dist', 'infra'), entryPoint: 'index.js' });
      expect(gatehouse.runtime).to.deep.equal({ name: 'nodejs', options: { typescript: false, packagemanager: 'npm', production: false } });
    });
  });
});
