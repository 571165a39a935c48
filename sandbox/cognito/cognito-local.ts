import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DefaultConfig, type Config } from 'cognito-local/lib/server/config';
import { Router, type Route } from 'cognito-local/lib/server/Router';
import { createServer as createCognitoServer } from 'cognito-local/lib/server/server';
import { DateClock, LambdaService, MessagesService, TriggersService, type Services } from 'cognito-local/lib/services';
import type { Clock } from 'cognito-local/lib/services/clock';
import { CognitoServiceFactoryImpl } from 'cognito-local/lib/services/cognitoService';
import { CryptoService } from 'cognito-local/lib/services/crypto';
import { StormDBDataStoreFactory } from 'cognito-local/lib/services/dataStore/stormDb';
import { MessageDeliveryService } from 'cognito-local/lib/services/messageDelivery/messageDelivery';
import { otp } from 'cognito-local/lib/services/otp';
import { UserPoolServiceFactoryImpl } from 'cognito-local/lib/services/userPoolService';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { FaultInjector, type FaultOptions } from './faults';
import { adminResetUserPassword } from './gaps/admin-reset-user-password';
import { confirmSignUpVerifies } from './gaps/confirm-sign-up-verifies';
import { CustomAuth } from './gaps/custom-auth';
import { CustomSenderMessages, type CustomSendersOptions } from './gaps/custom-senders';
import { withFailingPostAuthentication } from './gaps/post-authentication-errors';
import { PreAuthentication } from './gaps/pre-authentication';
import { PreTokenGenerationTokens, type PreTokenGenerationVersion } from './gaps/pre-token-generation';
import { resendConfirmationCode } from './gaps/resend-confirmation-code';
import { SignUpValidationData } from './gaps/sign-up-validation-data';
import { UserMigration } from './gaps/user-migration';
import { userPasswordAuth } from './gaps/user-password-auth';
import { UserSrpAuth } from './gaps/user-srp-auth';
import { clientWriteAttributes } from './gaps/write-attributes';
import {
  cognitoLocalLambdaClient,
  inProcessInvoker,
  type LambdaInvoker,
  type TriggerFunction,
  type TriggerFunctions,
  type TriggerName,
} from './lambda';
import { recordingSender, type CodeDelivery, type DeliveryListener } from './messages';
import { ensureUserPool, type UserPoolDefinition } from './pool';

export type { CodeDelivery, DeliveryListener } from './messages';
export type { FaultOptions } from './faults';
export type { HandedCode, UndeliveredMessage } from './gaps/custom-senders';
export type { LambdaInvoker, TriggerFunction, TriggerFunctions, TriggerName } from './lambda';
export type { UserPoolDefinition } from './pool';
export type { PreTokenGenerationVersion } from './gaps/pre-token-generation';

// cognito-local loads the AWS SDK v2 (for its Lambda and KMS clients), which prints an end-of-support
// notice on the next tick unless told not to; nothing here has anything to migrate.
process.env.AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE ??= '1';

export interface CognitoLocalOptions {
  /** A folder that keeps pools, users and codes across restarts; without it, a temporary one removed on stop. */
  readonly dataDirectory?: string;
  /** Default 0: a free port. */
  readonly port?: number;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /**
   * Triggers run in this process, by Cognito's name for them (`PreSignUp`, `PreAuthentication`, …), so
   * their errors read as Cognito's ("PreSignUp failed with error …").
   */
  readonly triggers?: Partial<Record<TriggerName, TriggerFunction>>;
  /** Triggers invoked through Lambda instead: each trigger's function, and what invokes it. */
  readonly lambda?: { readonly invoker: LambdaInvoker; readonly functions: TriggerFunctions };
  /**
   * How the pool hands codes to its custom senders (`CustomEmailSender`, `CustomSMSSender` among the
   * functions): required when it has one.
   */
  readonly customSenders?: Omit<CustomSendersOptions, 'invoker' | 'functions'>;
  /** Told of every code the pool sends (they are also kept in `deliveries`). */
  readonly onDelivery?: DeliveryListener;
  /**
   * The pre token generation event the pool sends (its `PreTokenGenerationConfig.LambdaVersion`): V1_0
   * (the default) customises the ID token, V2_0 the ID and access tokens (see gaps/pre-token-generation.ts).
   */
  readonly preTokenGenerationVersion?: PreTokenGenerationVersion;
  /** The pool and its app client; by default a test pool (email as username, auto-verified) and a client without a secret. */
  readonly pool?: UserPoolDefinition;
  /** cognito-local's own log level (pino); default silent. */
  readonly logLevel?: string;
  /** The pool's clock (tokens, codes, authentication sessions); default the system's. */
  readonly clock?: Clock;
}

