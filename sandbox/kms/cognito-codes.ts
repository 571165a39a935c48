import { AlgorithmSuiteIdentifier, buildClient, CommitmentPolicy, KmsKeyringNode } from '@aws-crypto/client-node';
import type { KMSClient } from '@aws-sdk/client-kms';
import { POOL_CONTEXT_KEY } from '../../adapters/kms/esdk-code-decryptor';
import { esdkKmsClient } from '../../adapters/kms/esdk-kms-client';

/**
 * Cognito's suite for the codes it hands custom senders: AES-256-GCM, HKDF-SHA384, ECDSA P-384
 * signature, not key-committing (0x0378), in message format 1.
 */
export const COGNITO_CODE_SUITE = AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA384_ECDSA_P384;

/** A non-committing suite can only be written under this policy, which is how Cognito's messages are made. */
const { encrypt } = buildClient(CommitmentPolicy.FORBID_ENCRYPT_ALLOW_DECRYPT);

/**
 * Encrypts a code as Cognito does before invoking a custom sender: an AWS Encryption SDK message with one
 * data key from KMS under the pool's key, suite 0x0378 (which adds `aws-crypto-public-key` to the
 * context), the context naming the pool (`userpool-id`), base64 of the whole.
 */
export async function encryptAsCognito(kms: KMSClient, keyArn: string, poolId: string, code: string): Promise<string> {
  const keyring = new KmsKeyringNode({ generatorKeyId: keyArn, clientProvider: esdkKmsClient(kms) });
  const { result } = await encrypt(keyring, Buffer.from(code, 'utf8'), { suiteId: COGNITO_CODE_SUITE, encryptionContext: { [POOL_CONTEXT_KEY]: poolId } });
  return result.toString('base64');
}
