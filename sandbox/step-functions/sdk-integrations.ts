/**
 * Runs the Tasks of a state machine definition as Step Functions would, against local stand-ins: a
 * handler per Task state for aws-local-stepfunctions' `overrides.taskResourceLocalHandlers`, which makes
 * the real call the state's Resource names through an AWS SDK v3 client the caller builds.
 *
 * - `arn:aws:states:::aws-sdk:<service>:<action>` → `<Action>Command` of that service's SDK, the
 *   state's (PascalCase) parameters as the command's input;
 * - `arn:aws:states:::<service>:<action>` (an optimized, request-response integration such as
 *   `dynamodb:putItem`) → the same, with the optimized integration's error names.
 *
 * The result is the SDK's output without `$metadata`, as plain JSON (dates become ISO strings). A failed
 * call is rethrown as Step Functions names it, for `Retry` and `Catch` to match: aws-local-stepfunctions
 * compares `ErrorEquals` with the error's `name`, and reports its `message` as the `Cause`.
 * - AWS SDK integrations: `<Service>.<Error>`, the service in PascalCase (the SDK's service id without
 *   spaces: `CognitoIdentityProvider`; `DynamoDb` for DynamoDB) and `Exception` appended where the
 *   error lacks it (https://docs.aws.amazon.com/step-functions/latest/dg/supported-services-awssdk.html);
 * - optimized integrations: `<Prefix>.<error code>` (`DynamoDB.ConditionalCheckFailedException`);
 * - a call that never got an answer (connection refused, the client's own timeout): `States.TaskFailed`.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** What aws-local-stepfunctions calls instead of a Task's Resource: the state's input, after `Parameters`. */
export type TaskHandler = (input: Json) => Promise<Json>;

interface SdkClient {
  send(command: never): Promise<unknown>;
  readonly config?: { readonly serviceId?: string };
}

type CommandClass = new (input: never) => unknown;

export interface SdkService {
  /** Builds the client the service's calls go through; called once, on the first call. */
  readonly client: () => SdkClient;
  /** The SDK package (`import * as … from '@aws-sdk/client-…'`): `<Action>Command` is looked up in it. */
  readonly commands: Readonly<Record<string, unknown>>;
  /** The prefix of the error names Step Functions reports for it, when the default is not right. */
  readonly errorPrefix?: string;
}

export interface IntegrationCall {
  readonly state: string;
  readonly resource: string;
  /** As the Resource names it: `cognitoidentityprovider`, `dynamodb`. */
  readonly service: string;
  /** PascalCase: `AdminGetUser`, `PutItem`. */
  readonly action: string;
  readonly parameters: Json;
}

export interface SdkIntegrationOptions {
  /** By the service name in the Resource: `{ cognitoidentityprovider: …, dynamodb: … }`. */
  readonly services: Readonly<Record<string, SdkService>>;
  /**
   * Tasks answered on this machine instead of through an SDK client, by their Resource: for a service
   * whose stand-in is the sandbox itself (CloudWatch's PutMetricData lands in its metric store). A
   * handler reports a refusal by throwing a `TaskFailure` named as Step Functions names it.
   */
  readonly local?: Readonly<Record<string, TaskHandler>>;
  /** Told of every call just before it is made. */
  readonly onCall?: (call: IntegrationCall) => void;
}

/** An error as Step Functions reports it: `name` is the error name, `message` the cause. */
export class TaskFailure extends Error {
  constructor(errorName: string, cause: string) {
    super(cause);
    this.name = errorName;
  }
}

/** The parts of a definition this reads: Task states and their Resources, nested ones included. */
interface StateLike {
  readonly Type: string;
  readonly Resource?: unknown;
  readonly Branches?: unknown;
  readonly Iterator?: unknown;
  readonly ItemProcessor?: unknown;
}

export interface StatesOf {
  readonly States: Readonly<Record<string, StateLike>>;
}

// Step Functions' own spelling where it is not the SDK's service id without spaces.
const SDK_ERROR_PREFIX: Readonly<Record<string, string>> = { dynamodb: 'DynamoDb', sfn: 'Sfn' };
const OPTIMIZED_ERROR_PREFIX: Readonly<Record<string, string>> = { dynamodb: 'DynamoDB', sns: 'SNS', sqs: 'SQS' };

const SDK_RESOURCE = /^arn:aws:states:::aws-sdk:([a-z0-9]+):([A-Za-z0-9]+)$/;
const OPTIMIZED_RESOURCE = /^arn:aws:states:::([a-z0-9]+):([A-Za-z0-9]+)$/;

const pascal = (name: string) => `${name.charAt(0).toUpperCase()}${name.slice(1)}`;

interface ParsedResource {
  readonly kind: 'aws-sdk' | 'optimized';
  readonly service: string;
  readonly action: string;
}

