/**
 * The built trigger bundles behind the sandbox's Lambda Invoke endpoint, each in its own process with
 * the environment infra renders: invoked over HTTP, by an AWS SDK v2 Lambda client, and by the
 * LambdaService cognito-local calls its triggers through.
 */
import Lambda from 'aws-sdk/clients/lambda';
import { expect } from 'chai';
import { LambdaService } from 'cognito-local/lib/services/lambda';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { parseStackConfig } from '../../../infra/config';
import { functionEnvironment } from '../../../infra/function-environment';
import { FunctionHost } from '../../../sandbox/lambda/function-host';
import type { LogLine } from '../../../sandbox/lambda/function-process';
import { startLambdaEndpoint, type LambdaEndpoint } from '../../../sandbox/lambda/lambda-endpoint';
import { triggerFunctions } from '../../../sandbox/lambda/trigger-functions';
import { preSignUpEvent } from '../../support/cognito-events';
import { eventually, writeFixtures } from './fixture-bundles';

// The AWS SDK v2 prints an end-of-support notice on the next tick unless told not to.
process.env['AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE'] ??= '1';

const PREFIX = 'gatehouse-sandbox';
const PRE_SIGN_UP = `${PREFIX}-pre-sign-up`;
const BLOCKED = 'Addresses of this email domain cannot be used to sign up';

