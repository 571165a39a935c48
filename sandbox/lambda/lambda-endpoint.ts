import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FunctionNotFoundError } from './function-host';
import type { InvokeOutcome } from './function-process';

/** What the endpoint needs of the host: FunctionHost, or a stand-in for it. */
export interface Invoker {
  has(functionName: string): boolean;
  invoke(functionName: string, event: unknown): Promise<InvokeOutcome>;
}

export interface LambdaEndpointOptions {
  readonly host: Invoker;
  /** 0 for any free port. */
  readonly port: number;
  /** The region and account of the ARNs in ResourceNotFoundException messages; default us-east-1, 000000000000. */
  readonly region?: string;
  readonly accountId?: string;
  /** Errors of invocations nobody waits for (`InvocationType: Event`). Default: dropped. */
  readonly onAsyncFailure?: (functionName: string, failure: unknown) => void;
}

export interface LambdaEndpoint {
  /** `http://127.0.0.1:<port>`: the `endpoint` of an AWS SDK Lambda client, or the CLI's `--endpoint-url`. */
  readonly endpoint: string;
  stop(): Promise<void>;
}

/** Lambda's limit on a synchronous invocation's request payload. */
const MAX_REQUEST_BYTES = 6 * 1024 * 1024;

const INVOCATIONS = /^\/2015-03-31\/functions\/([^/]+)\/invocations\/?$/;

/**
 * Lambda's Invoke API on 127.0.0.1, so that cognito-local (whose LambdaService calls triggers through an
 * AWS SDK v2 Lambda client) and the AWS CLI can invoke the sandbox's functions:
 *
 *   POST /2015-03-31/functions/{FunctionName}/invocations   (body: the event as JSON)
 *
 * - `X-Amz-Invocation-Type: RequestResponse` (the default): 200 with the handler's result as the body;
 *   a function error (thrown, timed out, crashed) is also a 200, with `X-Amz-Function-Error: Unhandled`
 *   and the body `{"errorType","errorMessage","trace":[]}` (the stack goes to the function's log);
 * - `Event`: 202 with no body, the function runs afterwards; `DryRun`: 204 when the function exists;
 * - a function it does not run: 404 ResourceNotFoundException, `{"Type":"User","Message":"Function not
 *   found: <arn>"}` with the type in `x-amzn-ErrorType`, as Lambda answers;
 * - a body that is not JSON: 400 InvalidRequestContentException; over 6 MB: 413 RequestTooLargeException.
 *
 * FunctionName may be a name, a partial or full ARN, with `$LATEST` as its only qualifier. Requests are
 * not signed-checked; `X-Amz-Log-Type: Tail` is ignored (the logs go to the sandbox's console).
 */
export async function startLambdaEndpoint(options: LambdaEndpointOptions): Promise<LambdaEndpoint> {
  const region = options.region ?? 'us-east-1';
  const accountId = options.accountId ?? '000000000000';
  const arnOf = (name: string) => `arn:aws:lambda:${region}:${accountId}:function:${name}`;

  const server = createServer((request, response) => {
    void handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) fail(response, 500, 'ServiceException', error instanceof Error ? error.message : String(error));
      else response.destroy();
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const route = INVOCATIONS.exec(url.pathname);
    if (request.method !== 'POST' || !route) {
      request.resume();
      return fail(response, 404, 'UnknownOperationException', `no operation at ${request.method} ${url.pathname}`);
    }
    const target = functionOf(decodeURIComponent(route[1]!), url.searchParams.get('Qualifier'));
    if (target.qualifier !== undefined && target.qualifier !== '$LATEST') {
      request.resume();
      return fail(response, 404, 'ResourceNotFoundException', `Function not found: ${arnOf(`${target.name}:${target.qualifier}`)}`, 'User');
    }
    if (!options.host.has(target.name)) {
      request.resume();
      return fail(response, 404, 'ResourceNotFoundException', `Function not found: ${arnOf(target.name)}`, 'User');
    }

    const body = await readBody(request, MAX_REQUEST_BYTES);
    if (body === undefined) {
      return fail(response, 413, 'RequestTooLargeException', `Request must be smaller than ${MAX_REQUEST_BYTES} bytes for the InvokeFunction operation`, 'User');
    }
    let event: unknown;
    try {
      // An invocation without a payload gets an empty object, as Lambda gives it.
      event = body.trim() === '' ? {} : (JSON.parse(body) as unknown);
    } catch (error) {
      return fail(response, 400, 'InvalidRequestContentException', `Could not parse request body into json: ${(error as Error).message}`, 'User');
    }

    const invocationType = String(request.headers['x-amz-invocation-type'] ?? 'RequestResponse');
    if (invocationType === 'DryRun') return answer(response, 204);
    if (invocationType === 'Event') {
      void options.host.invoke(target.name, event).then(
        (outcome) => ('error' in outcome ? options.onAsyncFailure?.(target.name, outcome.error) : undefined),
        (error: unknown) => options.onAsyncFailure?.(target.name, error),
      );
      return answer(response, 202);
    }
    if (invocationType !== 'RequestResponse') {
      return fail(response, 400, 'InvalidParameterValueException', `Unsupported invocation type ${invocationType}`, 'User');
    }

    let outcome: InvokeOutcome;
    try {
      outcome = await options.host.invoke(target.name, event);
    } catch (error) {
      if (error instanceof FunctionNotFoundError) {
        return fail(response, 404, 'ResourceNotFoundException', `Function not found: ${arnOf(target.name)}`, 'User');
      }
      throw error;
    }
    if ('error' in outcome) {
      const { errorType, errorMessage } = outcome.error;
      return answer(response, 200, JSON.stringify({ errorType, errorMessage, trace: [] }), { 'X-Amz-Function-Error': 'Unhandled' });
    }
    return answer(response, 200, JSON.stringify(outcome.result));
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The function a FunctionName names: `name`, `name:qualifier`, `123456789012:function:name`, or a full ARN. */
export function functionOf(functionName: string, qualifier: string | null = null): { name: string; qualifier?: string } {
  const arn = /^(?:arn:[^:]+:lambda:[^:]*:)?(?:\d{12}:)?function:([^:]+)(?::([^:]+))?$/.exec(functionName);
  const [name = '', inName] = arn ? [arn[1], arn[2]] : functionName.split(':');
  const chosen = qualifier ?? inName;
  return chosen === undefined ? { name } : { name, qualifier: chosen };
}

function answer(response: ServerResponse, status: number, body = '', headers: Record<string, string> = {}): void {
  response.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': String(Buffer.byteLength(body)),
    'x-amzn-RequestId': randomUUID(),
    ...(status === 200 ? { 'X-Amz-Executed-Version': '$LATEST' } : {}),
    ...headers,
  });
  response.end(body);
}

/** An API error as Lambda's REST-JSON protocol carries it: the type in a header, the message in the body. */
function fail(response: ServerResponse, status: number, type: string, message: string, origin?: 'User'): void {
  const body = origin === undefined ? { message } : { Type: origin, Message: message };
  answer(response, status, JSON.stringify(body), { 'x-amzn-ErrorType': type });
}

/** The body as text, or undefined when it exceeds `limit` bytes (read to its end all the same, to answer). */
function readBody(request: IncomingMessage, limit: number): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    request.once('end', () => resolve(size > limit ? undefined : Buffer.concat(chunks).toString('utf8')));
    request.once('error', reject);
  });
}