export interface CognitoLocalHandle {
  readonly endpoint: string;
  /** The pool of `options.pool` and its app client (no secret). */
  readonly userPoolId: string;
  readonly userPoolArn: string;
  readonly clientId: string;
  /** Requests received, by operation (`AdminGetUser`, …), answered or faulted, since the last reset. */
  readonly requests: Map<string, number>;
  /** Every code sent, oldest first (not those handed to a custom sender: the sender sends them). */
  readonly deliveries: CodeDelivery[];
  /** Resolves once the custom senders' invocations under way have ended (delivered or given up). */
  sendersSettled(): Promise<void>;
  /** A client of the emulator that does not retry: the caller's retries are the ones that count. */
  client(): CognitoIdentityProviderClient;
  /** Answers the next request(s) for `operation` with the error `type` (`TooManyRequestsException`) instead. */
  failNext(operation: string, type: string, options?: FaultOptions): void;
  resetCounts(): void;
  stop(): Promise<void>;
}

const TEST_POOL: UserPoolDefinition = {
  poolName: 'gatehouse-test',
  clientName: 'gatehouse-test-app',
  pool: { usernameAttributes: ['email'], autoVerifiedAttributes: ['email'] },
  appClient: { generateSecret: false },
};

/**
 * The triggers cognito-local invokes itself; PreAuthentication and UserMigration are the gaps' (see
 * gaps/pre-authentication.ts, gaps/user-migration.ts).
 */
const COGNITO_LOCAL_TRIGGERS: readonly TriggerName[] = ['PreSignUp', 'PostAuthentication', 'PostConfirmation', 'PreTokenGeneration', 'CustomMessage'];

/** The custom senders, invoked by the gap that encrypts their codes as Cognito does (see gaps/custom-senders.ts). */
const CUSTOM_SENDERS: readonly TriggerName[] = ['CustomEmailSender', 'CustomSMSSender'];

function triggerInvocation(options: CognitoLocalOptions): { invoker: LambdaInvoker | undefined; functions: TriggerFunctions } {
  if (options.lambda && options.triggers) throw new Error('give triggers either in process or through Lambda, not both');
  if (options.lambda) return options.lambda;
  const triggers = options.triggers ?? {};
  const names = Object.keys(triggers) as TriggerName[];
  return {
    invoker: names.length === 0 ? undefined : inProcessInvoker(triggers),
    functions: Object.fromEntries(names.map((name) => [name, name])),
  };
}

/**
 * cognito-local 5.3 as a library, in this process, with the gaps Gatehouse needs filled (each in
 * `gaps/`, with the Cognito behaviour it follows): USER_SRP_AUTH, PreAuthentication on every sign-in
 * attempt, UserMigration after it (and at ForgotPassword), Cognito's answers to wrong passwords and
 * unknown users, AdminResetUserPassword, ResendConfirmationCode, SignUp's ValidationData, the app
 * client's write attributes, the address a confirmed sign-up verifies,
 * PostAuthentication errors that fail the sign-in, and CUSTOM_AUTH with its challenge triggers. It
 * listens on `host:port`, makes sure of the pool and its app client, and records the codes it sends
 * instead of printing them.
 */
