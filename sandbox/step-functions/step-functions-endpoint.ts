import { StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Json, TaskHandler } from './sdk-integrations';

export interface LocalExecution {
  readonly name: string;
  readonly executionArn: string;
  readonly input: string;
  /** Epoch milliseconds. */
  readonly startedAt: number;
  status: 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'ABORTED';
  output?: unknown;
  error?: string;
  /** Settles when the execution ends. */
  readonly done: Promise<void>;
  /** Ends it where it is (ABORTED). */
  readonly abort: () => void;
}

export interface StepFunctionsEndpointOptions {
  readonly stateMachineArn: string;
  /** The definition infra deploys, as JSON. */
  readonly definition: object;
  /** The real calls of its Task states (see `sdkIntegrationHandlers`), by state name. */
  readonly taskHandlers: Record<string, TaskHandler>;
  /** Milliseconds each Wait state takes instead of its own duration, by state name. */
  readonly waitTimeOverrides?: Record<string, number>;
}

/**
 * The Step Functions API (AWS JSON 1.0) for one state machine, on 127.0.0.1: `StartExecution` runs the
 * real definition with aws-local-stepfunctions, and keeps Step Functions' name rule — a name taken by
 * a running execution with the same input answers that execution, any other use of a taken name is
 * `ExecutionAlreadyExists`. `DescribeExecution` and `ListExecutions` read them back.
 */
export class StepFunctionsEndpoint {
  readonly executions: LocalExecution[] = [];
  startRequests = 0;
  private server?: Server;

  constructor(private readonly options: StepFunctionsEndpointOptions) {}

  async start(port = 0): Promise<string> {
    this.server = createServer((request, response) => {
      void readBody(request).then((body) => this.answer(request, body.toString('utf8'), response));
    });
    await new Promise<void>((resolve) => this.server?.listen(port, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Waits for the executions to end, or aborts the running ones with `abandon` (a sandbox shutting down). */
  async stop(options: { readonly abandon?: boolean } = {}): Promise<void> {
    if (options.abandon) for (const execution of this.executions) if (execution.status === 'RUNNING') execution.abort();
    await Promise.all(this.executions.map((execution) => execution.done));
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private answer(request: IncomingMessage, body: string, response: ServerResponse): void {
    const operation = String(request.headers['x-amz-target'] ?? '').split('.').pop();
    const reply = (status: number, payload: object) => {
      response.writeHead(status, { 'content-type': 'application/x-amz-json-1.0' });
      response.end(JSON.stringify(payload));
    };
    const fail = (type: string, message: string) => reply(400, { __type: type, message });
    const params = JSON.parse(body || '{}') as Record<string, string | undefined>;
    switch (operation) {
      case 'StartExecution': {
        this.startRequests += 1;
        if (params['stateMachineArn'] !== this.options.stateMachineArn) return fail('StateMachineDoesNotExist', 'State Machine Does Not Exist');
        const name = params['name'] ?? `${Date.now()}`;
        if (!/^[A-Za-z0-9_-]{1,80}$/.test(name)) return fail('InvalidName', `Invalid Name: '${name}'`);
        const input = params['input'] ?? '{}';
        const existing = this.executions.find((execution) => execution.name === name);
        if (existing) {
          if (existing.status === 'RUNNING' && existing.input === input) return reply(200, { executionArn: existing.executionArn, startDate: 0 });
          return fail('ExecutionAlreadyExists', `Execution Already Exists: '${existing.executionArn}'`);
        }
        return reply(200, { executionArn: this.run(name, input).executionArn, startDate: Date.now() / 1000 });
      }
      case 'DescribeExecution': {
        const execution = this.executions.find((each) => each.executionArn === params['executionArn']);
        if (!execution) return fail('ExecutionDoesNotExist', 'Execution Does Not Exist');
        return reply(200, { ...describe(execution), input: execution.input, output: JSON.stringify(execution.output ?? null) });
      }
      case 'ListExecutions':
        return reply(200, { executions: this.executions.map(describe) });
      default:
        return fail('UnknownOperationException', `${operation ?? '(none)'} is not served here`);
    }
  }

  private run(name: string, input: string): LocalExecution {
    const executionArn = `${this.options.stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
    const machine = new StateMachine(JSON.parse(JSON.stringify(this.options.definition)) as StateMachineDefinition);
    const run = machine.run(JSON.parse(input) as Json, {
      overrides: {
        taskResourceLocalHandlers: this.options.taskHandlers,
        waitTimeOverrides: this.options.waitTimeOverrides ?? {},
        retryIntervalOverrides: Object.fromEntries(Object.keys(this.options.taskHandlers).map((state) => [state, 1])),
      },
      context: { Execution: { Name: name }, State: { EnteredTime: new Date().toISOString() } },
    });
    const execution: LocalExecution = {
      name,
      executionArn,
      input,
      startedAt: Date.now(),
      status: 'RUNNING',
      abort: () => run.abort(),
      done: run.result.then(
        (output: unknown) => {
          execution.status = 'SUCCEEDED';
          execution.output = output;
        },
        (error: unknown) => {
          execution.status = error instanceof Error && error.name === 'ExecutionAbortedError' ? 'ABORTED' : 'FAILED';
          execution.error = error instanceof Error ? error.name : String(error);
        },
      ),
    };
    this.executions.push(execution);
    return execution;
  }
}

async function readBody(incoming: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of incoming) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function describe(execution: LocalExecution) {
  return { executionArn: execution.executionArn, name: execution.name, status: execution.status, startDate: execution.startedAt / 1000 };
}
