import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One message SendGrid accepted (202), as a recipient would see its envelope and parts. */
export interface SendGridMessage {
  /** When it was accepted (epoch milliseconds). */
  readonly at: number;
  readonly to: readonly string[];
  /** `Name <address>` or `address`. */
  readonly from: string;
  readonly replyTo?: string;
  readonly subject: string;
  readonly text?: string;
  readonly html?: string;
  /** The `x-message-id` it was accepted under. */
  readonly messageId: string;
  /** The request's `tracking_settings`, as sent. */
  readonly trackingSettings?: unknown;
}

/** One request as it arrived, whatever was answered. */
export interface SendGridCall {
  readonly method: string;
  readonly path: string;
  readonly authorization?: string;
  readonly contentType: string;
  /** The body parsed as JSON, or the raw text when it is not JSON. */
  readonly body: unknown;
}

/** How the endpoint answers: as SendGrid would, never, or with a fixed reply. */
export type SendGridBehaviour =
  | { readonly kind: 'accept' }
  | { readonly kind: 'stall' }
  | {
      readonly kind: 'reply';
      readonly status: number;
      /** Sent as is when a string, as JSON otherwise. */
      readonly body: string | object;
      readonly headers?: Readonly<Record<string, string>>;
    };

export interface SendGridFieldError {
  readonly message: string;
  readonly field: string | null;
  readonly help: null;
}

export const MAIL_SEND_PATH = '/v3/mail/send';

/** SendGrid's limit on one request, attachments included. */
const MAX_BODY_BYTES = 30 * 1024 * 1024;
/** SendGrid's limit on any address it takes. */
const MAX_ADDRESS_LENGTH = 320;
const ADDRESS = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]+$/;

/** SendGrid's own wording, so that what a test provokes reads like what production would answer. */
const MESSAGES = {
  authorizationRequired: 'authorization required',
  badKey: 'The provided authorization grant is invalid, expired, or revoked',
  notJson: 'Content-Type should be application/json.',
  badJson: 'Bad Request',
  tooLarge: 'content too large',
  noPersonalization: 'You must have at least one personalization.',
  toRequired: 'The to parameter is required for all personalization objects.',
  badTo:
    'The to array must at least have an email parameter with a valid email address and it may also contain a name parameter. e.g. {"email": "example@example.com"} or {"email": "example@example.com", "name": "Example Recipient"}',
  noFrom:
    'The from object must be provided for every email send. It is an object that requires the email parameter, but may also contain a name parameter. e.g. {"email": "example@example.com"} or {"email": "example@example.com", "name": "Example Recipient"}',
  badFrom:
    'The from object must at least have an email parameter with a valid email address and may also contain a name parameter. e.g. {"email": "example@example.com"} or {"email": "example@example.com", "name": "Example Recipient"}',
  badReplyTo:
    'The reply_to object, when used, must at least have an email parameter with a valid email address and it may also contain a name parameter. e.g. {"email": "example@example.com"} or {"email": "example@example.com", "name": "Example Recipient"}',
  noSubject:
    'The subject is required. You can get around this requirement if you use a template with a subject defined or if every personalization has a subject defined.',
  emptySubject: 'The subject of your email must be a string at least one character in length.',
  noContent: 'The content param is required unless you are using a transactional template and have defined a template_ID.',
  emptyContent:
    'There must be at least one defined content block. We typically suggest both text/plain and text/html blocks are included, but only one block is required.',
  badType: 'Your content type must be a string with length of at least one character.',
  badValue: 'The content value must be a string at least one character in length.',
  repeatedType: 'If present, text/plain and text/html may only be provided once.',
  order:
    'Following RFC 1341, section 7.2, if either text/html or text/plain are to be sent in your email: text/plain needs to be first, followed by text/html, followed by any other content.',
} as const;

const TRACKING_FLAGS: Record<string, readonly string[]> = {
  click_tracking: ['enable', 'enable_text'],
  open_tracking: ['enable'],
  subscription_tracking: ['enable'],
  ganalytics: ['enable'],
};

/**
 * A local SendGrid v3 Mail Send endpoint (SendGrid ships no stand-in): `POST /v3/mail/send` with a
 * bearer API key, the request validated as SendGrid does (its status codes, its `{ errors: [{ message,
 * field, help }] }` bodies, its wording), 202 with an `x-message-id` for what it accepts. Every request
 * is recorded; accepted messages are kept and announced to listeners. It can be told never to answer,
 * or to answer with anything (a 429, a 503, a body that is not JSON).
 */
export class SendGridEndpoint {
  readonly calls: SendGridCall[] = [];
  private behaviour: SendGridBehaviour = { kind: 'accept' };
  private readonly accepted: SendGridMessage[] = [];
  private readonly listeners = new Set<(message: SendGridMessage) => void>();
  private server?: Server;
  private origin?: string;

