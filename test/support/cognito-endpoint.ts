import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CognitoCall {
  readonly operation: string;
  readonly body: Record<string, unknown>;
}

/**
 * A local endpoint speaking the Cognito Identity Provider JSON protocol for the administrative calls
 * Gatehouse makes (no emulator implements AdminResetUserPassword). It records each call and answers
 * with `{}` or with the error the test asks for.
 */
export class CognitoEndpoint {
  readonly calls: CognitoCall[] = [];
  failWith?: { type: string; status: number };
  private server?: Server;

  async start(): Promise<string> {
    this.server = createServer((request, response) => {
      void readBody(request).then((raw) => {
        const target = String(request.headers['x-amz-target'] ?? '');
        this.calls.push({ operation: target.split('.').pop() ?? target, body: JSON.parse(raw || '{}') });
        response.setHeader('content-type', 'application/x-amz-json-1.1');
        if (this.failWith) {
          response.statusCode = this.failWith.status;
          response.end(JSON.stringify({ __type: this.failWith.type, message: 'refused by the test endpoint' }));
          return;
        }
        response.end('{}');
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
