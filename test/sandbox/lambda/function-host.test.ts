/**
 * The function host on tiny fixture bundles: the Lambda context and environment a function sees, one
 * invocation at a time, errors as Lambda reports them, timeouts and crashes that replace the process,
 * init failures, and a stop that leaves no process behind.
 */
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { FunctionHost, FunctionNotFoundError } from '../../../sandbox/lambda/function-host';
import type { FunctionSettings, InvokeOutcome, LogLine } from '../../../sandbox/lambda/function-process';
import { childProcesses, eventually, isRunning, writeFixtures, type FixtureName } from './fixture-bundles';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const ENVIRONMENT = { GREETING: 'hello', AWS_REGION: 'eu-west-1', AWS_ACCESS_KEY_ID: 'sandbox', AWS_SECRET_ACCESS_KEY: 'sandbox' };

function resultOf(outcome: InvokeOutcome): Record<string, unknown> {
  if ('error' in outcome) throw new Error(`the invocation failed: ${JSON.stringify(outcome.error)}`);
  return outcome.result as Record<string, unknown>;
}

describe('sandbox/lambda/function-host: each function in a process of its own, as Lambda runs it', function () {
  const fixtures = writeFixtures();
  const logs: LogLine[] = [];
  const hosts: FunctionHost[] = [];
  after(() => fixtures.remove());
  afterEach(async () => {
    await Promise.all(hosts.splice(0).map((host) => host.stop()));
    logs.length = 0;
  });

  const settings = (name: FixtureName, extra: Partial<FunctionSettings> = {}): FunctionSettings => ({
    name: `gatehouse-test-${name}`,
    bundle: fixtures.bundle(name),
    environment: ENVIRONMENT,
    ...extra,
  });
  async function host(...functions: FunctionSettings[]): Promise<FunctionHost> {
    const started = await FunctionHost.start({ functions, onLog: (line) => logs.push(line) });
    hosts.push(started);
    return started;
  }

  describe('an invocation', () => {
    it('gets a Lambda context: a fresh request id, the name, ARN, memory, log group and stream, the time left', async () => {
      const functions = await host(settings('inspect', { timeoutSeconds: 3, memoryMb: 256, accountId: '123456789012' }));
      const first = resultOf(await functions.invoke('gatehouse-test-inspect', {}));
      const second = resultOf(await functions.invoke('gatehouse-test-inspect', {}));
      const context = first['context'] as Record<string, unknown>;
      expect(context).to.include({
        functionName: 'gatehouse-test-inspect',
        functionVersion: '$LATEST',
        invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:gatehouse-test-inspect',
        memoryLimitInMB: '256',
        logGroupName: '/aws/lambda/gatehouse-test-inspect',
        callbackWaitsForEmptyEventLoop: true,
      });
      expect(context['awsRequestId']).to.match(UUID);
      expect((second['context'] as Record<string, unknown>)['awsRequestId']).to.match(UUID).and.not.equal(context['awsRequestId']);
      expect(context['logStreamName']).to.match(/^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/);
      expect(context['remaining']).to.be.within(2000, 3000);
    });

    it('sees exactly the environment given, with Lambda reserved variables and nothing of the parent', async () => {
      process.env['GATEHOUSE_PARENT_ONLY'] = 'must not leak';
      try {
        const functions = await host(settings('inspect', { memoryMb: 512 }));
        const env = resultOf(await functions.invoke('gatehouse-test-inspect', {}))['env'] as Record<string, string>;
        expect(env).to.include({
          ...ENVIRONMENT,
          AWS_DEFAULT_REGION: 'eu-west-1',
          AWS_LAMBDA_FUNCTION_NAME: 'gatehouse-test-inspect',
          AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '512',
          AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
          AWS_LAMBDA_LOG_GROUP_NAME: '/aws/lambda/gatehouse-test-inspect',
          AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
          LAMBDA_TASK_ROOT: join(fixtures.bundle('inspect'), '..'),
          _HANDLER: 'index.handler',
        });
        expect(env).to.not.have.property('GATEHOUSE_PARENT_ONLY');
        expect(env).to.not.have.property('NODE_OPTIONS');
        // Node adds nothing of its own to a child's environment beyond what it is given.
        const reserved = ['AWS_DEFAULT_REGION', 'AWS_EXECUTION_ENV', 'AWS_LAMBDA_FUNCTION_MEMORY_SIZE', 'AWS_LAMBDA_FUNCTION_NAME',
          'AWS_LAMBDA_FUNCTION_VERSION', 'AWS_LAMBDA_INITIALIZATION_TYPE', 'AWS_LAMBDA_LOG_GROUP_NAME', 'AWS_LAMBDA_LOG_STREAM_NAME',
          'LAMBDA_TASK_ROOT', 'TZ', '_HANDLER'];
        expect(Object.keys(env).sort()).to.deep.equal([...Object.keys(ENVIRONMENT), ...reserved].sort());
      } finally {
        delete process.env['GATEHOUSE_PARENT_ONLY'];
      }
    });

    it('runs in the process loaded once (a cold start), one invocation at a time, the others queued', async () => {
      const functions = await host(settings('inspect'));
      const runs = await Promise.all([1, 2, 3].map(() => functions.invoke('gatehouse-test-inspect', { sleepMs: 150 })));
      const results = runs.map(resultOf).sort((a, b) => (a['invocations'] as number) - (b['invocations'] as number));
      expect(results.map((result) => result['invocations'])).to.deep.equal([1, 2, 3]);
      expect(new Set(results.map((result) => result['pid']))).to.have.property('size', 1);
      expect(new Set(results.map((result) => result['loadedAt']))).to.have.property('size', 1);
      // Each started only after the one before had slept its 150 ms.
      for (let i = 1; i < results.length; i += 1) {
        expect((results[i]!['startedAt'] as number) - (results[i - 1]!['startedAt'] as number)).to.be.at.least(140);
      }
    });

    it('answers a thrown error with its type and message, a thrown string as Lambda types it, nothing as null', async () => {
      const functions = await host(settings('inspect'));
      expect(await functions.invoke('gatehouse-test-inspect', { throw: 'error', message: 'no such thing' })).to.deep.equal({
        error: { errorType: 'TypeError', errorMessage: 'no such thing' },
      });
      expect(await functions.invoke('gatehouse-test-inspect', { throw: 'string', message: 'plain words' })).to.deep.equal({
        error: { errorType: 'string', errorMessage: 'plain words' },
      });
      expect(await functions.invoke('gatehouse-test-inspect', { nothing: true })).to.deep.equal({ result: null });
      // The stack goes to the function's log, as Lambda's "Invoke Error" record.
      const failure = logs.find((line) => line.stream === 'stderr' && line.line.includes('no such thing'));
      expect(JSON.parse(failure!.line)).to.deep.include({ level: 'ERROR' }).and.to.have.nested.property('message.stackTrace');
    });

    it('supports a handler that answers through its callback', async () => {
      const functions = await host(settings('callback'));
      expect(await functions.invoke('gatehouse-test-callback', { a: 1 })).to.deep.equal({ result: { echoed: { a: 1 } } });
    });

    it('forwards what the function writes, line by line, with its name and stream', async () => {
      const functions = await host(settings('inspect'));
      const { context } = resultOf(await functions.invoke('gatehouse-test-inspect', {})) as { context: { awsRequestId: string } };
      const line = await eventually('the log line', () =>
        logs.find((entry) => entry.stream === 'stdout' && entry.line.includes(context.awsRequestId)),
      );
      expect(line.functionName).to.equal('gatehouse-test-inspect');
      expect(JSON.parse(line.line)).to.deep.equal({ level: 'INFO', message: 'inspected', requestId: context.awsRequestId });
      await eventually('the stderr line', () => logs.some((entry) => entry.stream === 'stderr' && entry.line.includes('to stderr')));
    });

    it('is refused for a function the host does not run', async () => {
      const functions = await host(settings('inspect'));
      const error = await functions.invoke('gatehouse-test-nope', {}).catch((e: unknown) => e);
      expect(error).to.be.instanceOf(FunctionNotFoundError).and.to.have.property('functionName', 'gatehouse-test-nope');
    });
  });

  describe('a timeout', () => {
    it('ends the run as Lambda does (Sandbox.Timedout) and replaces the process with a fresh one', async () => {
      const functions = await host(settings('hang', { timeoutSeconds: 0.5 }));
      const before = resultOf(await functions.invoke('gatehouse-test-hang', {}));
      const started = Date.now();
      const outcome = await functions.invoke('gatehouse-test-hang', { hang: true });
      expect(Date.now() - started).to.be.within(450, 2000);
      expect(outcome).to.have.nested.property('error.errorType', 'Sandbox.Timedout');
      expect((outcome as { error: { errorMessage: string } }).error.errorMessage).to.match(
        /^RequestId: [0-9a-f-]{36} Error: Task timed out after 0\.\d\d seconds$/,
      );
      await eventually('the old process to end', () => !isRunning(before['pid'] as number));
      const after = resultOf(await functions.invoke('gatehouse-test-hang', {}));
      expect(after['pid']).to.not.equal(before['pid']);
      // A new environment: its module state starts over.
      expect(after['invocations']).to.equal(1);
      expect(logs.some((line) => line.stream === 'platform' && line.line.includes('Task timed out'))).to.equal(true);
    });

    it('starts when the process receives the event, not while the event waits in the queue', async () => {
      const functions = await host(settings('inspect', { timeoutSeconds: 0.4 }));
      const runs = await Promise.all([1, 2, 3].map(() => functions.invoke('gatehouse-test-inspect', { sleepMs: 250 })));
      expect(runs.every((run) => 'result' in run)).to.equal(true);
    });
  });

  describe('a crash', () => {
    it('answers the invocation in flight with Runtime.ExitError and starts a new process at once', async () => {
      const functions = await host(settings('crash'));
      const first = functions.pids()['gatehouse-test-crash']!;
      const outcome = await functions.invoke('gatehouse-test-crash', { exit: 3 });
      expect(outcome).to.have.nested.property('error.errorType', 'Runtime.ExitError');
      expect((outcome as { error: { errorMessage: string } }).error.errorMessage).to.match(/Runtime exited with error: exit status 3$/);
      // Replaced without waiting for another invocation.
      const second = await eventually('a new process', () => {
        const pid = functions.pids()['gatehouse-test-crash'];
        return pid !== undefined && pid !== first && pid;
      });
      expect(isRunning(first)).to.equal(false);
      expect(resultOf(await functions.invoke('gatehouse-test-crash', {}))['pid']).to.equal(second);
    });

    it('replaces a process that ends on its own between invocations (an error thrown by a timer)', async () => {
      const functions = await host(settings('crash'));
      const { pid } = resultOf(await functions.invoke('gatehouse-test-crash', { throwLater: true })) as { pid: number };
      await eventually('the crashed process to end', () => !isRunning(pid));
      const replaced = await eventually('a new process', () => functions.pids()['gatehouse-test-crash']);
      expect(replaced).to.not.equal(pid);
      expect(resultOf(await functions.invoke('gatehouse-test-crash', {}))['pid']).to.equal(replaced);
      expect(logs.some((line) => line.stream === 'platform' && line.line.includes('exit status 1'))).to.equal(true);
    });
  });

  describe('an init failure', () => {
    it('is reported at start and by each invocation, and retried by the next one, not in a loop', async () => {
      const functions = await host(settings('init-fails'), settings('inspect'));
      expect(functions.initFailures).to.deep.equal([
        { functionName: 'gatehouse-test-init-fails', errorType: 'RangeError', errorMessage: 'configuration not found at init' },
      ]);
      await eventually('the failed process to end', () => functions.pids()['gatehouse-test-init-fails'] === undefined);
      // Not restarted on its own.
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(functions.pids()['gatehouse-test-init-fails']).to.equal(undefined);
      expect(await functions.invoke('gatehouse-test-init-fails', {})).to.deep.equal({
        error: { errorType: 'RangeError', errorMessage: 'configuration not found at init' },
      });
      fixtures.letInitSucceed();
      expect(await functions.invoke('gatehouse-test-init-fails', {})).to.have.property('result');
    });

    it('names a bundle that exports no handler as Lambda does', async () => {
      const functions = await host(settings('no-handler'));
      expect(await functions.invoke('gatehouse-test-no-handler', {})).to.deep.equal({
        error: { errorType: 'Runtime.HandlerNotFound', errorMessage: 'index.handler is undefined or not exported' },
      });
    });
  });

  describe('stop()', () => {
    it('ends every process, the busy ones too, and leaves no child behind', async () => {
      const functions = await FunctionHost.start({
        functions: [settings('inspect'), settings('hang', { timeoutSeconds: 30 }), settings('crash')],
      });
      const pids = Object.values(functions.pids()) as number[];
      expect(pids).to.have.length(3);
      expect(childProcesses(process.pid, 'function-runtime.cjs')).to.include.members(pids);
      const hanging = functions.invoke('gatehouse-test-hang', { hang: true });
      const queued = functions.invoke('gatehouse-test-hang', {}).catch((e: unknown) => (e as Error).message);
      await new Promise((resolve) => setTimeout(resolve, 100));

      await functions.stop();
      expect(pids.filter(isRunning)).to.deep.equal([]);
      expect(childProcesses(process.pid, 'function-runtime.cjs')).to.deep.equal([]);
      expect(await hanging).to.have.nested.property('error.errorType', 'Runtime.ExitError');
      expect(await queued).to.equal('gatehouse-test-hang is stopped');
      expect(await functions.invoke('gatehouse-test-inspect', {}).catch((e: unknown) => (e as Error).message)).to.equal(
        'gatehouse-test-inspect is stopped',
      );
    });

    it('is not needed for the processes to end when their host dies', async () => {
      // A host in a process of its own, killed without a chance to stop anything.
      const script = `
        const { FunctionHost } = require('./sandbox/lambda/function-host');
        FunctionHost.start({ functions: ${JSON.stringify([settings('inspect'), settings('hang')])} })
          .then((host) => console.log(JSON.stringify(Object.values(host.pids()))));
      `;
      const parent = spawn(process.execPath, ['--import', 'tsx', '-e', script], { cwd: join(__dirname, '..', '..', '..'), stdio: ['ignore', 'pipe', 'inherit'] });
      const pids = await new Promise<number[]>((resolve, reject) => {
        parent.stdout.once('data', (chunk: Buffer) => resolve(JSON.parse(chunk.toString()) as number[]));
        parent.once('exit', () => reject(new Error('the host process ended early')));
      });
      expect(pids.filter(isRunning)).to.have.length(2);
      parent.kill('SIGKILL');
      await eventually('the orphaned processes to end', () => pids.every((pid) => !isRunning(pid)));
    });
  });

  it('refuses two functions of one name', async () => {
    const error = await FunctionHost.start({ functions: [settings('inspect'), settings('inspect')] }).catch((e: unknown) => e);
    expect(error).to.have.property('message', 'two functions are named gatehouse-test-inspect');
  });
});
