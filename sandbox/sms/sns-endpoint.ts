import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { RecordingEndpoint, type StandInBehaviour } from './recording-endpoint';

/** A text SNS accepted: the number, the message and its attributes (name → string value). */
export interface SnsText {
  /** When it was accepted (epoch milliseconds). */
  readonly at: number;
  readonly to: string;
  readonly body: string;
  readonly attributes: Readonly<Record<string, string>>;
}

/** How the endpoint answers: as SNS would, never, or with a fixed reply. */
export type SnsBehaviour = StandInBehaviour;

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
export class SnsEndpoint extends RecordingEndpoint<SnsText> {
  protected readonly provider = 'SNS';

  protected answer(request: IncomingMessage, raw: string, response: ServerResponse): void {
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
      this.record(text);
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
