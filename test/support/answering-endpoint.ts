import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { forward, readBody } from './forward';

/**
 * An AWS JSON endpoint that answers every request with the same error, as a service does when it is
 * misconfigured (400 AccessDeniedException) or failing (500 InternalServerError). Counts requests.
 */
export class AnsweringEndpoint {
  requests = 0;
  private server?: Server;

  constructor(
    private readonly status: number,
    private readonly type: string,
  ) {}

  async start(): Promise<string> {
    this.server = createServer((request, response) => {
      this.requests += 1;
      request.resume();
      request.on('end', () => {
        response.statusCode = this.status;
        response.setHeader('content-type', 'application/x-amz-json-1.0');
        response.end(JSON.stringify({ __type: this.type, message: 'answered by the test endpoint' }));
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/**
 * A proxy that holds requests until `size` of them are in flight at once, then forwards them all: a
 * caller that sends its requests one after another never gets an answer (its own timeout ends it),
 * one that sends them side by side does. Proves "one round trip" without timing anything.
 */
export class BarrierProxy {
  private server?: Server;
  private held: (() => void)[] = [];

  constructor(
    private readonly target: string,
    private readonly size: number,
  ) {}

  async start(): Promise<string> {
    this.server = createServer((incoming, response) => {
      void readBody(incoming).then((body) => {
        this.held.push(() => forward(this.target, incoming, body, response));
        if (this.held.length >= this.size) {
          const release = this.held;
          this.held = [];
          release.forEach((go) => go());
        }
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
