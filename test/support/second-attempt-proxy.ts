import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { forward, readBody } from './forward';
import type { AddressInfo } from 'node:net';

/**
 * A service that answers only the second attempt of every request: the first attempt is held without
 * an answer (the client's own timeout ends it), retries are forwarded to the real stand-in behind. The
 * AWS SDK numbers its attempts in the `amz-sdk-request` header (`attempt=1; max=2`).
 */
export class SecondAttemptProxy {
  /** When false, every attempt is forwarded (to warm a cold start up through a healthy service). */
  flaky = true;
  readonly held: string[] = [];
  private server?: Server;
  private readonly waiting = new Set<ServerResponse>();

  constructor(private readonly target: string) {}

  async start(): Promise<string> {
    this.server = createServer((incoming, response) => {
      const attempt = /attempt=(\d+)/.exec(String(incoming.headers['amz-sdk-request'] ?? ''))?.[1];
      if (this.flaky && attempt === '1') {
        this.held.push(String(incoming.headers['x-amz-target'] ?? incoming.url));
        this.waiting.add(response);
        response.on('close', () => this.waiting.delete(response));
        incoming.resume();
        return;
      }
      void this.pass(incoming, response);
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    for (const response of this.waiting) response.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async pass(incoming: IncomingMessage, response: ServerResponse): Promise<void> {
    forward(this.target, incoming, await readBody(incoming), response);
  }
}
