import { createCipheriv, createDecipheriv, randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A KMS error as the service answers it (JSON 1.1: `__type`, `message`, HTTP 400). */
class KmsError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

const MAGIC = Buffer.from('GHK1');

/**
 * The KMS JSON API (1.1) for symmetric keys, on 127.0.0.1: `GenerateDataKey`, `Encrypt`, `Decrypt` with
 * encryption contexts, as the AWS Encryption SDK and its KMS keyring use them. Ciphertext blobs are this
 * endpoint's own (the key's ARN, AES-256-GCM with the canonical context as additional data): a blob
 * decrypts only under its key and with its context, as with KMS, and answers KMS's exceptions
 * (`InvalidCiphertextException`, `IncorrectKeyException`, `NotFoundException`) otherwise. Point the
 * SDK at it with `AWS_ENDPOINT_URL_KMS`.
 */
export class KmsEndpoint {
  private readonly keys = new Map<string, Buffer>();
  private server?: Server;
  /** Every call, by operation, for tests that count them. */
  readonly calls: { readonly operation: string; readonly keyId?: string }[] = [];

  constructor(private readonly region = 'eu-west-1', private readonly account = '000000000000') {}

  /** A new symmetric key; its ARN. */
  createKey(): string {
    const arn = `arn:aws:kms:${this.region}:${this.account}:key/${randomUUID()}`;
    this.keys.set(arn, randomBytes(32));
    return arn;
  }

  async start(port = 0): Promise<string> {
    this.server = createServer((request, response) => {
      void readBody(request).then((body) => {
        const operation = String(request.headers['x-amz-target'] ?? '').replace(/^TrentService\./, '');
        let status = 200;
        let payload: object;
        try {
          payload = this.answer(operation, JSON.parse(body || '{}') as Record<string, unknown>);
        } catch (error) {
          status = 400;
          payload = error instanceof KmsError ? { __type: error.type, message: error.message } : { __type: 'KMSInternalException', message: String(error) };
          if (!(error instanceof KmsError)) status = 500;
        }
        response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
        response.end(JSON.stringify(payload));
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(port, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  private answer(operation: string, input: Record<string, unknown>): object {
    const context = canonicalContext(input['EncryptionContext']);
    switch (operation) {
      case 'GenerateDataKey': {
        const arn = this.keyArn(input['KeyId']);
        this.calls.push({ operation, keyId: arn });
        const bytes = input['KeySpec'] === 'AES_128' ? 16 : Number(input['NumberOfBytes'] ?? 32);
        const plaintext = randomBytes(bytes);
        return { KeyId: arn, Plaintext: plaintext.toString('base64'), CiphertextBlob: this.seal(arn, plaintext, context).toString('base64') };
      }
      case 'Encrypt': {
        const arn = this.keyArn(input['KeyId']);
        this.calls.push({ operation, keyId: arn });
        const plaintext = Buffer.from(String(input['Plaintext'] ?? ''), 'base64');
        return { KeyId: arn, CiphertextBlob: this.seal(arn, plaintext, context).toString('base64'), EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' };
      }
      case 'Decrypt': {
        const blob = Buffer.from(String(input['CiphertextBlob'] ?? ''), 'base64');
        const { arn, plaintext } = this.open(blob, context);
        this.calls.push({ operation, keyId: arn });
        if (input['KeyId'] !== undefined && this.keyArn(input['KeyId']) !== arn) {
          throw new KmsError('IncorrectKeyException', 'The key ID in the request does not identify a CMK that can perform this operation.');
        }
        return { KeyId: arn, Plaintext: plaintext.toString('base64'), EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' };
      }
      default:
        throw new KmsError('UnsupportedOperationException', `${operation || '(none)'} is not served here`);
    }
  }

  private keyArn(keyId: unknown): string {
    const id = String(keyId ?? '');
    const arn = [...this.keys.keys()].find((candidate) => candidate === id || candidate.endsWith(`:key/${id}`));
    if (!arn) throw new KmsError('NotFoundException', `Key '${id}' does not exist`);
    return arn;
  }

  private seal(arn: string, plaintext: Buffer, context: Buffer): Buffer {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(arn) as Buffer, iv).setAAD(context);
    const sealed = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    const name = Buffer.from(arn, 'utf8');
    const length = Buffer.alloc(2);
    length.writeUInt16BE(name.length);
    return Buffer.concat([MAGIC, length, name, iv, cipher.getAuthTag(), sealed]);
  }

  private open(blob: Buffer, context: Buffer): { arn: string; plaintext: Buffer } {
    const invalid = () => new KmsError('InvalidCiphertextException', '');
    if (blob.length < MAGIC.length + 2 || !blob.subarray(0, MAGIC.length).equals(MAGIC)) throw invalid();
    const nameLength = blob.readUInt16BE(MAGIC.length);
    const start = MAGIC.length + 2;
    const arn = blob.subarray(start, start + nameLength).toString('utf8');
    const key = this.keys.get(arn);
    if (!key || blob.length < start + nameLength + 28) throw invalid();
    const iv = blob.subarray(start + nameLength, start + nameLength + 12);
    const tag = blob.subarray(start + nameLength + 12, start + nameLength + 28);
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, iv).setAAD(context);
      decipher.setAuthTag(tag);
      return { arn, plaintext: Buffer.concat([decipher.update(blob.subarray(start + nameLength + 28)), decipher.final()]) };
    } catch {
      throw invalid();
    }
  }
}

/** The context as additional data: its pairs sorted by key, so that the order they were sent in does not matter. */
function canonicalContext(context: unknown): Buffer {
  const pairs = Object.entries(typeof context === 'object' && context !== null ? (context as Record<string, unknown>) : {})
    .map(([key, value]) => [key, String(value)])
    .sort(([a], [b]) => ((a as string) < (b as string) ? -1 : 1));
  return Buffer.from(JSON.stringify(pairs), 'utf8');
}

async function readBody(incoming: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of incoming) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
