import { ListTopicsCommand, PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { expect } from 'chai';
import { inspect } from 'node:util';
import { withDeadline } from '../../../adapters/invocation-deadline';
import { createSnsClient } from '../../../adapters/sns/sns-client';
import { SnsTextMessenger } from '../../../adapters/sns/sns-text-messenger';
import { TextRejectedError, TextUnavailableError, type TextMessage } from '../../../domain';
import { SnsEndpoint, snsErrorBody, type SnsText } from '../../../sandbox/sms/sns-endpoint';
import { withEnvironment } from '../../support/lambda-bundle';

const NUMBER = '+447700900123';
const BODY = 'Your Gatehouse code is 482913';
const message: TextMessage = { to: NUMBER, body: BODY };

async function failureOf(work: Promise<unknown>): Promise<Error> {
  const outcome = await work.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!(outcome instanceof Error)) throw new Error('expected the send to fail');
  return outcome;
}

/** Everything an error says, as a log would show it: its text, stack, fields, and the same of every cause. */
function everythingSaidBy(error: unknown): string {
  const parts = [inspect(error, { depth: 10, showHidden: true })];
  for (let current = error, depth = 0; current !== undefined && current !== null && depth < 10; depth += 1) {
    parts.push(String(current));
    if (current instanceof Error) parts.push(current.message, current.stack ?? '');
    try {
      parts.push(JSON.stringify(current));
    } catch {
      parts.push('(not serialisable)');
    }
    current = (current as { cause?: unknown }).cause;
  }
  return parts.join('\n');
}

function expectNothingPrivateIn(error: Error): void {
  const said = everythingSaidBy(error);
  for (const secret of [NUMBER, NUMBER.slice(1), BODY, '482913']) expect(said).not.to.include(secret);
}

function withoutTime({ at: _at, ...text }: SnsText): Omit<SnsText, 'at'> {
  return text;
}