describe('sandbox/lambda/lambda-endpoint: the built bundles behind the Lambda Invoke API', function () {
  const config = parseStackConfig({ signUp: { blockedDomains: ['blocked.example.com'] } });
  const logs: LogLine[] = [];
  let anyService: Server;
  let ssmCalls = 0;
  let host: FunctionHost;
  let lambda: LambdaEndpoint;
  let environment: Record<string, string>;

  const invocations = (name: string) => `${lambda.endpoint}/2015-03-31/functions/${encodeURIComponent(name)}/invocations`;
  const post = (name: string, body: string, headers: Record<string, string> = {}) =>
    fetch(invocations(name), { method: 'POST', body, headers });

  before(async () => {
    anyService = createServer((request, response) => {
      if (request.headers['x-amz-target'] === 'AmazonSSM.GetParameter') ssmCalls += 1;
      request.resume();
      response.statusCode = 500;
      response.end();
    });
    await new Promise<void>((resolve) => anyService.listen(0, '127.0.0.1', resolve));
    const servicesAt = `http://127.0.0.1:${(anyService.address() as AddressInfo).port}`;
    // What the sandbox gives every function: infra's environment, a region, credentials of its own and
    // its stand-ins' endpoints (here one that answers every call with an error: nothing leaves 127.0.0.1).
    environment = {
      ...functionEnvironment(config, { tableName: 'gatehouse-sandbox', accountKeyParameter: '/gatehouse-sandbox/account-key' }),
      AWS_REGION: 'eu-west-1',
      AWS_ACCESS_KEY_ID: 'sandbox',
      AWS_SECRET_ACCESS_KEY: 'sandbox',
      AWS_ENDPOINT_URL: servicesAt,
      AWS_ENDPOINT_URL_DYNAMODB: servicesAt,
      AWS_ENDPOINT_URL_SSM: servicesAt,
    };
    host = await FunctionHost.start({
      functions: triggerFunctions({ config, prefix: PREFIX, environment }),
      onLog: (line) => logs.push(line),
    });
    lambda = await startLambdaEndpoint({ host, port: 0, region: 'eu-west-1' });
  });
  after(async () => {
    await lambda?.stop();
    await host?.stop();
    anyService.closeAllConnections();
    await new Promise<void>((resolve) => anyService.close(() => resolve()));
  });

  it('runs every trigger infra provisions, each loaded in a process of its own with the endpoints it is given', async () => {
    expect(host.initFailures).to.deep.equal([]);
    expect(host.functionNames).to.have.members([
      `${PREFIX}-pre-authentication`,
      `${PREFIX}-post-authentication`,
      `${PREFIX}-post-confirmation`,
      PRE_SIGN_UP,
    ]);
    expect(new Set(Object.values(host.pids()))).to.have.property('size', 4);
    // The cold starts of the three triggers that read the account key asked the SSM endpoint given.
    await eventually('the warm-ups to read the account key', () => ssmCalls >= 3);
  });

  describe('POST /2015-03-31/functions/{name}/invocations', () => {
    it('answers 200 with the handler result: pre-sign-up returns the event', async () => {
      const event = preSignUpEvent('PreSignUp_SignUp', 'jane@example.com');
      const response = await post(PRE_SIGN_UP, JSON.stringify(event));
      expect(response.status).to.equal(200);
      expect(response.headers.get('x-amz-function-error')).to.equal(null);
      expect(response.headers.get('x-amz-executed-version')).to.equal('$LATEST');
      expect(response.headers.get('content-type')).to.equal('application/json');
      expect(await response.json()).to.deep.equal(event);
    });

    it('answers a refused sign-up with 200, X-Amz-Function-Error: Unhandled and the user-facing message', async () => {
      const response = await post(PRE_SIGN_UP, JSON.stringify(preSignUpEvent('PreSignUp_SignUp', 'jane@blocked.example.com')));
      expect(response.status).to.equal(200);
      expect(response.headers.get('x-amz-function-error')).to.equal('Unhandled');
      expect(await response.json()).to.deep.equal({ errorType: 'Error', errorMessage: BLOCKED, trace: [] });
    });

    it('forwards the function log lines with its name: Powertools JSON with the Lambda context', async () => {
      logs.length = 0;
      await post(PRE_SIGN_UP, JSON.stringify(preSignUpEvent('PreSignUp_AdminCreateUser', 'ops@example.com')));
      const flow = await eventually('the flow line', () =>
        logs.find((line) => line.line.includes('"message":"flow"') && line.line.includes('PreSignUp_AdminCreateUser')),
      );
      expect(flow.functionName).to.equal(PRE_SIGN_UP);
      expect(JSON.parse(flow.line)).to.deep.include({
        service: 'gatehouse',
        function_name: PRE_SIGN_UP,
        function_arn: `arn:aws:lambda:eu-west-1:000000000000:function:${PRE_SIGN_UP}`,
        function_memory_size: String(config.functions.memoryMb),
        result: 'accepted',
      });
    });

    it('gives the bundle the environment it is given: without the blocked domain, the same sign-up passes', async () => {
      const open = await FunctionHost.start({
        functions: triggerFunctions({ config, prefix: PREFIX, environment: { ...environment, SIGN_UP_BLOCKED_DOMAINS: '' } }).filter(
          (fn) => fn.name === PRE_SIGN_UP,
        ),
      });
      try {
        const event = preSignUpEvent('PreSignUp_SignUp', 'jane@blocked.example.com');
        expect(await open.invoke(PRE_SIGN_UP, event)).to.deep.equal({ result: event });
        expect(await host.invoke(PRE_SIGN_UP, event)).to.deep.equal({ error: { errorType: 'Error', errorMessage: BLOCKED } });
      } finally {
        await open.stop();
      }
    });

    it('finds a function by its ARN, partial ARN or $LATEST, and no other version', async () => {
      const event = preSignUpEvent('PreSignUp_SignUp', 'jane@example.com');
      for (const name of [
        `arn:aws:lambda:eu-west-1:000000000000:function:${PRE_SIGN_UP}`,
        `000000000000:function:${PRE_SIGN_UP}`,
        `${PRE_SIGN_UP}:$LATEST`,
      ]) {
        expect((await post(name, JSON.stringify(event))).status, name).to.equal(200);
      }
      const versioned = await post(`${PRE_SIGN_UP}:7`, JSON.stringify(event));
      expect(versioned.status).to.equal(404);
      expect(await versioned.json()).to.deep.equal({
        Type: 'User',
        Message: `Function not found: arn:aws:lambda:eu-west-1:000000000000:function:${PRE_SIGN_UP}:7`,
      });
    });

    it('answers an unknown function with 404 ResourceNotFoundException, as Lambda does', async () => {
      const response = await post(`${PREFIX}-nope`, '{}');
      expect(response.status).to.equal(404);
      expect(response.headers.get('x-amzn-errortype')).to.equal('ResourceNotFoundException');
      expect(await response.json()).to.deep.equal({
        Type: 'User',
        Message: `Function not found: arn:aws:lambda:eu-west-1:000000000000:function:${PREFIX}-nope`,
      });
    });

    it('answers a body that is not JSON with 400 InvalidRequestContentException', async () => {
      const response = await post(PRE_SIGN_UP, '{not json');
      expect(response.status).to.equal(400);
      expect(response.headers.get('x-amzn-errortype')).to.equal('InvalidRequestContentException');
      expect(((await response.json()) as { Message: string }).Message).to.match(/^Could not parse request body into json/);
    });

    it('answers Event with 202 and runs the function afterwards; DryRun with 204; another path with 404', async () => {
      logs.length = 0;
      const queued = await post(PRE_SIGN_UP, JSON.stringify(preSignUpEvent('PreSignUp_ExternalProvider', 'jane@example.com')), {
        'X-Amz-Invocation-Type': 'Event',
      });
      expect(queued.status).to.equal(202);
      await eventually('the queued invocation to run', () => logs.some((line) => line.line.includes('PreSignUp_ExternalProvider')));
      expect((await post(PRE_SIGN_UP, '{}', { 'X-Amz-Invocation-Type': 'DryRun' })).status).to.equal(204);
      const other = await fetch(`${lambda.endpoint}/2015-03-31/functions`);
      expect(other.status).to.equal(404);
      expect(other.headers.get('x-amzn-errortype')).to.equal('UnknownOperationException');
    });

    it('answers a function that times out as Unhandled Sandbox.Timedout', async () => {
      const fixtures = writeFixtures();
      const slow = await FunctionHost.start({
        functions: [{ name: 'gatehouse-test-hang', bundle: fixtures.bundle('hang'), environment: {}, timeoutSeconds: 0.3 }],
      });
      const endpoint = await startLambdaEndpoint({ host: slow, port: 0 });
      try {
        const response = await fetch(`${endpoint.endpoint}/2015-03-31/functions/gatehouse-test-hang/invocations`, {
          method: 'POST',
          body: JSON.stringify({ hang: true }),
        });
        expect(response.headers.get('x-amz-function-error')).to.equal('Unhandled');
        const body = (await response.json()) as Record<string, unknown>;
        expect(body).to.include({ errorType: 'Sandbox.Timedout' });
        expect(body['errorMessage']).to.match(/Task timed out after 0\.\d\d seconds$/);
      } finally {
        await endpoint.stop();
        await slow.stop();
        fixtures.remove();
      }
    });
  });

  describe('through the AWS SDK v2 Lambda client cognito-local uses', () => {
    const client = () =>
      new Lambda({ endpoint: lambda.endpoint, region: 'eu-west-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxRetries: 0 });

    it('sees the result as the payload of a 200', async () => {
      const event = preSignUpEvent('PreSignUp_SignUp', 'jane@example.com');
      const result = await client().invoke({ FunctionName: PRE_SIGN_UP, Payload: JSON.stringify(event) }).promise();
      expect(result.StatusCode).to.equal(200);
      expect(result.FunctionError).to.equal(undefined);
      expect(result.ExecutedVersion).to.equal('$LATEST');
      expect(JSON.parse(String(result.Payload))).to.deep.equal(event);
    });

    it("sees FunctionError 'Unhandled' and the error payload for a refused sign-up", async () => {
      const event = preSignUpEvent('PreSignUp_SignUp', 'jane@blocked.example.com');
      const result = await client().invoke({ FunctionName: PRE_SIGN_UP, InvocationType: 'RequestResponse', Payload: JSON.stringify(event) }).promise();
      expect(result.StatusCode).to.equal(200);
      expect(result.FunctionError).to.equal('Unhandled');
      expect(JSON.parse(String(result.Payload))).to.deep.equal({ errorType: 'Error', errorMessage: BLOCKED, trace: [] });
    });

    it('gets ResourceNotFoundException (404) for an unknown function', async () => {
      const error = await client().invoke({ FunctionName: `${PREFIX}-nope`, Payload: '{}' }).promise().catch((e: unknown) => e);
      expect(error).to.include({
        code: 'ResourceNotFoundException',
        statusCode: 404,
        message: `Function not found: arn:aws:lambda:eu-west-1:000000000000:function:${PREFIX}-nope`,
      });
    });

    it("gives cognito-local's LambdaService the trigger's response, or its failure as Cognito words it", async () => {
      const service = new LambdaService({ PreSignUp: PRE_SIGN_UP }, client());
      const ctx = { logger: pino({ level: 'silent' }) };
      const signUp = (email: string) =>
        service.invoke(ctx, 'PreSignUp', {
          triggerSource: 'PreSignUp_SignUp',
          userPoolId: 'local_gAtEh0uSe',
          clientId: 'local-client',
          username: 'new-user-0001',
          userAttributes: { email },
          clientMetadata: undefined,
          validationData: undefined,
        });
      expect(await signUp('jane@example.com')).to.deep.equal({ autoConfirmUser: false, autoVerifyEmail: false, autoVerifyPhone: false });
      const error = await signUp('jane@blocked.example.com').catch((e: unknown) => e);
      expect(error).to.include({ code: 'UserLambdaValidationException', message: `${PRE_SIGN_UP} failed with error ${BLOCKED}.` });
    });
  });
});
