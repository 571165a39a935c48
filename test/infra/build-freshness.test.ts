import { expect } from 'chai';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertBuildIsFresh, BUILD_INFO_FILE, buildInfoOf, StaleBuildError } from '../../infra/build-freshness';

describe('infra: the build freshness check (infra/build-freshness.ts)', () => {
  let project: string;
  const write = (file: string, content: string) => {
    mkdirSync(join(project, file, '..'), { recursive: true });
    writeFileSync(join(project, file), content);
  };
  const record = () => writeFileSync(join(project, BUILD_INFO_FILE), JSON.stringify(buildInfoOf(project)));
  const compiled = () => join(project, 'dist', 'infra');

  beforeEach(() => {
    project = mkdtempSync(join(tmpdir(), 'gatehouse-freshness-'));
    write('infra/index.ts', 'export {};\n');
    write('infra/components/table.ts', 'export {};\n');
    write('handlers/pre-authentication.ts', 'export {};\n');
    write('domain/policy/lockout.ts', 'export {};\n');
    write('adapters/dynamodb/ledger.ts', 'export {};\n');
    write('package-lock.json', '{}\n');
    write('dist/infra/index.js', '');
    record();
  });
  afterEach(() => rmSync(project, { recursive: true, force: true }));

  it('lets a build run next to the sources it was made from', () => {
    expect(() => assertBuildIsFresh(compiled())).not.to.throw();
  });

  it('refuses a build older than a source, naming the file and the command that fixes it', () => {
    write('handlers/pre-authentication.ts', 'export const changed = true;\n');
    expect(() => assertBuildIsFresh(compiled())).to.throw(
      StaleBuildError,
      'changed since the last `npm run build` (handlers/pre-authentication.ts changed): run it again',
    );
  });

  it('notices added and removed files, and package-lock.json', () => {
    write('domain/policy/reset.ts', 'export {};\n');
    unlinkSync(join(project, 'infra', 'components', 'table.ts'));
    write('package-lock.json', '{"lockfileVersion":3}\n');
    expect(() => assertBuildIsFresh(compiled())).to.throw(
      StaleBuildError,
      '(domain/policy/reset.ts added, infra/components/table.ts removed, package-lock.json changed): run it again',
    );
  });

  it('counts every file of handlers/, domain/ and adapters/ but only the .ts files of infra/', () => {
    const { files } = buildInfoOf(project);
    expect(Object.keys(files)).to.deep.equal([
      'adapters/dynamodb/ledger.ts',
      'domain/policy/lockout.ts',
      'handlers/pre-authentication.ts',
      'infra/components/table.ts',
      'infra/index.ts',
      'package-lock.json',
    ]);
    write('infra/notes.md', 'not part of the program');
    expect(() => assertBuildIsFresh(compiled())).not.to.throw();
    write('handlers/events/sample.json', '{}');
    expect(() => assertBuildIsFresh(compiled())).to.throw(StaleBuildError, 'handlers/events/sample.json added');
  });

  it('refuses a build that recorded nothing when the sources are there', () => {
    unlinkSync(join(project, BUILD_INFO_FILE));
    expect(() => assertBuildIsFresh(compiled())).to.throw(StaleBuildError, `${BUILD_INFO_FILE} is missing`);
  });

  it('checks nothing when the sources are absent (a deploy artifact holding only the build)', () => {
    for (const folder of ['infra', 'handlers', 'domain', 'adapters']) rmSync(join(project, folder), { recursive: true });
    unlinkSync(join(project, BUILD_INFO_FILE));
    expect(() => assertBuildIsFresh(compiled())).not.to.throw();
  });

  it('checks nothing when the program runs from its sources (infra/, as the tests load it)', () => {
    write('handlers/pre-authentication.ts', 'export const changed = true;\n');
    expect(() => assertBuildIsFresh(join(project, 'infra'))).not.to.throw();
  });

  it('is called by the program before it registers anything', () => {
    const program = readFileSync(join(__dirname, '..', '..', 'infra', 'index.ts'), 'utf8');
    const call = program.indexOf('assertBuildIsFresh()');
    expect(call, 'infra/index.ts calls assertBuildIsFresh()').to.be.greaterThan(0);
    expect(program.slice(0, call)).not.to.match(/\bcreate\w*\(|new \w+\(/);
  });
});
