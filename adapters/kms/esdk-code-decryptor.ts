import type { KMSClient } from '@aws-sdk/client-kms';
import { buildClient, CommitmentPolicy, KmsKeyringNode } from '@aws-crypto/client-node';
import { CodeRejectedError, type CodeDecryptor } from '../../domain';
import { awsFailure, CODE_FAILURES } from '../aws-errors';
import { esdkKmsClient } from './esdk-kms-client';

/** The encryption context key naming the pool a code was encrypted for (Cognito sets it). */
export const POOL_CONTEXT_KEY = 'userpool-id';
/** Cognito's codes are a few hundred bytes; anything far larger is not one. */
const MAX_ENCODED_LENGTH = 16_384;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * Cognito's messages are format 1, signed, not key-committing (suite 0x0378): decrypting them needs
 * `REQUIRE_ENCRYPT_ALLOW_DECRYPT` (the SDK's default refuses them). One data key per message, as
 * Cognito writes it: more is refused before any KMS call.
 */
const { decrypt } = buildClient({ commitmentPolicy: CommitmentPolicy.REQUIRE_ENCRYPT_ALLOW_DECRYPT, maxEncryptedDataKeys: 1 });

/**
 * The codes Cognito hands custom senders, decrypted with the AWS Encryption SDK through KMS: only under
 * the stack's key (the keyring names it; a data key under any other key is never sent to KMS), and only
 * for the event's pool (the message's encryption context must name it). The keyring swallows KMS's own
 * errors to try other keys, so the last one is remembered here: a code that could not be
 * decrypted because KMS could not answer is unavailable (the asynchronous retry may succeed), anything
 * else is rejected.
 */
export class EsdkCodeDecryptor implements CodeDecryptor {
  constructor(
    private readonly kms: KMSClient,
    private readonly options: { readonly keyArn: string },
  ) {}

  async decrypt(encrypted: string, expected: { readonly poolId: string }): Promise<string> {
    const text = encrypted.trim();
    if (text.length === 0 || text.length > MAX_ENCODED_LENGTH || text.length % 4 !== 0 || !BASE64.test(text)) {
      throw new CodeRejectedError('the code is not base64 of an encrypted message');
    }
    let kmsFailure: unknown;
    const keyring = new KmsKeyringNode({ keyIds: [this.options.keyArn], clientProvider: esdkKmsClient(this.kms, (error) => (kmsFailure = error)) });
    let result;
    try {
      result = await decrypt(keyring, Buffer.from(text, 'base64'));
    } catch (error) {
      if (kmsFailure !== undefined) throw awsFailure('KMS Decrypt', kmsFailure, CODE_FAILURES);
      // The SDK's reason (truncated, a bad signature, no data key under the stack's key) names no secret.
      throw new CodeRejectedError(`the code does not decrypt under the stack's key (${error instanceof Error ? error.message : 'unknown reason'})`, { cause: error });
    }
    const pool = result.messageHeader.encryptionContext[POOL_CONTEXT_KEY];
    if (pool !== expected.poolId) {
      throw new CodeRejectedError(`the code was encrypted for ${pool === undefined ? 'no pool' : `pool ${pool}`}, not for the event's pool ${expected.poolId}`);
    }
    return result.plaintext.toString('utf8');
  }
}