export function parseResource(resource: string): ParsedResource {
  const sdk = SDK_RESOURCE.exec(resource);
  if (sdk) return { kind: 'aws-sdk', service: sdk[1] ?? '', action: pascal(sdk[2] ?? '') };
  const optimized = OPTIMIZED_RESOURCE.exec(resource);
  if (optimized && optimized[1] !== 'lambda') return { kind: 'optimized', service: optimized[1] ?? '', action: pascal(optimized[2] ?? '') };
  throw new Error(`"${resource}" is not a request-response service integration this executor can run`);
}

interface ServiceError {
  readonly name: string;
  readonly message: string;
  readonly $metadata: { readonly httpStatusCode?: number; readonly requestId?: string };
}

const isServiceError = (error: unknown): error is ServiceError =>
  error instanceof Error && typeof (error as Partial<ServiceError>).$metadata === 'object';

/** The error name Step Functions gives a failed call. */
export function stepFunctionsError(kind: ParsedResource['kind'], prefix: string, error: unknown): TaskFailure {
  if (!isServiceError(error)) {
    return new TaskFailure('States.TaskFailed', error instanceof Error ? `${error.name}: ${error.message}` : String(error));
  }
  const errorName = kind === 'aws-sdk' && !error.name.endsWith('Exception') ? `${error.name}Exception` : error.name;
  const details = [
    `Service: ${prefix}`,
    `Status Code: ${error.$metadata.httpStatusCode ?? 'unknown'}`,
    `Request ID: ${error.$metadata.requestId ?? 'unknown'}`,
  ];
  return new TaskFailure(`${prefix}.${errorName}`, `${error.message} (${details.join(', ')})`);
}

function errorPrefix(parsed: ParsedResource, service: SdkService, client: SdkClient): string {
  if (service.errorPrefix !== undefined) return service.errorPrefix;
  const table = parsed.kind === 'aws-sdk' ? SDK_ERROR_PREFIX : OPTIMIZED_ERROR_PREFIX;
  return table[parsed.service] ?? (client.config?.serviceId ?? parsed.service).replace(/\s+/g, '');
}

/** The SDK's output as Step Functions hands it on: no `$metadata`, plain JSON. */
function taskResult(output: unknown): Json {
  if (typeof output !== 'object' || output === null) return {};
  const { $metadata: _metadata, ...rest } = output as Record<string, unknown>;
  return JSON.parse(JSON.stringify(rest)) as Json;
}

function taskStates(definition: StatesOf): [string, string][] {
  return Object.entries(definition.States).flatMap(([name, state]): [string, string][] => {
    const nested = [...((state.Branches as StatesOf[] | undefined) ?? []), state.Iterator, state.ItemProcessor]
      .filter((each): each is StatesOf => typeof each === 'object' && each !== null && 'States' in each)
      .flatMap(taskStates);
    return state.Type === 'Task' && typeof state.Resource === 'string' ? [[name, state.Resource], ...nested] : nested;
  });
}

/**
 * A handler for every Task state of the definition. Fails at once for a Resource it cannot run or a
 * service it was given no client for, so that nothing is ever sent to AWS by mistake.
 */
export function sdkIntegrationHandlers(definition: StatesOf, options: SdkIntegrationOptions): Record<string, TaskHandler> {
  const clients = new Map<string, SdkClient>();
  const clientOf = (name: string, service: SdkService) => {
    let client = clients.get(name);
    if (client === undefined) {
      client = service.client();
      clients.set(name, client);
    }
    return client;
  };

  const handlers: Record<string, TaskHandler> = {};
  for (const [state, resource] of taskStates(definition)) {
    const parsed = parseResource(resource);
    const local = options.local?.[resource];
    if (local !== undefined) {
      handlers[state] = async (input) => {
        options.onCall?.({ state, resource, service: parsed.service, action: parsed.action, parameters: input });
        return local(input);
      };
      continue;
    }
    const service = options.services[parsed.service];
    if (service === undefined) throw new Error(`state ${state} calls ${parsed.service}, for which no client was given`);
    const Command = service.commands[`${parsed.action}Command`] as CommandClass | undefined;
    if (typeof Command !== 'function') throw new Error(`state ${state}: the ${parsed.service} SDK has no ${parsed.action}Command`);

    handlers[state] = async (input) => {
      options.onCall?.({ state, resource, service: parsed.service, action: parsed.action, parameters: input });
      const client = clientOf(parsed.service, service);
      try {
        return taskResult(await client.send(new Command(input as never) as never));
      } catch (error) {
        throw stepFunctionsError(parsed.kind, errorPrefix(parsed, service, client), error);
      }
    };
  }
  return handlers;
}
