import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A text Twilio accepted: the number, the sender (a `From`, or the Messaging Service that picks one) and the body. */
export interface TwilioText {
  /** When it was accepted (epoch milliseconds). */
  readonly at: number;
  readonly to: string;
  /** The `From` parameter; absent when a Messaging Service picks the sender. */
  readonly from?: string;
  readonly messagingServiceSid?: string;
  readonly body: string;
}

/** How the endpoint answers: as Twilio would, never, or with a fixed reply. */
export type TwilioBehaviour =
  | { readonly kind: 'accept' }
  | { readonly kind: 'stall' }
  | {
      readonly kind: 'reply';
      readonly status: number;
      readonly body: string;
      readonly headers?: Readonly<Record<string, string>>;
    };

export interface TwilioAccount {
  readonly accountSid: string;
  readonly authToken: string;
}

const API_VERSION = '2010-04-01';
const MESSAGES_PATH = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/;
const E164 = /^\+[1-9][0-9]{7,14}$/;
const MAX_BODY_CHARACTERS = 1600;

/** Twilio's error answer: its numeric code, a message, where the code is explained, and the HTTP status. */
export function twilioErrorBody(status: number, code: number, message: string): string {
  return JSON.stringify({ code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });
}

class TwilioRefusal extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Twilio's Messages API (`POST /2010-04-01/Accounts/{AccountSid}/Messages.json`) on 127.0.0.1, for one
 * account: HTTP Basic authentication as the account and its auth token (401, error 20003), the
 * form-encoded `To`, `Body` and `From` or `MessagingServiceSid` checked with Twilio's error codes (21604
 * no `To`, 21211 a `To` that is not a number, 21602 no body, 21617 a body over 1,600 characters, 21603
 * no sender), and a 201 answer with the created Message resource: `queued`, or `accepted` when a
 * Messaging Service is to pick the sender. Records every text it accepts; can be told never to answer,
 * or to answer anything.
 */
export class TwilioEndpoint {
  readonly accountSid: string;
  readonly authToken: string;
  private readonly sent: TwilioText[] = [];
  private readonly listeners = new Set<(text: TwilioText) => void>();
  private behaviour: TwilioBehaviour = { kind: 'accept' };
  private received = 0;
  private server?: Server;
  private address?: string;

  constructor(account: Partial<TwilioAccount> = {}) {
    this.accountSid = account.accountSid ?? `AC${randomBytes(16).toString('hex')}`;
    this.authToken = account.authToken ?? randomBytes(16).toString('hex');
  }

  /** Every text accepted so far, oldest first. */
  messages(): TwilioText[] {
    return [...this.sent];
  }