describe('adapters/sns/SnsTextMessenger against the SNS stand-in', () => {
  const endpoint = new SnsEndpoint();
  let restore: () => void;
  let client: SNSClient;

  before(async () => {
    restore = withEnvironment({ AWS_ENDPOINT_URL_SNS: await endpoint.start() });
    client = createSnsClient({ timeoutMs: 2000, maxAttempts: 1 });
  });
  after(async () => {
    client.destroy();
    restore();
    await endpoint.stop();
  });
  beforeEach(() => {
    endpoint.clear();
    endpoint.behave({ kind: 'accept' });
  });

  it('publishes the text straight to the number, as a transactional message', async () => {
    const before = Date.now();
    await new SnsTextMessenger(client).send(message);
    const sent = endpoint.messages();
    expect(sent[0]?.at).to.be.within(before, Date.now());
    expect(sent.map(withoutTime)).to.deep.equal([{ to: NUMBER, body: BODY, attributes: { 'AWS.SNS.SMS.SMSType': 'Transactional' } }]);
  });

  it('names the sender ID and the origination number when configured', async () => {
    await new SnsTextMessenger(client, { senderId: 'Gatehouse', originationNumber: '+447700900999' }).send(message);
    expect(endpoint.messages().map((text) => text.attributes)).to.deep.equal([
      {
        'AWS.SNS.SMS.SMSType': 'Transactional',
        'AWS.SNS.SMS.SenderID': 'Gatehouse',
        'AWS.MM.SMS.OriginationNumber': '+447700900999',
      },
    ]);
  });

  it('keeps text outside ASCII intact', async () => {
    await new SnsTextMessenger(client).send({ to: NUMBER, body: 'Dein Code: 482913 – grüße ✓' });
    expect(endpoint.messages()[0]?.body).to.equal('Dein Code: 482913 – grüße ✓');
  });

  it('tells listeners of each text until they stop listening', async () => {
    const heard: string[] = [];
    const stop = endpoint.onMessage((text) => heard.push(text.body));
    await new SnsTextMessenger(client).send({ to: NUMBER, body: 'first' });
    stop();
    await new SnsTextMessenger(client).send({ to: NUMBER, body: 'second' });
    expect(heard).to.deep.equal(['first']);
    expect(endpoint.messages().map((text) => text.body)).to.deep.equal(['first', 'second']);
  });

  it('refuses a number that is not E.164 without calling SNS', async () => {
    const numbers = ['', '447700900123', '+0447700900123', '+44 7700 900123', '+44-7700-900123', '+1234567', '+1234567890123456', '+44770090012a', `${NUMBER}\n`];
    for (const to of numbers) {
      const error = await failureOf(new SnsTextMessenger(client).send({ to, body: BODY }));
      expect(error, JSON.stringify(to)).to.be.instanceOf(TextRejectedError);
      expect(error.message).to.equal('SNS Publish not sent: the recipient is not an E.164 number');
    }
    expect(endpoint.requests).to.equal(0);
  });

  it('accepts the shortest and the longest E.164 numbers', async () => {
    await new SnsTextMessenger(client).send({ to: '+12345678', body: BODY });
    await new SnsTextMessenger(client).send({ to: '+123456789012345', body: BODY });
    expect(endpoint.messages().map((text) => text.to)).to.deep.equal(['+12345678', '+123456789012345']);
  });

  it('turns the refusal of an empty message into TextRejectedError', async () => {
    const error = await failureOf(new SnsTextMessenger(client).send({ to: NUMBER, body: '' }));
    expect(error).to.be.instanceOf(TextRejectedError);
    expect(error.message).to.equal('SNS Publish failed (InvalidParameterException)');
    expect(endpoint.messages()).to.deep.equal([]);
  });

  describe('construction', () => {
    for (const senderId of ['', 'GatehouseLtd', '12345', 'Gate house', 'Gate-house', 'Gätehouse']) {
      it(`refuses the sender ID ${JSON.stringify(senderId)}`, () => {
        expect(() => new SnsTextMessenger(client, { senderId })).to.throw(RangeError, /senderId/);
      });
    }
    for (const originationNumber of ['', '447700900999', '+44 7700 900999', '+0447700900999']) {
      it(`refuses the origination number ${JSON.stringify(originationNumber)}`, () => {
        expect(() => new SnsTextMessenger(client, { originationNumber })).to.throw(RangeError, /originationNumber/);
      });
    }
    it('accepts a sender ID of one letter, and one of eleven letters and digits', () => {
      expect(() => new SnsTextMessenger(client, { senderId: 'G' })).not.to.throw();
      expect(() => new SnsTextMessenger(client, { senderId: 'Gatehouse24' })).not.to.throw();
    });
  });

  // SNS answered: a refusal no retry changes (a missing permission, an opted-out number, a bad parameter).
  for (const [code, status, name] of [
    ['InvalidParameter', 400, 'InvalidParameterException'],
    ['ParameterValueInvalid', 400, 'InvalidParameterValueException'],
    ['OptedOut', 400, 'OptedOutException'],
    ['AuthorizationError', 403, 'AuthorizationErrorException'],
    ['KMSAccessDenied', 400, 'KMSAccessDeniedException'],
  ] as const) {
    it(`turns ${code} (${status}) into TextRejectedError, naming the call and the error, never the number`, async () => {
      endpoint.behave({
        kind: 'reply',
        status,
        body: snsErrorBody(code, `Invalid parameter: PhoneNumber Reason: ${NUMBER} is not valid to publish to (${BODY})`, 'Sender', 'request-1234'),
        headers: { 'x-amzn-requestid': 'request-1234' },
      });
      const error = await failureOf(new SnsTextMessenger(client).send(message));
      expect(error).to.be.instanceOf(TextRejectedError);
      expect(error.message).to.equal(`SNS Publish failed (${name})`);
      const cause = error.cause as Error & { $metadata?: unknown };
      expect(cause.name).to.equal(name);
      expect(cause.$metadata).to.deep.equal({ httpStatusCode: status, requestId: 'request-1234' });
      expectNothingPrivateIn(error);
    });
  }

  for (const [code, status, name] of [
    ['Throttled', 429, 'ThrottledException'],
    ['Throttling', 400, 'Throttling'],
    ['InternalError', 500, 'InternalErrorException'],
    ['ServiceUnavailable', 503, 'ServiceUnavailable'],
  ] as const) {
    it(`turns ${code} (${status}) into TextUnavailableError, never quoting the number`, async () => {
      endpoint.behave({ kind: 'reply', status, body: snsErrorBody(code, `Rate exceeded for ${NUMBER}`, status >= 500 ? 'Receiver' : 'Sender') });
      const error = await failureOf(new SnsTextMessenger(client).send(message));
      expect(error).to.be.instanceOf(TextUnavailableError);
      expect(error.message).to.equal(`SNS Publish failed (${name})`);
      expectNothingPrivateIn(error);
    });
  }

  it('turns an endpoint that never answers into TextUnavailableError caused by a timeout', async () => {
    endpoint.behave({ kind: 'stall' });
    const impatient = createSnsClient({ timeoutMs: 200, maxAttempts: 1 });
    try {
      const error = await failureOf(new SnsTextMessenger(impatient).send(message));
      expect(error).to.be.instanceOf(TextUnavailableError);
      expect((error.cause as Error).name).to.match(/Timeout/);
      expect(endpoint.requests).to.equal(1);
      expectNothingPrivateIn(error);
    } finally {
      impatient.destroy();
    }
  });

  it("cuts a request short at the invocation's deadline: TextUnavailableError", async () => {
    endpoint.behave({ kind: 'stall' });
    const patient = createSnsClient({ timeoutMs: 60_000, maxAttempts: 1 });
    try {
      const error = await withDeadline(Date.now() + 300, () => failureOf(new SnsTextMessenger(patient).send(message)));
      expect(error).to.be.instanceOf(TextUnavailableError);
      expect((error.cause as Error).name).to.be.oneOf(['AbortError', 'DeadlineExceededError']);
      expectNothingPrivateIn(error);
    } finally {
      patient.destroy();
    }
  });

  it('sends nothing once the invocation has no time left: TextUnavailableError', async () => {
    const error = await withDeadline(Date.now() + 5, async () => {
      await new Promise((resolve) => setTimeout(resolve, 10));
      return failureOf(new SnsTextMessenger(client).send(message));
    });
    expect(error).to.be.instanceOf(TextUnavailableError);
    expect(endpoint.requests).to.equal(0);
  });

  it('turns an unreachable endpoint into TextUnavailableError', async () => {
    const restoreOffline = withEnvironment({ AWS_ENDPOINT_URL_SNS: 'http://127.0.0.1:9' });
    const offline = createSnsClient({ timeoutMs: 1000, maxAttempts: 1 });
    try {
      const error = await failureOf(new SnsTextMessenger(offline).send(message));
      expect(error).to.be.instanceOf(TextUnavailableError);
      expectNothingPrivateIn(error);
    } finally {
      offline.destroy();
      restoreOffline();
    }
  });

  describe('the stand-in', () => {
    it('refuses a number SNS would refuse, quoting it as SNS does (InvalidParameter, 400)', async () => {
      const error = (await failureOf(client.send(new PublishCommand({ PhoneNumber: '+12', Message: BODY })))) as Error & {
        $metadata?: { httpStatusCode?: number };
      };
      expect(error.name).to.equal('InvalidParameterException');
      expect(error.message).to.equal('Invalid parameter: PhoneNumber Reason: +12 is not valid to publish to');
      expect(error.$metadata?.httpStatusCode).to.equal(400);
    });

    it('refuses an SMS type SNS does not know', async () => {
      const error = await failureOf(
        client.send(
          new PublishCommand({
            PhoneNumber: NUMBER,
            Message: BODY,
            MessageAttributes: { 'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Urgent' } },
          }),
        ),
      );
      expect(error.name).to.equal('InvalidParameterValueException');
    });

    it('refuses a message over the 1,600 bytes of one SMS publish', async () => {
      const error = await failureOf(client.send(new PublishCommand({ PhoneNumber: NUMBER, Message: 'x'.repeat(1601) })));
      expect(error.name).to.equal('InvalidParameterException');
      expect(error.message).to.equal('Invalid parameter: Message too long');
    });

    it('refuses every other action with InvalidAction', async () => {
      const error = (await failureOf(client.send(new ListTopicsCommand({})))) as Error & { $metadata?: { httpStatusCode?: number } };
      expect(error.name).to.equal('InvalidAction');
      expect(error.$metadata?.httpStatusCode).to.equal(400);
      expect(endpoint.messages()).to.deep.equal([]);
    });

    it('refuses an unsigned request', async () => {
      const response = await fetch(endpoint.url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ Action: 'Publish', Version: '2010-03-31', PhoneNumber: NUMBER, Message: BODY }).toString(),
      });
      expect(response.status).to.equal(403);
      expect(await response.text()).to.include('<Code>MissingAuthenticationToken</Code>');
      expect(endpoint.messages()).to.deep.equal([]);
    });
  });
});
