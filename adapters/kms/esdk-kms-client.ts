import {
  DecryptCommand,
  EncryptCommand,
  GenerateDataKeyCommand,
  type DecryptCommandInput,
  type EncryptCommandInput,
  type GenerateDataKeyCommandInput,
  type KMSClient,
} from '@aws-sdk/client-kms';
import type { KmsKeyringNodeInput } from '@aws-crypto/client-node';

/**
 * What the Encryption SDK's KMS keyring calls (`decrypt`, `encrypt`, `generateDataKey` in the
 * aggregated client's style) over a modular KMS client, so a bundle carries only those commands.
 * `onError` sees each KMS failure: the keyring swallows them to try other keys.
 */
export function esdkKmsClient(kms: KMSClient, onError: (error: unknown) => void = () => undefined): NonNullable<KmsKeyringNodeInput['clientProvider']> {
  const send = async <T>(request: Promise<T>): Promise<T> => {
    try {
      return await request;
    } catch (error) {
      onError(error);
      throw error;
    }
  };
  const client = {
    decrypt: (input: DecryptCommandInput) => send(kms.send(new DecryptCommand(input))),
    encrypt: (input: EncryptCommandInput) => send(kms.send(new EncryptCommand(input))),
    generateDataKey: (input: GenerateDataKeyCommandInput) => send(kms.send(new GenerateDataKeyCommand(input))),
  };
  // The keyring's types follow the aggregated client's; these methods take and return the same shapes.
  return (() => client) as unknown as NonNullable<KmsKeyringNodeInput['clientProvider']>;
}