  constructor(readonly apiKey = `SG.${randomBytes(11).toString('base64url')}.${randomBytes(32).toString('base64url')}`) {}

  /** The origin to give the mailer as its endpoint; set once started. */
  get url(): string {
    if (this.origin === undefined) throw new Error('the SendGrid endpoint has not been started');
    return this.origin;
  }

  get requests(): number {
    return this.calls.length;
  }

  async start(port = 0): Promise<string> {
    this.server = createServer((request, response) => {
      void readBody(request).then((raw) => this.answer(request, raw, response));
    });
    await new Promise<void>((resolve) => this.server?.listen(port, '127.0.0.1', resolve));
    this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.origin;
  }

  async stop(): Promise<void> {
    // Stalled requests hold their connections open: close them, or close() would wait for them.
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** How the next requests are answered, until told otherwise. */
  behave(behaviour: SendGridBehaviour): void {
    this.behaviour = behaviour;
  }

  /** Every accepted message, oldest first. */
  messages(): SendGridMessage[] {
    return [...this.accepted];
  }

  /** Forgets the messages and the calls; the behaviour stays. */
  clear(): void {
    this.accepted.length = 0;
    this.calls.length = 0;
  }

  /** Calls `listener` with each message accepted from now on; returns what stops it. */
  onMessage(listener: (message: SendGridMessage) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private answer(request: IncomingMessage, raw: Body, response: ServerResponse): void {
    const contentType = String(request.headers['content-type'] ?? '');
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    const authorization = request.headers.authorization;
    const body = raw.tooLarge ? undefined : parseJson(raw.text);
    this.calls.push({
      method: request.method ?? '',
      path,
      ...(authorization === undefined ? {} : { authorization }),
      contentType,
      body: body === undefined ? raw.text : body.value,
    });

    const behaviour = this.behaviour;
    if (behaviour.kind === 'stall') return;
    if (behaviour.kind === 'reply') {
      response.writeHead(behaviour.status, { 'content-type': 'application/json', ...behaviour.headers });
      response.end(typeof behaviour.body === 'string' ? behaviour.body : JSON.stringify(behaviour.body));
      return;
    }

    if (path !== MAIL_SEND_PATH) return refuse(response, 404, [{ message: 'not found', field: null, help: null }]);
    if (request.method !== 'POST') return refuse(response, 405, [{ message: 'method not allowed', field: null, help: null }]);
    // The key is checked before the body is looked at: without one, nothing about the request is revealed.
    if (authorization === undefined || !/^Bearer /i.test(authorization)) {
      return refuse(response, 401, [{ message: MESSAGES.authorizationRequired, field: null, help: null }]);
    }
    if (authorization.slice('Bearer '.length) !== this.apiKey) {
      return refuse(response, 401, [{ message: MESSAGES.badKey, field: null, help: null }]);
    }
    if (raw.tooLarge) return refuse(response, 413, [{ message: MESSAGES.tooLarge, field: null, help: null }]);
    if (contentType.split(';')[0]?.trim().toLowerCase() !== 'application/json') {
      return refuse(response, 400, [{ message: MESSAGES.notJson, field: null, help: null }]);
    }
    if (body === undefined || !isRecord(body.value)) return refuse(response, 400, [{ message: MESSAGES.badJson, field: null, help: null }]);

    const errors = validate(body.value);
    if (errors.length > 0) return refuse(response, 400, errors);

    const messageId = randomBytes(16).toString('base64url').slice(0, 22);
    const message = accepted(body.value, messageId);
    this.accepted.push(message);
    response.writeHead(202, { 'x-message-id': messageId, 'content-length': '0' });
    response.end();
    for (const listener of this.listeners) {
      try {
        listener(message);
      } catch (error) {
        // A listener's failure is its own: the message was accepted, and the next listener still hears of it.
        process.emitWarning(`a SendGrid endpoint listener failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
}

/** Every problem SendGrid would report for this request, in its words, with the field that caused each. */
export function validate(request: Record<string, unknown>): SendGridFieldError[] {
  const errors: SendGridFieldError[] = [];
  const fail = (field: string | null, message: string) => errors.push({ message, field, help: null });

  const personalizations = request.personalizations;
  let everyOneHasSubject = false;
  if (!Array.isArray(personalizations) || personalizations.length === 0) {
    fail('personalizations', MESSAGES.noPersonalization);
  } else {
    everyOneHasSubject = personalizations.every((p) => isRecord(p) && typeof p.subject === 'string');
    personalizations.forEach((personalization, index) => {
      const to = isRecord(personalization) ? personalization.to : undefined;
      if (to === undefined) fail(`personalizations.${index}.to`, MESSAGES.toRequired);
      else if (!Array.isArray(to) || to.length === 0 || !to.every(isEmailObject)) fail(`personalizations.${index}.to`, MESSAGES.badTo);
    });
  }

  if (request.from === undefined) fail('from', MESSAGES.noFrom);
  else if (!isEmailObject(request.from)) fail('from.email', MESSAGES.badFrom);
  if (request.reply_to !== undefined && !isEmailObject(request.reply_to)) fail('reply_to', MESSAGES.badReplyTo);

  if (request.subject === undefined) {
    if (!everyOneHasSubject) fail('subject', MESSAGES.noSubject);
  } else if (typeof request.subject !== 'string' || request.subject.length === 0) {
    fail('subject', MESSAGES.emptySubject);
  }

  const content = request.content;
  if (content === undefined) fail('content', MESSAGES.noContent);
  else if (!Array.isArray(content) || content.length === 0) fail('content', MESSAGES.emptyContent);
  else validateContent(content, fail);

  if (request.tracking_settings !== undefined) {
    const settings = request.tracking_settings;
    for (const [setting, flags] of Object.entries(TRACKING_FLAGS)) {
      const value = isRecord(settings) ? settings[setting] : undefined;
      if (!isRecord(value)) continue;
      for (const flag of flags) {
        if (value[flag] !== undefined && typeof value[flag] !== 'boolean') {
          fail(`tracking_settings.${setting}.${flag}`, `The ${setting.replace(/_/g, ' ')} ${flag.replace(/_/g, ' ')} param should be a boolean value.`);
        }
      }
    }
  }
  return errors;
}

function validateContent(content: unknown[], fail: (field: string | null, message: string) => void): void {
  const types: string[] = [];
  content.forEach((block, index) => {
    const type = isRecord(block) ? block.type : undefined;
    const value = isRecord(block) ? block.value : undefined;
    if (typeof type !== 'string' || type.length === 0) fail(`content.${index}.type`, MESSAGES.badType);
    else types.push(type.toLowerCase());
    if (typeof value !== 'string' || value.length === 0) fail(`content.${index}.value`, MESSAGES.badValue);
  });
  const count = (wanted: string) => types.filter((type) => type === wanted).length;
  if (count('text/plain') > 1 || count('text/html') > 1) {
    fail('content', MESSAGES.repeatedType);
    return;
  }
  const plain = types.indexOf('text/plain');
  const html = types.indexOf('text/html');
  if ((plain !== -1 && plain !== 0) || (html !== -1 && html !== (plain === -1 ? 0 : 1))) fail('content', MESSAGES.order);
}

function accepted(request: Record<string, unknown>, messageId: string): SendGridMessage {
  const personalizations = request.personalizations as { to: { email: string }[] }[];
  const content = request.content as { type: string; value: string }[];
  const part = (type: string) => content.find((block) => block.type.toLowerCase() === type)?.value;
  const text = part('text/plain');
  const html = part('text/html');
  return {
    at: Date.now(),
    to: personalizations.flatMap((personalization) => personalization.to.map((recipient) => recipient.email)),
    from: mailbox(request.from as EmailObject),
    ...(request.reply_to === undefined ? {} : { replyTo: mailbox(request.reply_to as EmailObject) }),
    subject: typeof request.subject === 'string' ? request.subject : '',
    ...(text === undefined ? {} : { text }),
    ...(html === undefined ? {} : { html }),
    messageId,
    ...(request.tracking_settings === undefined ? {} : { trackingSettings: request.tracking_settings }),
  };
}

interface EmailObject {
  readonly email: string;
  readonly name?: string;
}

function mailbox(object: EmailObject): string {
  return object.name === undefined || object.name === '' ? object.email : `${object.name} <${object.email}>`;
}

function isEmailObject(value: unknown): value is EmailObject {
  if (!isRecord(value) || typeof value.email !== 'string') return false;
  if (value.name !== undefined && typeof value.name !== 'string') return false;
  return value.email.length <= MAX_ADDRESS_LENGTH && ADDRESS.test(value.email);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseJson(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return undefined;
  }
}

function refuse(response: ServerResponse, status: number, errors: readonly SendGridFieldError[]): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify({ errors }));
}

interface Body {
  readonly text: string;
  readonly tooLarge: boolean;
}

async function readBody(request: IncomingMessage): Promise<Body> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    // Past the limit the rest is drained, not kept.
    if (size <= MAX_BODY_BYTES) chunks.push(chunk as Buffer);
  }
  return { text: size > MAX_BODY_BYTES ? '' : Buffer.concat(chunks).toString('utf8'), tooLarge: size > MAX_BODY_BYTES };
}
