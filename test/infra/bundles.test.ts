import { expect } from 'chai';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertBundlesBuilt, bundleDirectory, BundlesMissingError } from '../../infra/bundles';
import { TRIGGERS } from '../../infra/triggers';

describe('infra: bundles', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'gatehouse-bundles-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const build = (name: string) => {
    mkdirSync(join(root, 'dist', 'lambda', name), { recursive: true });
    writeFileSync(join(root, 'dist', 'lambda', name, 'index.js'), 'exports.handler = async (event) => event;\n');
  };

  it('archives each trigger from dist/lambda/<trigger> under the project root, whatever the working directory', () => {
    const projectRoot = join(__dirname, '..', '..');
    const expected = TRIGGERS.map((trigger) => join(projectRoot, 'dist', 'lambda', trigger.name));
    expect(TRIGGERS.map((trigger) => bundleDirectory(trigger))).to.deep.equal(expected);
    const cwd = process.cwd();
    try {
      process.chdir(join(projectRoot, 'infra'));
      expect(TRIGGERS.map((trigger) => bundleDirectory(trigger))).to.deep.equal(expected);
    } finally {
      process.chdir(cwd);
    }
  });

  it('passes when every bundle is built', () => {
    TRIGGERS.forEach((trigger) => build(trigger.name));
    expect(() => assertBundlesBuilt(TRIGGERS, root)).to.not.throw();
  });

  it('names the missing bundles and says how to build them', () => {
    build('pre-authentication');
    expect(() => assertBundlesBuilt(TRIGGERS, root))
      .to.throw(BundlesMissingError, 'missing dist/lambda/post-authentication/index.js, dist/lambda/post-confirmation/index.js')
      .with.property('message')
      .that.contains('run `npm run build` first');
  });
});