  /** Calls `listener` with each text accepted from now on; returns what stops it. */
  onMessage(listener: (text: TwilioText) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** How the endpoint answers from now on. */
  behave(behaviour: TwilioBehaviour): void {
    this.behaviour = behaviour;
  }

  /** Requests received, answered or not. */
  get requests(): number {
    return this.received;
  }

  clear(): void {
    this.sent.length = 0;
    this.received = 0;
  }

  /** The API's base URL, as `endpoint` of the adapter takes it. */
  get url(): string {
    if (this.address === undefined) throw new Error('the Twilio endpoint is not started');
    return this.address;
  }

  async start(port = 0): Promise<string> {
    this.server = createServer((request, response) => {
      void readBody(request).then((raw) => this.answer(request, raw, response));
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

  private answer(request: IncomingMessage, raw: string, response: ServerResponse): void {
    this.received += 1;
    const behaviour = this.behaviour;
    if (behaviour.kind === 'stall') return;
    if (behaviour.kind === 'reply') {
      response.writeHead(behaviour.status, { 'content-type': 'application/json', ...behaviour.headers });
      response.end(behaviour.body);
      return;
    }
    try {
      const { text, resource } = this.create(request, raw);
      this.sent.push(text);
      for (const listener of this.listeners) {
        try {
          listener(text);
        } catch {
          // A listener's failure is its own; the text was accepted all the same.
        }
      }
      response.writeHead(201, { 'content-type': 'application/json' });
      response.end(JSON.stringify(resource));
    } catch (error) {
      const refusal = error instanceof TwilioRefusal ? error : new TwilioRefusal(500, 20500, 'Internal Server Error');
      response.writeHead(refusal.status, { 'content-type': 'application/json' });
      response.end(twilioErrorBody(refusal.status, refusal.code, refusal.message));
    }
  }

  private create(request: IncomingMessage, raw: string): { text: TwilioText; resource: object } {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    const account = MESSAGES_PATH.exec(path)?.[1];
    if (account === undefined) throw new TwilioRefusal(404, 20404, `The requested resource ${path} was not found`);
    // Twilio authenticates before it looks at the account in the path or the method.
    if (!this.authenticates(request.headers.authorization) || account !== this.accountSid) {
      throw new TwilioRefusal(401, 20003, 'Authenticate');
    }
    if (request.method !== 'POST') throw new TwilioRefusal(405, 20004, 'Method not allowed');

    // Twilio reads only a form: a JSON body leaves every parameter missing.
    const contentType = String(request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
    const form = contentType === 'application/x-www-form-urlencoded' ? new URLSearchParams(raw) : new URLSearchParams();
    const to = form.get('To') ?? '';
    if (to === '') throw new TwilioRefusal(400, 21604, "A 'To' phone number is required.");
    if (!E164.test(to)) throw new TwilioRefusal(400, 21211, `Invalid 'To' Phone Number: ${to}`);
    const from = form.get('From') ?? undefined;
    const messagingServiceSid = form.get('MessagingServiceSid') ?? undefined;
    if (!from && !messagingServiceSid) {
      throw new TwilioRefusal(400, 21603, "A 'From' or 'MessagingServiceSid' parameter is required to send a message.");
    }
    const body = form.get('Body') ?? '';
    if (body === '') throw new TwilioRefusal(400, 21602, 'Message body is required.');
    if ([...body].length > MAX_BODY_CHARACTERS) {
      throw new TwilioRefusal(400, 21617, 'The concatenated message body exceeds the 1600 character limit.');
    }

    const at = Date.now();
    const sid = `SM${randomBytes(16).toString('hex')}`;
    const created = new Date(at).toUTCString().replace('GMT', '+0000');
    const text: TwilioText = {
      at,
      to,
      body,
      ...(from ? { from } : {}),
      ...(messagingServiceSid ? { messagingServiceSid } : {}),
    };
    const resource = {
      sid,
      account_sid: this.accountSid,
      api_version: API_VERSION,
      body,
      date_created: created,
      date_updated: created,
      date_sent: null,
      direction: 'outbound-api',
      error_code: null,
      error_message: null,
      // A Messaging Service assigns the sender after it accepts the message.
      from: from ?? null,
      messaging_service_sid: messagingServiceSid ?? null,
      num_media: '0',
      // GSM-7 assumed: 160 characters in one segment, 153 in each of several.
      num_segments: messagingServiceSid ? '0' : String([...body].length <= 160 ? 1 : Math.ceil([...body].length / 153)),
      price: null,
      price_unit: 'USD',
      status: messagingServiceSid ? 'accepted' : 'queued',
      subresource_uris: { media: `/${API_VERSION}/Accounts/${this.accountSid}/Messages/${sid}/Media.json` },
      to,
      uri: `/${API_VERSION}/Accounts/${this.accountSid}/Messages/${sid}.json`,
    };
    return { text, resource };
  }

  private authenticates(authorization: string | undefined): boolean {
    const encoded = /^Basic ([A-Za-z0-9+/=]+)$/i.exec(authorization ?? '')?.[1];
    if (encoded === undefined) return false;
    return Buffer.from(encoded, 'base64').toString('utf8') === `${this.accountSid}:${this.authToken}`;
  }
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
