import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How a stand-in answers: as its provider would, never, or with a fixed reply. */
export type StandInBehaviour =
  | { readonly kind: 'accept' }
  | { readonly kind: 'stall' }
  | {
      readonly kind: 'reply';
      readonly status: number;
      readonly body: string;
      readonly headers?: Readonly<Record<string, string>>;
    };

/**
 * What a provider's stand-in on 127.0.0.1 shares, whatever its protocol: it records what it accepts
 * (`M`), tells listeners of it, counts requests, and can be told never to answer or to answer anything.
 * A subclass answers each request in its provider's own terms (`answer`).
 */
export abstract class RecordingEndpoint<M> {
  protected behaviour: StandInBehaviour = { kind: 'accept' };
  private readonly accepted: M[] = [];
  private readonly listeners = new Set<(message: M) => void>();
  private received = 0;
  private server?: Server;
  private address?: string;

  /** Names the stand-in in its errors ("the SNS endpoint is not started"). */
  protected abstract readonly provider: string;

  /** Answers one request, its body read; called only when the behaviour is not `stall`. */
  protected abstract answer(request: IncomingMessage, raw: string, response: ServerResponse): void;

  /** Everything accepted so far, oldest first. */
  messages(): M[] {
    return [...this.accepted];
  }

  /** Calls `listener` with each message accepted from now on; returns what stops it. */
  onMessage(listener: (message: M) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** How the endpoint answers from now on. */
  behave(behaviour: StandInBehaviour): void {
    this.behaviour = behaviour;
  }

  /** Requests received, answered or not. */
  get requests(): number {
    return this.received;
  }

  clear(): void {
    this.accepted.length = 0;
    this.received = 0;
  }

  /** The base URL, as the adapters and the SDK take it. */
  get url(): string {
    if (this.address === undefined) throw new Error(`the ${this.provider} endpoint is not started`);
    return this.address;
  }

  async start(port = 0): Promise<string> {
    this.server = createServer((request, response) => {
      void readBody(request).then((raw) => {
        this.received += 1;
        if (this.behaviour.kind !== 'stall') this.answer(request, raw, response);
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(port, '127.0.0.1', resolve));
    this.address = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.address;
  }

  async stop(): Promise<void> {
    // Stalled requests hold their connections open: close them, or close() would wait for them.
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server = undefined;
    this.address = undefined;
  }

  /** Keeps an accepted message and tells the listeners; a listener's failure is its own. */
  protected record(message: M): void {
    this.accepted.push(message);
    for (const listener of this.listeners) {
      try {
        listener(message);
      } catch {
        // The message was accepted all the same.
      }
    }
  }
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
