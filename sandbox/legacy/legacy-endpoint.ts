import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyLegacyRequest } from '../../adapters/http/legacy-request-signature';

/** A user of the old system as the stand-in keeps it: the password in clear, which only a stand-in may do. */
export interface LegacyEndpointUser {
  readonly password: string;
  readonly email?: string;
  readonly emailVerified?: boolean;
  readonly attributes?: Readonly<Record<string, string>>;
}

/** What the stand-in saw of one request: the action and the username, never the password. */
export interface LegacyEndpointCall {
  readonly action: string;
  readonly username: string;
  readonly verdict: 'valid' | 'bad-signature' | 'stale';
}

/**
 * The legacy HTTP endpoint of the README's contract, as the old system would run it: it checks the
 * signature and its freshness (401 otherwise), then answers `authenticate` and `lookUp` from the users it
 * is given (usernames compared case-insensitively). `answerWith` makes it answer every request with a
 * status instead (an outage, a refusal); `delayMs` makes it slow.
 */
export class LegacyEndpoint {
  readonly calls: LegacyEndpointCall[] = [];
  answerWith?: { readonly status: number; readonly body?: string };
  delayMs = 0;
  private server?: Server;
  private readonly users = new Map<string, LegacyEndpointUser>();

  constructor(
    readonly secret: string,
    users: Readonly<Record<string, LegacyEndpointUser>> = {},
  ) {
    for (const [username, user] of Object.entries(users)) this.users.set(username.toLowerCase(), user);
  }

  async start(port = 0): Promise<string> {
    this.server = createServer((request, response) => {
      void readBody(request).then(async (body) => {
        if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
        const verdict = verifyLegacyRequest(this.secret, {
          timestamp: header(request, TIMESTAMP_HEADER),
          signature: header(request, SIGNATURE_HEADER),
          body,
        });
        let parsed: { action?: unknown; username?: unknown; password?: unknown } = {};
        try {
          parsed = JSON.parse(body) as typeof parsed;
        } catch {
          // Answered 400 below.
        }
        const username = typeof parsed.username === 'string' ? parsed.username : '';
        this.calls.push({ action: String(parsed.action), username, verdict });
        const answer = (status: number, json?: unknown) => {
          response.statusCode = status;
          response.setHeader('content-type', 'application/json');
          response.end(json === undefined ? '' : JSON.stringify(json));
        };
        if (this.answerWith) {
          response.statusCode = this.answerWith.status;
          response.end(this.answerWith.body ?? '');
          return;
        }
        if (verdict !== 'valid') return answer(401, { error: verdict });
        const user = this.users.get(username.trim().toLowerCase());
        if (parsed.action === 'lookUp') return answer(200, user ? { result: 'found', user: publicView(user) } : { result: 'unknown' });
        if (parsed.action !== 'authenticate' || typeof parsed.password !== 'string') return answer(400, { error: 'bad-request' });
        if (user === undefined) return answer(200, { result: 'unknown' });
        if (user.password !== parsed.password) return answer(200, { result: 'rejected' });
        return answer(200, { result: 'authenticated', user: publicView(user) });
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(port, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/legacy`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

function publicView(user: LegacyEndpointUser) {
  return { ...(user.email ? { email: user.email } : {}), emailVerified: user.emailVerified === true, attributes: user.attributes ?? {} };
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
