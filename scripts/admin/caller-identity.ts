import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { SignatureV4 } from '@smithy/signature-v4';

/** How long STS gets to answer. */
const TIMEOUT_MS = 10_000;

/** SHA-256 (or HMAC-SHA256 with a secret) in the shape the SDK's signer takes. */
export class NodeSha256 {
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

/** An error STS answered with, named by its code (`ExpiredToken`, `InvalidClientTokenId`, …). */
export class StsError extends Error {}

/**
 * Who the operator is to AWS: `sts:GetCallerIdentity`, which every identity may call (it needs no
 * permission), signed with the operator's credentials from the SDK's default chain. The STS query API
 * is called directly with the SDK's own signer: none of the project's clients speaks STS.
 * `AWS_ENDPOINT_URL_STS` points it elsewhere, as it does the SDK's clients.
 */
export async function callerArn(region: string, credentials: AwsCredentialIdentityProvider, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const endpoint = new URL(env.AWS_ENDPOINT_URL_STS ?? `https://sts.${region}.${region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com'}`);
  const body = 'Action=GetCallerIdentity&Version=2011-06-15';
  const signer = new SignatureV4({ service: 'sts', region, credentials, sha256: NodeSha256 });
  const signed = await signer.sign({
    method: 'POST',
    protocol: endpoint.protocol,
    hostname: endpoint.hostname,
    ...(endpoint.port ? { port: Number(endpoint.port) } : {}),
    path: endpoint.pathname || '/',
    query: {},
    headers: { host: endpoint.host, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    body,
  });
  const response = await fetch(endpoint, { method: 'POST', headers: signed.headers, body, signal: AbortSignal.timeout(TIMEOUT_MS) });
  const text = await response.text();
  if (!response.ok) {
    const error = new StsError(`STS GetCallerIdentity failed (${/<Code>([^<]+)<\/Code>/.exec(text)?.[1] ?? `HTTP ${response.status}`})`);
    error.name = /<Code>([^<]+)<\/Code>/.exec(text)?.[1] ?? 'StsError';
    throw error;
  }
  const arn = /<Arn>([^<]+)<\/Arn>/.exec(text)?.[1];
  if (!arn) throw new StsError('STS GetCallerIdentity answered without an ARN');
  return arn;
}