export async function startCognitoLocal(options: CognitoLocalOptions = {}): Promise<CognitoLocalHandle> {
  const { invoker, functions } = triggerInvocation(options);
  const senderFunctions: TriggerFunctions = Object.fromEntries(CUSTOM_SENDERS.filter((name) => functions[name] !== undefined).map((name) => [name, functions[name]]));
  const hasSenders = Object.keys(senderFunctions).length > 0;
  if (hasSenders && !options.customSenders) throw new Error('a pool with a custom sender needs customSenders (how its codes are encrypted)');
  const temporary = options.dataDirectory === undefined;
  const dataDirectory = options.dataDirectory ?? mkdtempSync(join(tmpdir(), 'gatehouse-cognito-local-'));
  mkdirSync(dataDirectory, { recursive: true });
  const logger = pino({ level: options.logLevel ?? 'silent' });
  const ctx = { logger };
  const host = options.host ?? '127.0.0.1';
  // The tokens' issuer is this server, known once it listens (tokens are only made after that).
  const tokenConfig = { IssuerDomain: '' };
  const config: Config = {
    ...DefaultConfig,
    TokenConfig: tokenConfig,
    ServerConfig: { hostname: host, port: options.port ?? 0, development: false, https: false },
  };

  const deliveries: CodeDelivery[] = [];
  const clock = options.clock ?? new DateClock();
  const dataStores = new StormDBDataStoreFactory(dataDirectory);
  const cognito = await new CognitoServiceFactoryImpl(dataDirectory, dataStores, new UserPoolServiceFactoryImpl(clock, dataStores)).create(
    ctx,
    config.UserPoolDefaults,
  );

  const validationData = new SignUpValidationData();
  const lambdaConfig = Object.fromEntries(COGNITO_LOCAL_TRIGGERS.filter((name) => functions[name] !== undefined).map((name) => [name, name]));
  const noInvoker: LambdaInvoker = { invoke: () => Promise.reject(new Error('no trigger is configured')) };
  const lambda = new LambdaService(lambdaConfig, cognitoLocalLambdaClient(invoker ?? noInvoker, functions, validationData.fill));
  const triggers = withFailingPostAuthentication(new TriggersService(clock, cognito, lambda, new CryptoService(config.KMSConfig)), lambda);
  const poolMessages = new MessagesService(triggers, new MessageDeliveryService(recordingSender(deliveries, options.onDelivery)));
  const senders =
    hasSenders && options.customSenders
      ? new CustomSenderMessages(poolMessages, { ...options.customSenders, invoker: invoker ?? noInvoker, functions: senderFunctions })
      : undefined;
  const services: Services = {
    clock,
    cognito,
    config,
    messages: senders ?? poolMessages,
    otp,
    tokenGenerator: new PreTokenGenerationTokens(clock, cognito, tokenConfig, { invoker, functions, version: options.preTokenGenerationVersion ?? 'V1_0' }),
    triggers,
  };

  const routes = Router(services);
  const initiateAuth = routes('InitiateAuth');
  const respondToAuthChallenge = routes('RespondToAuthChallenge');
  const preAuthentication = new PreAuthentication(invoker, functions);
  const srp = new UserSrpAuth(services, preAuthentication, initiateAuth);
  const migration = new UserMigration(services, invoker, functions);
  const passwordAuth = userPasswordAuth(services, preAuthentication, migration, initiateAuth);
  const customAuth = new CustomAuth(services, invoker, functions, options.pool?.appClient.authSessionValidity);
  const gaps: Record<string, Route> = {
    AdminResetUserPassword: adminResetUserPassword(services),
    ConfirmSignUp: confirmSignUpVerifies(services, routes('ConfirmSignUp')),
    ForgotPassword: migration.forgotPassword(routes('ForgotPassword')),
    InitiateAuth: (requestCtx, req: { AuthFlow?: string }) => {
      if (req.AuthFlow === 'USER_SRP_AUTH') return srp.initiate(requestCtx, req);
      if (req.AuthFlow === 'USER_PASSWORD_AUTH') return passwordAuth(requestCtx, req);
      if (req.AuthFlow === 'CUSTOM_AUTH') return customAuth.initiate(requestCtx, req);
      return initiateAuth(requestCtx, req);
    },
    ResendConfirmationCode: resendConfirmationCode(services),
    RespondToAuthChallenge: (requestCtx, req: { ChallengeName?: string }) => {
      if (req.ChallengeName === 'PASSWORD_VERIFIER') return srp.respond(requestCtx, req);
      if (req.ChallengeName === 'CUSTOM_CHALLENGE') return customAuth.respond(requestCtx, req);
      return respondToAuthChallenge(requestCtx, req);
    },
    SignUp: validationData.around(clientWriteAttributes(services, routes('SignUp'))),
    UpdateUserAttributes: clientWriteAttributes(services, routes('UpdateUserAttributes')),
  };
  const { application } = createCognitoServer((target) => gaps[target] ?? routes(target), logger, config.ServerConfig, services);

  const faults = new FaultInjector();
  const server: Server = createServer(faults.around(application as Parameters<FaultInjector['around']>[0]));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const endpoint = `http://${host}:${(server.address() as AddressInfo).port}`;
  tokenConfig.IssuerDomain = endpoint;

  const clients: CognitoIdentityProviderClient[] = [];
  const client = () => {
    const made = new CognitoIdentityProviderClient({
      endpoint,
      maxAttempts: 1,
      region: 'local',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    clients.push(made);
    return made;
  };
  const sendersSettled = async () => senders?.settled();
  const stop = async () => {
    senders?.abandon();
    for (const each of clients) each.destroy();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    if (temporary) rmSync(dataDirectory, { recursive: true, force: true });
  };

  let pool;
  try {
    pool = await ensureUserPool(client(), options.pool ?? TEST_POOL);
  } catch (error) {
    await stop();
    throw error;
  }
  faults.requests.clear();

  return {
    endpoint,
    ...pool,
    requests: faults.requests,
    deliveries,
    sendersSettled,
    client,
    failNext: (operation, type, faultOptions) => faults.failNext(operation, type, faultOptions),
    resetCounts: () => faults.requests.clear(),
    stop,
  };
}
