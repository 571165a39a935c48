import {
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { DefaultConfig, type Config } from 'cognito-local/lib/server/config';
import { Router, type Route } from 'cognito-local/lib/server/Router';
import { createServer as createCognitoServer } from 'cognito-local/lib/server/server';
import { InvalidParameterError, UserNotFoundError } from 'cognito-local/lib/errors';
import {
  DateClock,
  LambdaService,
  MessagesService,
  TriggersService,
  type Lambda,
  type Services,
} from 'cognito-local/lib/services';
import { CognitoServiceFactoryImpl } from 'cognito-local/lib/services/cognitoService';
import { CryptoService } from 'cognito-local/lib/services/crypto';
import { StormDBDataStoreFactory } from 'cognito-local/lib/services/dataStore/stormDb';
import { selectAppropriateDeliveryMethod } from 'cognito-local/lib/services/messageDelivery/deliveryMethod';
import { MessageDeliveryService } from 'cognito-local/lib/services/messageDelivery/messageDelivery';
import type { MessageSender } from 'cognito-local/lib/services/messageDelivery/messageSender';
import { otp } from 'cognito-local/lib/services/otp';
import { JwtTokenGenerator } from 'cognito-local/lib/services/tokenGenerator';
import { UserPoolServiceFactoryImpl } from 'cognito-local/lib/services/userPoolService';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';

// cognito-local loads the AWS SDK v2 (for its Lambda and KMS clients, unused here), which prints an
// end-of-support notice on the next tick unless told not to; the tests have nothing to migrate.
process.env.AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE ??= '1';

/** A code cognito-local sent (by email or SMS), as a user would receive it. */
export interface CodeDelivery {
  readonly username: string;
  readonly destination: string;
  readonly code: string;
}

export interface FaultOptions {
  /** How many requests in a row get the error; default 1. */
  readonly times?: number;
  /** Default 400, as Cognito answers client and throttling errors. */
  readonly status?: number;
  readonly message?: string;
}

export interface CognitoLocalHandle {
  readonly endpoint: string;
  /** A pool laid out like the stack's (email as username, email auto-verified) and its app client (no secret). */
  readonly userPoolId: string;
  readonly userPoolArn: string;
  readonly clientId: string;
  /** Requests received, by operation (`AdminGetUser`, …), answered or faulted, since the last reset. */
  readonly requests: Map<string, number>;
  /** Every code sent, oldest first. */
  readonly deliveries: CodeDelivery[];
  /** A client of the emulator that does not retry: the caller's retries are the ones that count. */
  client(): CognitoIdentityProviderClient;
  /** Answers the next request(s) for `operation` with the error `type` (`TooManyRequestsException`) instead. */
  failNext(operation: string, type: string, options?: FaultOptions): void;
  resetCounts(): void;
  stop(): Promise<void>;
}

interface Fault {
  readonly type: string;
  readonly status: number;
  readonly message: string;
  remaining: number;
}

/**
 * cognito-local 5.3 has no ResendConfirmationCode (its router refuses the target as unsupported). This
 * fills that gap from its own services, the way its SignUp sends the first code: a new code for a user
 * who is still UNCONFIRMED, sent through the pool's message path (`ResendCode`), replacing the old one.
 * As in Cognito: UserNotFoundException for an unknown user (with PreventUserExistenceErrors off),
 * InvalidParameterException "User is already confirmed." for a confirmed one.
 */
function resendConfirmationCode(services: Services): Route {
  return async (ctx, req: { ClientId: string; Username: string; ClientMetadata?: Record<string, string> }) => {
    const pool = await services.cognito.getUserPoolForClientId(ctx, req.ClientId);
    const user = await pool.getUserByUsername(ctx, req.Username);
    if (!user) throw new UserNotFoundError('Username/client id combination not found.');
    if (user.UserStatus !== 'UNCONFIRMED') throw new InvalidParameterError('User is already confirmed.');
    const delivery = selectAppropriateDeliveryMethod(pool.options.AutoVerifiedAttributes ?? [], user);
    if (!delivery) throw new InvalidParameterError('User has no attribute matching desired auto verified attributes');
    const code = services.otp();
    await services.messages.deliver(ctx, 'ResendCode', req.ClientId, pool.options.Id, user, code, req.ClientMetadata, delivery);
    await pool.saveUser(ctx, { ...user, ConfirmationCode: code, UserLastModifiedDate: services.clock.get() });
    return { CodeDeliveryDetails: delivery };
  };
}

// No function is configured, so nothing is ever invoked; a call would be a wiring mistake.
/** A trigger as Lambda runs it: the event in, the event (or an error) out. */
export type TriggerFunction = (event: unknown) => Promise<unknown>;

/**
 * The Lambda client cognito-local invokes triggers through, answering as Lambda's Invoke does: the
 * function's result as the payload, or `FunctionError: Unhandled` with `errorMessage` when it throws
 * (cognito-local then fails the call with "<function name> failed with error <message>.", as Cognito).
 */
function lambdaClientFor(functions: Readonly<Record<string, TriggerFunction>>, validationData: ValidationDataGap) {
  return {
    invoke: (params: { FunctionName: string; Payload: string }) => ({
      promise: async () => {
        const run = functions[params.FunctionName];
        if (!run) throw new Error(`no function ${params.FunctionName}`);
        const event = validationData.fill(JSON.parse(params.Payload) as LambdaEvent);
        try {
          return { StatusCode: 200, Payload: JSON.stringify(await run(event)) };
        } catch (error) {
          const { name, message } = error instanceof Error ? error : { name: 'Error', message: String(error) };
          return { StatusCode: 200, FunctionError: 'Unhandled', Payload: JSON.stringify({ errorType: name, errorMessage: message }) };
        }
      },
    }),
  } as unknown as ConstructorParameters<typeof LambdaService>[1];
}

interface LambdaEvent {
  readonly triggerSource?: string;
  readonly request?: { userAttributes?: Record<string, string>; validationData?: unknown };
}

/**
 * cognito-local 5.3 drops SignUp's ValidationData (its SignUp passes `validationData: undefined` to
 * PreSignUp); Cognito hands it to PreSignUp as a map of name to value. This keeps each SignUp's data
 * by the username it names (the email, in a pool with email as username) and puts it back into the
 * PreSignUp event of that sign-up.
 */
class ValidationDataGap {
  private readonly pending = new Map<string, Record<string, string>>();

  around(route: Route): Route {
    return async (ctx, req: { Username?: string; ValidationData?: { Name: string; Value: string }[] }) => {
      const key = req.Username?.toLowerCase();
      if (key !== undefined && req.ValidationData) {
        this.pending.set(key, Object.fromEntries(req.ValidationData.map(({ Name, Value }) => [Name, Value])));
      }
      try {
        return await route(ctx, req);
      } finally {
        if (key !== undefined) this.pending.delete(key);
      }
    };
  }

  fill(event: LambdaEvent): LambdaEvent {
    if (event.triggerSource !== 'PreSignUp_SignUp' || !event.request || event.request.validationData) return event;
    const email = event.request.userAttributes?.['email']?.toLowerCase();
    const data = email === undefined ? undefined : this.pending.get(email);
    return data ? { ...event, request: { ...event.request, validationData: data } } : event;
  }
}

export interface CognitoLocalOptions {
  /**
   * Triggers by Cognito's name for them (`PreSignUp`, `PostConfirmation`, …): cognito-local invokes each
   * under that name, so its errors read as Cognito's ("PreSignUp failed with error …").
   */
  readonly triggers?: Readonly<Record<string, TriggerFunction>>;
}

/**
 * Starts cognito-local in-process on 127.0.0.1 (an ephemeral port, a temporary data folder, the given triggers,
 * a silent logger), and creates a pool and an app client through the AWS SDK, as a stack would have
 * them. The codes it sends are recorded instead of printed.
 */
export async function startCognitoLocal(options: CognitoLocalOptions = {}): Promise<CognitoLocalHandle> {
  const dataDirectory = mkdtempSync(join(tmpdir(), 'gatehouse-cognito-local-'));
  const logger = pino({ level: 'silent' });
  const ctx = { logger };
  const config: Config = {
    ...DefaultConfig,
    ServerConfig: { hostname: '127.0.0.1', port: 0, development: false, https: false },
  };

  const deliveries: CodeDelivery[] = [];
  const recorder: MessageSender = {
    sendEmail: async (_ctx, user, destination, message) => {
      deliveries.push({ username: user.Username, destination, code: String(message.__code) });
    },
    sendSms: async (_ctx, user, destination, message) => {
      deliveries.push({ username: user.Username, destination, code: String(message.__code) });
    },
  };

  const clock = new DateClock();
  const dataStores = new StormDBDataStoreFactory(dataDirectory);
  const cognito = await new CognitoServiceFactoryImpl(
    dataDirectory,
    dataStores,
    new UserPoolServiceFactoryImpl(clock, dataStores),
  ).create(ctx, config.UserPoolDefaults);
  const functions = options.triggers ?? {};
  const lambdaConfig = Object.fromEntries(Object.keys(functions).map((trigger) => [trigger, trigger]));
  const validationData = new ValidationDataGap();
  const lambda: Lambda = new LambdaService(lambdaConfig, lambdaClientFor(functions, validationData));
  const triggers = new TriggersService(clock, cognito, lambda, new CryptoService(config.KMSConfig));
  const services: Services = {
    clock,
    cognito,
    config,
    messages: new MessagesService(triggers, new MessageDeliveryService(recorder)),
    otp,
    tokenGenerator: new JwtTokenGenerator(clock, triggers, config.TokenConfig),
    triggers,
  };
  const routes = Router(services);
  const resend = resendConfirmationCode(services);
  const router = (target: string): Route =>
    target === 'ResendConfirmationCode' ? resend : target === 'SignUp' ? validationData.around(routes(target)) : routes(target);
  const { application } = createCognitoServer(router, logger, config.ServerConfig, services);

  const requests = new Map<string, number>();
  const faults = new Map<string, Fault>();
  const server: Server = createServer((request, response) => {
    const target = String(request.headers['x-amz-target'] ?? '');
    const operation = target.split('.').pop() ?? target;
    if (operation !== '') requests.set(operation, (requests.get(operation) ?? 0) + 1);
    const fault = faults.get(operation);
    if (fault && fault.remaining > 0) {
      fault.remaining -= 1;
      request.resume();
      response.writeHead(fault.status, { 'content-type': 'application/x-amz-json-1.1' });
      response.end(JSON.stringify({ __type: fault.type, message: fault.message }));
      return;
    }
    (application as (req: typeof request, res: typeof response) => void)(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const clients: CognitoIdentityProviderClient[] = [];
  const client = () => {
    const made = new CognitoIdentityProviderClient({ endpoint, maxAttempts: 1 });
    clients.push(made);
    return made;
  };

  const admin = client();
  const { UserPool } = await admin.send(
    new CreateUserPoolCommand({
      PoolName: 'gatehouse-test',
      UsernameAttributes: ['email'],
      AutoVerifiedAttributes: ['email'],
    }),
  );
  const { UserPoolClient } = await admin.send(
    new CreateUserPoolClientCommand({ UserPoolId: UserPool?.Id, ClientName: 'gatehouse-test-app', GenerateSecret: false }),
  );
  if (!UserPool?.Id || !UserPool.Arn || !UserPoolClient?.ClientId) throw new Error('cognito-local created no pool or client');
  requests.clear();

  return {
    endpoint,
    userPoolId: UserPool.Id,
    userPoolArn: UserPool.Arn,
    clientId: UserPoolClient.ClientId,
    requests,
    deliveries,
    client,
    failNext: (operation, type, options = {}) => {
      faults.set(operation, {
        type,
        status: options.status ?? 400,
        message: options.message ?? `${type} (injected by the test)`,
        remaining: options.times ?? 1,
      });
    },
    resetCounts: () => requests.clear(),
    stop: async () => {
      for (const each of clients) each.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dataDirectory, { recursive: true, force: true });
    },
  };
}
