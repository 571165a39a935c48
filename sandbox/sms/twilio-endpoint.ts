import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { RecordingEndpoint, type StandInBehaviour } from './recording-endpoint';

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
export type TwilioBehaviour = StandInBehaviour;

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
export class TwilioEndpoint extends RecordingEndpoint<TwilioText> {
  protected readonly provider = 'Twilio';
  readonly accountSid: string;
  readonly authToken: string;

  constructor(account: Partial<TwilioAccount> = {}) {
    super();
    this.accountSid = account.accountSid ?? `AC${randomBytes(16).toString('hex')}`;
    this.authToken = account.authToken ?? randomBytes(16).toString('hex');
  }

  protected answer(request: IncomingMessage, raw: string, response: ServerResponse): void {
    const behaviour = this.behaviour;
    if (behaviour.kind === 'stall') return;
    if (behaviour.kind === 'reply') {
      response.writeHead(behaviour.status, { 'content-type': 'application/json', ...behaviour.headers });
      response.end(behaviour.body);
      return;
    }
    try {
      const { text, resource } = this.create(request, raw);
      this.record(text);
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
