import { SignatureV4 } from '@smithy/signature-v4';
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local endpoint speaking the STS query protocol for `GetCallerIdentity`: it knows some access keys,
 * checks each request's SigV4 signature (service `sts`, the region it is told) as STS does, and
 * answers with the key's identity, or with STS's errors (`InvalidClientTokenId`, `SignatureDoesNotMatch`).
 */
export class StsEndpoint {
  readonly calls: { readonly action: string; readonly accessKeyId?: string }[] = [];
  private server?: Server;

  constructor(
    private readonly region: string,
    private readonly identities: Record<string, { readonly secretAccessKey: string; readonly arn: string }>,
  ) {}

  async start(): Promise<string> {
    this.server = createServer((request, response) => {
      void readBody(request).then(async (body) => {
        const action = new URLSearchParams(body).get('Action') ?? '';
        const authorization = String(request.headers.authorization ?? '');
        const accessKeyId = /Credential=([^/]+)\//.exec(authorization)?.[1];
        this.calls.push({ action, ...(accessKeyId ? { accessKeyId } : {}) });
        const fail = (code: string) => {
          response.statusCode = 403;
          response.setHeader('content-type', 'text/xml');
          response.end(`<ErrorResponse><Error><Type>Sender</Type><Code>${code}</Code><Message>refused by the test endpoint</Message></Error></ErrorResponse>`);
        };
        const identity = accessKeyId === undefined ? undefined : this.identities[accessKeyId];
        if (!identity || action !== 'GetCallerIdentity') return fail('InvalidClientTokenId');
        if (!(await this.signatureHolds(request, body, accessKeyId as string, identity.secretAccessKey))) return fail('SignatureDoesNotMatch');
        response.setHeader('content-type', 'text/xml');
        response.end(
          `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>` +
            `<Arn>${identity.arn}</Arn><UserId>${accessKeyId}</UserId><Account>000000000000</Account>` +
            `</GetCallerIdentityResult><ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
        );
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** The request signed again with the key's secret, at the time it says it was signed. */
  private async signatureHolds(request: IncomingMessage, body: string, accessKeyId: string, secretAccessKey: string): Promise<boolean> {
    const stamp = String(request.headers['x-amz-date'] ?? '');
    const signingDate = new Date(stamp.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z'));
    if (Number.isNaN(signingDate.getTime())) return false;
    const [hostname, port] = String(request.headers.host).split(':');
    const signer = new SignatureV4({ service: 'sts', region: this.region, credentials: { accessKeyId, secretAccessKey }, sha256: NodeSha256 });
    // The headers the client says it signed, as it sent them.
    const signedHeaders = /SignedHeaders=([^,]+)/.exec(String(request.headers.authorization))?.[1]?.split(';') ?? [];
    const headers = Object.fromEntries(signedHeaders.filter((name) => name !== 'x-amz-date' && name !== 'authorization').map((name) => [name, String(request.headers[name] ?? '')]));
    const expected = await signer.sign(
      {
        method: request.method ?? 'POST',
        protocol: 'http:',
        hostname: hostname ?? '',
        ...(port ? { port: Number(port) } : {}),
        path: request.url ?? '/',
        query: {},
        headers,
        body,
      },
      { signingDate },
    );
    return expected.headers['authorization'] === request.headers.authorization;
  }
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => resolve(body));
  });
}

/** SHA-256 (or HMAC-SHA256 with a secret) in the shape the SDK's signer takes. */
class NodeSha256 {
  private readonly hash: Hash | Hmac;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', toBuffer(secret));
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.hash.update(toBuffer(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
}

function toBuffer(data: string | ArrayBuffer | ArrayBufferView): Buffer {
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(data);
}
