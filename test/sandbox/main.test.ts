import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { explain } from '../../sandbox/explain';
import { EPHEMERAL_PORTS, startSandbox } from '../../sandbox/sandbox';
import { runScript, untilReady } from './run-script';



/** `sandbox/main.ts` as `npm start` runs it (after the build). */
const run = (args: readonly string[]) => runScript('sandbox/main.ts', args);

describe('sandbox/main: `npm start` in the foreground', function () {
  const data = mkdtempSync(join(tmpdir(), 'gatehouse-sandbox-main-'));
  after(() => rmSync(data, { recursive: true, force: true }));

  it('prints the ready banner with the pool id, the client id and snippets, and stops cleanly on Ctrl-C', async () => {
    const sandbox = run(['dev', '--ephemeral-ports', '--quiet', '--data', data]);
    await untilReady(sandbox);
    const out = sandbox.out();
    expect(out).to.match(/Gatehouse sandbox for stack "dev" is ready \(\d+ ms\)/);
    expect(out).to.match(/pool id {9}local_\w+/);
    expect(out).to.match(/client id {7}\w+/);
    expect(out).to.contain('aws cognito-idp sign-up --endpoint-url http://127.0.0.1:');
    expect(out).to.contain('`npm run admin -- status <email> --sandbox` (also unlock, audit, recent-lockouts)');
    sandbox.child.kill('SIGINT');
    expect(await sandbox.exited).to.equal(0);
    expect(sandbox.out()).to.contain('Stopped.');
  });

  it('names an unknown stack and a bad option, and exits 1', async () => {
    const unknown = run(['nope', '--quiet', '--data', data]);
    expect(await unknown.exited).to.equal(1);
    expect(unknown.err()).to.match(/^The sandbox could not start: unknown stack "nope": there is no Pulumi\.nope\.yaml\. Available stacks: dev, identity, migration, passwordless, senders, showcase/);
    const bad = run(['--fast']);
    expect(await bad.exited).to.equal(1);
    expect(bad.err()).to.equal('The sandbox could not start: unknown option --fast\n');
  });

  it('says which port is in use, and leaves nothing running', async () => {
    const { createServer } = await import('node:net');
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    const error = await startSandbox({ stack: 'dev', dataDirectory: data, ports: { ...EPHEMERAL_PORTS, ses: port } }).catch((e: unknown) => e);
    blocker.close();
    expect(explain(error)).to.equal(`a port the sandbox needs is in use (${port}): stop what uses it, or run \`npm start -- --ephemeral-ports\``);
  });
});
