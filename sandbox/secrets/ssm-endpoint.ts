import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local endpoint speaking the SSM JSON protocol for `GetParameter` (no local stand-in of Parameter
 * Store exists): it serves the SecureStrings it is given, decrypted only when asked to, answers an
 * unknown name as SSM does (`ParameterNotFound`, 400), and records every call.
 */
export class SsmEndpoint {
  readonly calls: { readonly operation: string; readonly body: Record<string, unknown> }[] = [];
  failWith?: { type: string; status: number };
  private server?: Server;

  constructor(private readonly parameters: Record<string, string>) {}

  async start(port = 0): Promise<string> {
    this.server = createServer((request, response) => {
      void readBody(request).then((raw) => {
        const target = String(request.headers['x-amz-target'] ?? '');
        const body = JSON.parse(raw || '{}') as { Name?: string; WithDecryption?: boolean };
        this.calls.push({ operation: target.split('.').pop() ?? target, body });
        response.setHeader('content-type', 'application/x-amz-json-1.1');
        const fail = (status: number, type: string) => {
          response.statusCode = status;
          response.end(JSON.stringify({ __type: type, message: 'refused by the test endpoint' }));
        };
        if (this.failWith) return fail(this.failWith.status, this.failWith.type);
        const value = body.Name === undefined ? undefined : this.parameters[body.Name];
        if (value === undefined) return fail(400, 'ParameterNotFound');
        response.end(
          JSON.stringify({
            Parameter: {
              Name: body.Name,
              Type: 'SecureString',
              Value: body.WithDecryption ? value : Buffer.from(`encrypted:${value}`).toString('base64'),
              Version: 1,
            },
          }),
        );
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(port, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
