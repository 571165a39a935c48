import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A text SNS accepted: the number, the message and its attributes (name → string value). */
export interface SnsText {
  /** When it was accepted (epoch milliseconds). */
  readonly at: number;
  readonly to: string;
  readonly body: string;
  readonly attributes: Readonly<Record<string, string>>;
}

/** How the endpoint answers: as SNS would, never, or with a fixed reply. */
export type SnsBehaviour =
  | { readonly kind: 'accept' }
  | { readonly kind: 'stall' }
  | {
      readonly kind: 'reply';
      readonly status: number;
      readonly body: string;
      readonly headers?: Readonly<Record<string, string>>;
    };

const VERSION = '2010-03-31';
const NAMESPACE = `http://sns.amazonaws.com/doc/${VERSION}/`;
const E164 = /^\+[1-9][0-9]{7,14}$/;
/** The quota of one SMS publish action; SNS splits anything longer than one SMS into several. */
const MAX_MESSAGE_BYTES = 1600;
const SMS_TYPES = new Set(['Promotional', 'Transactional']);
/** As the SNS console describes it, hyphens included; the adapter holds itself to less. */
const SENDER_ID = /^(?=.*[A-Za-z])[A-Za-z0-9-]{1,11}$/;

/** An SNS error as the query protocol answers it: an XML `ErrorResponse` naming its code. */
class SnsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    readonly type: 'Sender' | 'Receiver' = 'Sender',
  ) {
    super(message);
  }
}

/** The body of an SNS error answer, for `behave({ kind: 'reply', … })`. */
export function snsErrorBody(code: string, message: string, type: 'Sender' | 'Receiver' = 'Sender', requestId: string = randomUUID()): string {
  return (
    `<ErrorResponse xmlns="${NAMESPACE}"><Error><Type>${type}</Type><Code>${escapeXml(code)}</Code>` +
    `<Message>${escapeXml(message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`
  );
}

/**
 * SNS `Publish` to a phone number, on 127.0.0.1, in the protocol `@aws-sdk/client-sns` speaks: AWS
 * query (a form-encoded `Action=Publish&Version=2010-03-31&…` POST, XML answers). It checks the number
 * and the message as SNS does (`InvalidParameter`, HTTP 400, quoting the number as SNS does), the SMS
 * attributes it knows (`ParameterValueInvalid`), refuses other actions (`InvalidAction`) and unsigned
 * requests, and records every text it accepts. It can be told never to answer, or to answer anything.
 * Point the SDK at it with `AWS_ENDPOINT_URL_SNS`; the signature itself is not checked.
 */
export class SnsEndpoint {
  private readonly sent: SnsText[] = [];
  private readonly listeners = new Set<(text: SnsText) => void>();
  private behaviour: SnsBehaviour = { kind: 'accept' };
  private received = 0;
  private server?: Server;
  private address?: string;

  /** Every text accepted so far, oldest first. */
  messages(): SnsText[] {
    return [...this.sent];
  }

