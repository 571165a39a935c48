import { expect } from 'chai';
import { createSsmClient } from '../../../adapters/ssm/ssm-client';
import { SsmSecret } from '../../../adapters/ssm/ssm-secret';
import { StoreRejectedError, StoreUnavailableError } from '../../../domain';
import { withEnvironment } from '../../support/lambda-bundle';
import { SsmEndpoint } from '../../../sandbox/secrets/ssm-endpoint';

const NAME = '/gatehouse-test/account-key';

describe('adapters/ssm/SsmSecret against a local SSM endpoint', () => {
  let endpoint: SsmEndpoint;
  let restore: () => void;
  before(async () => {
    endpoint = new SsmEndpoint({ [NAME]: 'the-secret-value' });
    restore = withEnvironment({ AWS_ENDPOINT_URL_SSM: await endpoint.start() });
  });
  after(async () => {
    restore();
    await endpoint.stop();
  });
  beforeEach(() => {
    endpoint.calls.length = 0;
    endpoint.failWith = undefined;
  });

  const client = () => createSsmClient({ timeoutMs: 1000, maxAttempts: 1 });

  it('reads the SecureString decrypted, once per cold start', async () => {
    const secret = new SsmSecret(client(), NAME);
    expect(await secret.value()).to.equal('the-secret-value');
    expect(await secret.value()).to.equal('the-secret-value');
    expect(endpoint.calls).to.deep.equal([{ operation: 'GetParameter', body: { Name: NAME, WithDecryption: true } }]);
  });

  it('shares one read between concurrent callers (a read started at load serves the first invocation)', async () => {
    const secret = new SsmSecret(client(), NAME);
    const values = await Promise.all([secret.value(), secret.value(), secret.value()]);
    expect(values).to.deep.equal(['the-secret-value', 'the-secret-value', 'the-secret-value']);
    expect(endpoint.calls).to.have.length(1);
  });

  it('fails with StoreRejectedError when the parameter does not exist', async () => {
    const error = await new SsmSecret(client(), '/gatehouse-test/missing').value().catch((e: unknown) => e);
    expect(error).to.be.instanceOf(StoreRejectedError);
    expect((error as Error).message).to.match(/^SSM GetParameter \(\/gatehouse-test\/missing\) failed/);
  });

  it('fails with StoreRejectedError when decryption is refused (no kms:Decrypt)', async () => {
    endpoint.failWith = { type: 'AccessDeniedException', status: 400 };
    expect(await new SsmSecret(client(), NAME).value().catch((e: unknown) => e)).to.be.instanceOf(StoreRejectedError);
  });

  it('fails with StoreUnavailableError when SSM cannot answer, and tries again on the next call', async () => {
    endpoint.failWith = { type: 'InternalServerError', status: 500 };
    const secret = new SsmSecret(client(), NAME);
    expect(await secret.value().catch((e: unknown) => e)).to.be.instanceOf(StoreUnavailableError);
    endpoint.failWith = undefined;
    expect(await secret.value()).to.equal('the-secret-value');
  });
});
