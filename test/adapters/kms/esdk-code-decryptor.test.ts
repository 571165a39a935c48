import type { KMSClient } from '@aws-sdk/client-kms';
import { buildClient, CommitmentPolicy, KmsKeyringNode } from '@aws-crypto/client-node';
import { expect } from 'chai';
import { EsdkCodeDecryptor } from '../../../adapters/kms/esdk-code-decryptor';
import { esdkKmsClient } from '../../../adapters/kms/esdk-kms-client';
import { createKmsClient } from '../../../adapters/kms/kms-client';
import { CodeRejectedError, CodeUnavailableError } from '../../../domain';
import { encryptAsCognito } from '../../../sandbox/kms/cognito-codes';
import { KmsEndpoint } from '../../../sandbox/kms/kms-endpoint';
import { withEnvironment } from '../../support/lambda-bundle';

const POOL = 'eu-west-1_Example';

describe('adapters/kms/EsdkCodeDecryptor: codes encrypted as Cognito encrypts them, through a local KMS endpoint', () => {
  const kms = new KmsEndpoint();
  let restore: () => void;
  let client: KMSClient;
  let keyArn: string;
  let otherKeyArn: string;
  let decryptor: EsdkCodeDecryptor;

  before(async () => {
    keyArn = kms.createKey();
    otherKeyArn = kms.createKey();
    restore = withEnvironment({ AWS_ENDPOINT_URL_KMS: await kms.start(), AWS_REGION: 'eu-west-1', AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' });
    client = createKmsClient({ timeoutMs: 1000, maxAttempts: 1 });
    decryptor = new EsdkCodeDecryptor(client, { keyArn });
  });
  after(async () => {
    client.destroy();
    restore();
    await kms.stop();
  });

  it("reads a code back: format 1, suite 0x0378, signed, the pool in the context, one KMS Decrypt", async () => {
    const encrypted = await encryptAsCognito(client, keyArn, POOL, '482916');
    const header = Buffer.from(encrypted, 'base64');
    expect(header[0], 'message format 1').to.equal(0x01);
    expect(header.readUInt16BE(2), 'suite').to.equal(0x0378);
    kms.calls.length = 0;
    expect(await decryptor.decrypt(encrypted, { poolId: POOL })).to.equal('482916');
    expect(kms.calls.map((call) => call.operation)).to.deep.equal(['Decrypt']);
  });

  it('reads a temporary password as it was encrypted, characters outside ASCII included', async () => {
    const password = 'Tëmp&<Pässwörd>1';
    expect(await decryptor.decrypt(await encryptAsCognito(client, keyArn, POOL, password), { poolId: POOL })).to.equal(password);
  });

  it("refuses a code encrypted for another pool, after decrypting it (the context is the message's)", async () => {
    const encrypted = await encryptAsCognito(client, keyArn, 'eu-west-1_Other', '482916');
    const error = await decryptor.decrypt(encrypted, { poolId: POOL }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(CodeRejectedError);
    expect((error as Error).message).to.equal('the code was encrypted for pool eu-west-1_Other, not for the event\'s pool eu-west-1_Example');
  });

  it('refuses a code under another key without asking KMS (the keyring names the stack\'s key only)', async () => {
    const encrypted = await encryptAsCognito(client, otherKeyArn, POOL, '482916');
    kms.calls.length = 0;
    expect(await decryptor.decrypt(encrypted, { poolId: POOL }).catch((e: unknown) => e)).to.be.instanceOf(CodeRejectedError);
    expect(kms.calls).to.deep.equal([]);
  });

  it('refuses what is not base64, an empty code and a truncated message, with no secret in the message', async () => {
    const encrypted = await encryptAsCognito(client, keyArn, POOL, '482916');
    const truncated = Buffer.from(encrypted, 'base64').subarray(0, 200).toString('base64');
    for (const bad of ['not base64!', '', '   ', truncated, Buffer.from('{"code":"482916"}').toString('base64')]) {
      const error = await decryptor.decrypt(bad, { poolId: POOL }).catch((e: unknown) => e);
      expect(error, JSON.stringify(bad)).to.be.instanceOf(CodeRejectedError);
      expect((error as Error).message).not.to.contain('482916');
    }
  });

  it('refuses a message with a tampered body (its signature no longer holds)', async () => {
    const bytes = Buffer.from(await encryptAsCognito(client, keyArn, POOL, '482916'), 'base64');
    bytes[bytes.length - 120] = (bytes[bytes.length - 120] ?? 0) ^ 0xff;
    expect(await decryptor.decrypt(bytes.toString('base64'), { poolId: POOL }).catch((e: unknown) => e)).to.be.instanceOf(CodeRejectedError);
  });

  it('also reads a key-committing message (the policy allows decrypting both)', async () => {
    const keyring = new KmsKeyringNode({ generatorKeyId: keyArn, clientProvider: esdkKmsClient(client) });
    const { result } = await buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT).encrypt(keyring, Buffer.from('111222'), { encryptionContext: { 'userpool-id': POOL } });
    expect(await decryptor.decrypt(result.toString('base64'), { poolId: POOL })).to.equal('111222');
  });

  it('is unavailable, not rejected, when KMS cannot be reached (the asynchronous retry may succeed)', async () => {
    const encrypted = await encryptAsCognito(client, keyArn, POOL, '482916');
    const restoreEndpoint = withEnvironment({ AWS_ENDPOINT_URL_KMS: 'http://127.0.0.1:9' });
    const offline = createKmsClient({ timeoutMs: 300, maxAttempts: 1 });
    const error = await new EsdkCodeDecryptor(offline, { keyArn }).decrypt(encrypted, { poolId: POOL }).catch((e: unknown) => e);
    offline.destroy();
    restoreEndpoint();
    expect(error).to.be.instanceOf(CodeUnavailableError);
  });
});