  /** Calls `listener` with each text accepted from now on; returns what stops it. */
  onMessage(listener: (text: SnsText) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** How the endpoint answers from now on. */
  behave(behaviour: SnsBehaviour): void {
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

  get url(): string {
    if (this.address === undefined) throw new Error('the SNS endpoint is not started');
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
    const requestId = randomUUID();
    if (behaviour.kind === 'reply') {
      response.writeHead(behaviour.status, { 'content-type': 'text/xml', 'x-amzn-requestid': requestId, ...behaviour.headers });
      response.end(behaviour.body);
      return;
    }
    try {
      const text = this.publish(request, raw);
      this.sent.push(text);
      for (const listener of this.listeners) {
        try {
          listener(text);
        } catch {
          // A listener's failure is its own; the text was accepted all the same.
        }
      }
      response.writeHead(200, { 'content-type': 'text/xml', 'x-amzn-requestid': requestId });
      response.end(
        `<PublishResponse xmlns="${NAMESPACE}"><PublishResult><MessageId>${randomUUID()}</MessageId></PublishResult>` +
          `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></PublishResponse>`,
      );
    } catch (error) {
      const refusal = error instanceof SnsError ? error : new SnsError('InternalError', 'Internal error', 500, 'Receiver');
      response.writeHead(refusal.status, { 'content-type': 'text/xml', 'x-amzn-requestid': requestId });
      response.end(snsErrorBody(refusal.code, refusal.message, refusal.type, requestId));
    }
  }

  private publish(request: IncomingMessage, raw: string): SnsText {
    if (request.method !== 'POST') throw new SnsError('InvalidAction', 'The query protocol takes POST here', 400);
    const contentType = String(request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
    if (contentType !== 'application/x-www-form-urlencoded') {
      throw new SnsError('MalformedQueryString', 'Expected a form-encoded AWS query request');
    }
    if (!String(request.headers.authorization ?? '').startsWith('AWS4-HMAC-SHA256 ')) {
      throw new SnsError('MissingAuthenticationToken', 'Request is missing Authentication Token', 403);
    }
    const form = new URLSearchParams(raw);
    const action = form.get('Action') ?? '';
    if (action !== 'Publish' || form.get('Version') !== VERSION) {
      throw new SnsError('InvalidAction', `Could not find operation ${action || '(none)'} for version ${form.get('Version') ?? '(none)'}`);
    }
    if (form.has('TopicArn') || form.has('TargetArn')) {
      throw new SnsError('InvalidParameter', 'Invalid parameter: TopicArn Reason: this endpoint publishes to phone numbers only');
    }
    const to = form.get('PhoneNumber');
    if (to === null) throw new SnsError('InvalidParameter', 'Invalid parameter: TopicArn or TargetArn Reason: no value for required parameter');
    if (!E164.test(to)) throw new SnsError('InvalidParameter', `Invalid parameter: PhoneNumber Reason: ${to} is not valid to publish to`);
    const body = form.get('Message') ?? '';
    if (body.length === 0) throw new SnsError('InvalidParameter', 'Invalid parameter: Empty message');
    if (Buffer.byteLength(body, 'utf8') > MAX_MESSAGE_BYTES) throw new SnsError('InvalidParameter', 'Invalid parameter: Message too long');
    return { at: Date.now(), to, body, attributes: messageAttributes(form) };
  }
}

/** `MessageAttributes.entry.N.Name` / `.Value.DataType` / `.Value.StringValue`, checked as SNS checks its SMS attributes. */
function messageAttributes(form: URLSearchParams): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (let n = 1; form.has(`MessageAttributes.entry.${n}.Name`); n += 1) {
    const prefix = `MessageAttributes.entry.${n}`;
    const name = form.get(`${prefix}.Name`) ?? '';
    const dataType = form.get(`${prefix}.Value.DataType`) ?? '';
    const value = form.get(`${prefix}.Value.StringValue`);
    if (!/^(String|Number|Binary)(\..+)?$/.test(dataType)) {
      throw new SnsError('ParameterValueInvalid', `The message attribute '${name}' has an invalid message attribute type`);
    }
    if (value === null || value.length === 0) {
      throw new SnsError('ParameterValueInvalid', `The message attribute '${name}' must contain non-empty message attribute value`);
    }
    if (name === 'AWS.SNS.SMS.SMSType' && !SMS_TYPES.has(value)) {
      throw new SnsError('ParameterValueInvalid', `Invalid value for AWS.SNS.SMS.SMSType: ${value}`);
    }
    if (name === 'AWS.SNS.SMS.SenderID' && !SENDER_ID.test(value)) {
      throw new SnsError('ParameterValueInvalid', `Invalid value for AWS.SNS.SMS.SenderID: ${value}`);
    }
    if (name === 'AWS.MM.SMS.OriginationNumber' && !E164.test(value)) {
      throw new SnsError('ParameterValueInvalid', `Invalid value for AWS.MM.SMS.OriginationNumber: ${value}`);
    }
    attributes[name] = value;
  }
  return attributes;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
