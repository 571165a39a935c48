import { expect } from 'chai';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createCognitoClient } from '../../adapters/cognito/cognito-client';
import { CognitoUserDirectory } from '../../adapters/cognito/cognito-user-directory';
import { createDynamoDbClient } from '../../adapters/dynamodb/dynamodb-client';
import { DynamoDbAttemptLedger } from '../../adapters/dynamodb/dynamodb-attempt-ledger';
import { DirectoryUnavailableError, StoreUnavailableError } from '../../domain';

/** A service that accepts connections and never answers: only the clients' own timeouts end a call. */
describe('adapters: AWS clients give up on a service that never answers', () => {
  let server: Server;
  let endpoint: string;
  const saved = { ...process.env };

  before(async () => {
    server = createServer(() => undefined);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    process.env.AWS_ENDPOINT_URL_DYNAMODB = endpoint;
    process.env.AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER = endpoint;
  });
  after(async () => {
    process.env.AWS_ENDPOINT_URL_DYNAMODB = saved.AWS_ENDPOINT_URL_DYNAMODB;
    process.env.AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER = saved.AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER;
    if (saved.AWS_ENDPOINT_URL_DYNAMODB === undefined) delete process.env.AWS_ENDPOINT_URL_DYNAMODB;
    if (saved.AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER === undefined) delete process.env.AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('DynamoDB: the ledger fails with StoreUnavailableError caused by a timeout', async () => {
    const client = createDynamoDbClient({ timeoutMs: 200, maxAttempts: 1 });
    const ledger = new DynamoDbAttemptLedger(client, { tableName: 't', retentionSeconds: 60 });
    const error = (await ledger.countAttempt({ key: 'a' }, Date.now(), 900).catch((e: unknown) => e)) as Error;
    client.destroy();
    expect(error).to.be.instanceOf(StoreUnavailableError);
    expect((error.cause as Error).name).to.match(/Timeout/);
  });

  it('Cognito: the directory fails with DirectoryUnavailableError caused by a timeout', async () => {
    const client = createCognitoClient({ timeoutMs: 200, maxAttempts: 1 });
    const error = (await new CognitoUserDirectory(client)
      .requirePasswordReset({ poolId: 'p', username: 'u' })
      .catch((e: unknown) => e)) as Error;
    client.destroy();
    expect(error).to.be.instanceOf(DirectoryUnavailableError);
    expect((error.cause as Error).name).to.match(/Timeout/);
  });
});
