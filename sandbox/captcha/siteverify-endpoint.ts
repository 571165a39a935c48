import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type SiteverifyDialect = 'turnstile' | 'recaptcha' | 'hcaptcha';

/** What the provider knows about a token it issued: where and how the widget was solved. */
export interface TokenClaims {
  readonly hostname?: string;
  /** Turnstile, reCAPTCHA v3. */
  readonly action?: string;
  /** reCAPTCHA v3 (likelihood of a person), hCaptcha Enterprise (risk). Absent: a v2 or non-scoring answer. */
  readonly score?: number;
  /** Past its lifetime (two minutes for reCAPTCHA and hCaptcha, five for Turnstile). */
  readonly expired?: boolean;
}

export interface SiteverifyCall {
  readonly method: string;
  readonly path: string;
  readonly contentType: string;
  readonly form: Readonly<Record<string, string>>;
}

/** How the endpoint answers: as the provider would, never, or with a fixed reply. */
export type SiteverifyBehaviour =
  | { readonly kind: 'verify' }
  | { readonly kind: 'stall' }
  | {
      readonly kind: 'reply';
      readonly status: number;
      readonly body: string;
      readonly headers?: Readonly<Record<string, string>>;
    };

export const DEFAULT_HOSTNAME = 'signup.example.com';

const PATHS: Record<SiteverifyDialect, string> = {
  turnstile: '/turnstile/v0/siteverify',
  recaptcha: '/recaptcha/api/siteverify',
  hcaptcha: '/siteverify',
};

/** Each provider's word for a token that was already verified, and for one that outlived its lifetime. */
const SPENT: Record<SiteverifyDialect, string> = {
  turnstile: 'timeout-or-duplicate',
  recaptcha: 'timeout-or-duplicate',
  hcaptcha: 'already-seen-response',
};
const EXPIRED: Record<SiteverifyDialect, string> = {
  turnstile: 'timeout-or-duplicate',
  recaptcha: 'timeout-or-duplicate',
  hcaptcha: 'expired-input-response',
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface Issued {
  readonly claims: TokenClaims;
  /** Set once verified: the idempotency key it was verified under (Turnstile), and the answer given. */
  spent?: { readonly idempotencyKey: string | undefined; readonly answer: object };
}

/**
 * A local siteverify endpoint speaking one provider's protocol (no provider ships a local stand-in): it
 * reads the form-encoded `secret` and `response`, knows the tokens it issued and what each one claims,
 * spends a token on its first verification (a second is refused with the provider's own code, except a
 * Turnstile retry under the same `idempotency_key`, which gets the first answer again), and records every
 * request. It can be told never to answer, or to answer with anything (a 500, a body that is not JSON).
 */
export class SiteverifyEndpoint {
  readonly calls: SiteverifyCall[] = [];
  behaviour: SiteverifyBehaviour = { kind: 'verify' };
  private readonly issued = new Map<string, Issued>();
  private server?: Server;

  constructor(
    readonly dialect: SiteverifyDialect,
    readonly secret = `${dialect}-secret-${randomBytes(8).toString('hex')}`,
  ) {}

  /** A new token the provider vouches for, shaped roughly like the provider's own. */
  issue(claims: TokenClaims = {}): string {
    const token = `${this.dialect === 'hcaptcha' ? 'P1_' : '0.'}${randomBytes(96).toString('base64url')}`;
    this.issued.set(token, { claims });
    return token;
  }

  get requests(): number {
    return this.calls.length;
  }

  async start(port = 0): Promise<string> {
    this.server = createServer((request, response) => {
      void readBody(request).then((raw) => this.answer(request, raw, response));
    });
    await new Promise<void>((resolve) => this.server?.listen(port, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${PATHS[this.dialect]}`;
  }

  async stop(): Promise<void> {
    // Stalled requests hold their connections open: close them, or close() would wait for them.
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private answer(request: IncomingMessage, raw: string, response: ServerResponse): void {
    const contentType = String(request.headers['content-type'] ?? '');
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    const form = Object.fromEntries(new URLSearchParams(raw));
    this.calls.push({ method: request.method ?? '', path, contentType, form });

    const behaviour = this.behaviour;
    if (behaviour.kind === 'stall') return;
    if (behaviour.kind === 'reply') {
      response.writeHead(behaviour.status, { 'content-type': 'application/json', ...behaviour.headers });
      response.end(behaviour.body);
      return;
    }
    if (path !== PATHS[this.dialect]) return reply(response, 404, { message: 'not found' });
    if (request.method !== 'POST') return reply(response, 405, { message: 'method not allowed' });
    reply(response, 200, this.verdictFor(contentType, form));
  }

  private verdictFor(contentType: string, form: Record<string, string>): object {
    const refuse = (code: string) => ({ success: false, 'error-codes': [code] });
    // The adapter sends a form; Turnstile would also read JSON, the others would not.
    if (contentType.split(';')[0]?.trim().toLowerCase() !== 'application/x-www-form-urlencoded') return refuse('bad-request');
    if (!form.secret) return refuse('missing-input-secret');
    if (form.secret !== this.secret) return refuse('invalid-input-secret');
    if (!form.response) return refuse('missing-input-response');
    const key = this.dialect === 'turnstile' ? form.idempotency_key : undefined;
    // Turnstile documents the key as a UUID; this stand-in holds it to that.
    if (key !== undefined && !UUID.test(key)) return refuse('bad-request');
    const issued = this.issued.get(form.response);
    if (issued === undefined) return refuse('invalid-input-response');
    if (issued.claims.expired) return refuse(EXPIRED[this.dialect]);
    if (issued.spent !== undefined) {
      return key !== undefined && key === issued.spent.idempotencyKey ? issued.spent.answer : refuse(SPENT[this.dialect]);
    }
    const answer = this.success(issued.claims);
    issued.spent = { idempotencyKey: key, answer };
    return answer;
  }

  private success(claims: TokenClaims): object {
    const common = { success: true, challenge_ts: new Date().toISOString(), hostname: claims.hostname ?? DEFAULT_HOSTNAME };
    switch (this.dialect) {
      case 'turnstile':
        return { ...common, 'error-codes': [], action: claims.action ?? '', cdata: '' };
      case 'recaptcha':
        // A v3 key answers with score and action; a v2 key with neither.
        return claims.score === undefined && claims.action === undefined
          ? common
          : { ...common, score: claims.score ?? 0.9, action: claims.action ?? '' };
      case 'hcaptcha':
        return { ...common, credit: false, ...(claims.score === undefined ? {} : { score: claims.score, score_reason: [] }) };
    }
  }
}

function reply(response: ServerResponse, status: number, body: object): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
