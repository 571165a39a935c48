import { UnexpectedLambdaExceptionError, UserLambdaValidationError } from 'cognito-local/lib/errors';
import type { LambdaService } from 'cognito-local/lib/services';
import type { InvokeOutcome } from '../lambda/function-process';

export type { InvokeOutcome };

/** Cognito's names for the triggers of a user pool, as its errors spell them ("PreSignUp failed with error …"). */
export type TriggerName =
  | 'PreSignUp'
  | 'PreAuthentication'
  | 'PostAuthentication'
  | 'PostConfirmation'
  | 'PreTokenGeneration'
  | 'CustomMessage'
  | 'UserMigration'
  | 'CustomEmailSender'
  | 'CustomSMSSender'
  | 'DefineAuthChallenge'
  | 'CreateAuthChallenge'
  | 'VerifyAuthChallengeResponse';

/** A trigger as Lambda runs it: the event in, the event (or an error) out. */
export type TriggerFunction = (event: unknown) => Promise<unknown>;

/**
 * Lambda's Invoke (RequestResponse): the function's result, or the error it ended with. The sandbox's
 * FunctionHost (sandbox/lambda) is one, and can be given as it is.
 */
export interface LambdaInvoker {
  invoke(functionName: string, event: unknown): Promise<InvokeOutcome>;
}

/** Runs functions in this process: a thrown error is reported as Lambda reports an unhandled one. */
export function inProcessInvoker(functions: Readonly<Record<string, TriggerFunction>>): LambdaInvoker {
  return {
    invoke: async (functionName, event) => {
      const run = functions[functionName];
      if (!run) throw new Error(`no function ${functionName}`);
      try {
        // Through JSON both ways, as Lambda passes events and results.
        return { result: JSON.parse(JSON.stringify((await run(JSON.parse(JSON.stringify(event)))) ?? null)) as unknown };
      } catch (error) {
        const { name, message } = error instanceof Error ? error : { name: 'Error', message: String(error) };
        return { error: { errorType: name, errorMessage: message } };
      }
    },
  };
}

/**
 * Invokes functions through a server speaking Lambda's Invoke API
 * (`POST /2015-03-31/functions/{name}/invocations`): a function error comes back with status 200, the
 * `X-Amz-Function-Error` header and `{errorType, errorMessage}` as the payload.
 * https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html
 */
export function lambdaEndpointInvoker(endpoint: string): LambdaInvoker {
  return {
    invoke: async (functionName, event) => {
      const response = await fetch(`${endpoint}/2015-03-31/functions/${encodeURIComponent(functionName)}/invocations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-amz-invocation-type': 'RequestResponse' },
        body: JSON.stringify(event),
      });
      const text = await response.text();
      if (!response.ok) throw new Error(`Lambda Invoke of ${functionName} answered ${response.status}: ${text}`);
      const payload = text === '' ? null : (JSON.parse(text) as unknown);
      if (response.headers.get('x-amz-function-error') === null) return { result: payload };
      const { errorType, errorMessage } = (payload ?? {}) as { errorType?: string; errorMessage?: string };
      return { error: { errorType: errorType ?? 'Error', errorMessage: errorMessage ?? '' } };
    },
  };
}

/** Each trigger and the function it invokes. */
export type TriggerFunctions = Partial<Record<TriggerName, string>>;

/** A step that may rewrite an event before it reaches its function (to fill what cognito-local leaves out). */
export type EventFilter = (event: Record<string, unknown>) => Record<string, unknown>;

/**
 * The Lambda client cognito-local's `LambdaService` calls (the AWS SDK v2 shape). cognito-local is told
 * that each trigger's function is named after the trigger, so that its errors read as Cognito's
 * ("PreSignUp failed with error …", not the function's name); this client invokes the real function.
 */
export function cognitoLocalLambdaClient(invoker: LambdaInvoker, functions: TriggerFunctions, filter: EventFilter) {
  return {
    invoke: (params: { FunctionName: string; Payload: string }) => ({
      promise: async () => {
        const functionName = functions[params.FunctionName as TriggerName] ?? params.FunctionName;
        const outcome = await invoker.invoke(functionName, filter(JSON.parse(params.Payload) as Record<string, unknown>));
        return 'result' in outcome
          ? { StatusCode: 200, Payload: JSON.stringify(outcome.result) }
          : { StatusCode: 200, FunctionError: 'Unhandled', Payload: JSON.stringify(outcome.error) };
      },
    }),
  } as unknown as ConstructorParameters<typeof LambdaService>[1];
}

/**
 * Invokes a trigger cognito-local does not know (PreAuthentication, the custom-auth challenge triggers),
 * failing as its own triggers fail:
 * UserLambdaValidationException "<Trigger> failed with error <message>." when the function throws.
 * Returns the function's `response`.
 */
export async function invokeTrigger(
  invoker: LambdaInvoker,
  functions: TriggerFunctions,
  trigger: TriggerName,
  event: Record<string, unknown>,
): Promise<unknown> {
  const functionName = functions[trigger];
  if (functionName === undefined) throw new Error(`${trigger} trigger not configured`);
  let outcome: InvokeOutcome;
  try {
    outcome = await invoker.invoke(functionName, event);
  } catch {
    throw new UnexpectedLambdaExceptionError();
  }
  if ('result' in outcome) return (outcome.result as { response?: unknown } | null)?.response;
  throw new UserLambdaValidationError(`${trigger} failed with error ${outcome.error.errorMessage}.`);
}
