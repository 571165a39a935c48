import { expect } from 'chai';
import { inspect } from 'node:util';
import { DeadlineExceededError, withDeadline } from '../../../adapters/invocation-deadline';
import { TwilioAnswerError, TwilioTextMessenger, type TwilioTextMessengerOptions } from '../../../adapters/twilio/twilio-text-messenger';
import {
  StoreRejectedError,
  StoreUnavailableError,
  TextRejectedError,
  TextUnavailableError,
  type TextMessage,
} from '../../../domain';
import { TwilioEndpoint, twilioErrorBody, type TwilioText } from '../../../sandbox/sms/twilio-endpoint';

const NUMBER = '+447700900123';
const BODY = 'Your Gatehouse code is 482913';
const message: TextMessage = { to: NUMBER, body: BODY };
const SENDER = '+15005550006';
const SERVICE = `MG${'0123456789abcdef'.repeat(2)}`;

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

function withoutTime({ at: _at, ...text }: TwilioText): Omit<TwilioText, 'at'> {
  return text;
}

describe('adapters/twilio/TwilioTextMessenger against the Twilio stand-in', () => {
  const endpoint = new TwilioEndpoint();
  let tokenReads = 0;

  function messengerFor(options: Partial<TwilioTextMessengerOptions> = {}): TwilioTextMessenger {
    return new TwilioTextMessenger({
      accountSid: endpoint.accountSid,
      authToken: async () => {
        tokenReads += 1;
        return endpoint.authToken;
      },
      timeoutMs: 2000,
      endpoint: endpoint.url,
      ...(options.messagingServiceSid === undefined ? { from: SENDER } : {}),
      ...options,
    });
  }

  function expectNothingPrivateIn(error: Error): void {
    const said = everythingSaidBy(error);
    for (const secret of [endpoint.authToken, NUMBER, NUMBER.slice(1), BODY, '482913']) expect(said).not.to.include(secret);
    // Nor the credentials as the header carried them.
    expect(said).not.to.include(Buffer.from(`${endpoint.accountSid}:${endpoint.authToken}`).toString('base64'));
  }

  before(async () => {
    await endpoint.start();
  });
  after(() => endpoint.stop());
  beforeEach(() => {
    endpoint.clear();
    endpoint.behave({ kind: 'accept' });
    tokenReads = 0;
  });

  it('sends the text from the configured number', async () => {
    const before = Date.now();
    await messengerFor().send(message);
    const sent = endpoint.messages();
    expect(sent[0]?.at).to.be.within(before, Date.now());
    expect(sent.map(withoutTime)).to.deep.equal([{ to: NUMBER, from: SENDER, body: BODY }]);
  });

  it('sends through a Messaging Service, without a From, when configured', async () => {
    await messengerFor({ messagingServiceSid: SERVICE }).send(message);
    expect(endpoint.messages().map(withoutTime)).to.deep.equal([{ to: NUMBER, messagingServiceSid: SERVICE, body: BODY }]);
  });

  it('sends from an alphanumeric sender ID or a short code', async () => {
    await messengerFor({ from: 'Gatehouse' }).send(message);
    await messengerFor({ from: '12345' }).send(message);
    expect(endpoint.messages().map((text) => text.from)).to.deep.equal(['Gatehouse', '12345']);
  });

  it('keeps text outside ASCII and reserved form characters intact', async () => {
    const body = 'Dein Code: 482913 – grüße ✓ & more=yes+no %20';
    await messengerFor().send({ to: NUMBER, body });
    expect(endpoint.messages()[0]?.body).to.equal(body);
  });

  it('takes an endpoint with a trailing slash or a path prefix', async () => {
    await messengerFor({ endpoint: `${endpoint.url}/` }).send(message);
    expect(endpoint.messages()).to.have.length(1);
    const error = await failureOf(messengerFor({ endpoint: `${endpoint.url}/prefix` }).send(message));
    // The stand-in serves no prefix: the request went to /prefix/2010-04-01/…, which it does not know.
    expect(error).to.be.instanceOf(TextRejectedError);
    expect(error.message).to.equal('Twilio Messages failed (HTTP 404, Twilio error 20404)');
  });

  it('tells listeners of each text until they stop listening', async () => {
    const heard: string[] = [];
    const stop = endpoint.onMessage((text) => heard.push(text.body));
    await messengerFor().send({ to: NUMBER, body: 'first' });
    stop();
    await messengerFor().send({ to: NUMBER, body: 'second' });
    expect(heard).to.deep.equal(['first']);
    expect(endpoint.messages().map((text) => text.body)).to.deep.equal(['first', 'second']);
  });

  it('refuses a number that is not E.164 without reading the token or calling Twilio', async () => {
    const numbers = ['', '447700900123', '+0447700900123', '+44 7700 900123', '+44-7700-900123', '+1234567', '+1234567890123456', `${NUMBER}\n`];
    for (const to of numbers) {
      const error = await failureOf(messengerFor().send({ to, body: BODY }));
      expect(error, JSON.stringify(to)).to.be.instanceOf(TextRejectedError);
      expect(error.message).to.equal('Twilio Messages not sent: the recipient is not an E.164 number');
    }
    expect(tokenReads).to.equal(0);
    expect(endpoint.requests).to.equal(0);
  });

  describe('construction', () => {
    const hex = '0123456789abcdef'.repeat(2);
    for (const accountSid of ['', 'AC123', `SK${hex}`, `AC${hex.slice(1)}g`, `AC${hex}0`, ` AC${hex}`]) {
      it(`refuses the account SID ${JSON.stringify(accountSid)}`, () => {
        expect(() => messengerFor({ accountSid })).to.throw(RangeError, /accountSid/);
      });
    }
    for (const messagingServiceSid of ['', 'MG123', `AC${hex}`, `MG${hex}0`]) {
      it(`refuses the Messaging Service SID ${JSON.stringify(messagingServiceSid)}`, () => {
        expect(() => messengerFor({ messagingServiceSid })).to.throw(RangeError, /messagingServiceSid/);
      });
    }
    it('refuses both a sender and a Messaging Service, and neither', () => {
      expect(() => messengerFor({ from: SENDER, messagingServiceSid: SERVICE })).to.throw(RangeError, /exactly one/);
      expect(() => messengerFor({ from: undefined })).to.throw(RangeError, /exactly one/);
    });
    for (const from of ['', '447700900999', '+44 7700 900999', 'GatehouseLtd', '12', 'Gäte', 'Gate\nhouse']) {
      it(`refuses the sender ${JSON.stringify(from)}`, () => {
        expect(() => messengerFor({ from })).to.throw(RangeError, /from/);
      });
    }
    for (const endpointUrl of ['http://api.twilio.com', 'ftp://127.0.0.1', 'not a url', 'https://user:pass@api.twilio.com', 'https://api.twilio.com/?x=1']) {
      it(`refuses the endpoint ${endpointUrl}`, () => {
        expect(() => messengerFor({ endpoint: endpointUrl })).to.throw(RangeError, /endpoint/);
      });
    }
    it('accepts https anywhere, and plain http to a loopback address', () => {
      expect(() => messengerFor({ endpoint: 'https://api.twilio.com' })).not.to.throw();
      expect(() => messengerFor({ endpoint: 'http://localhost:8080' })).not.to.throw();
      expect(() => messengerFor({ endpoint: 'http://[::1]:8080' })).not.to.throw();
    });
    it('refuses a timeout too short for any request, and a token that is not read by a function', () => {
      expect(() => messengerFor({ timeoutMs: 0 })).to.throw(RangeError, /timeoutMs/);
      expect(() => messengerFor({ timeoutMs: 10 })).to.throw(RangeError, /timeoutMs/);
      expect(() => messengerFor({ timeoutMs: Number.NaN })).to.throw(RangeError, /timeoutMs/);
      expect(() => messengerFor({ authToken: 'secret' as unknown as () => Promise<string> })).to.throw(TypeError, /authToken/);
    });
  });

  describe('refusals', () => {
    it('turns wrong credentials into TextRejectedError (HTTP 401, Twilio error 20003)', async () => {
      const error = await failureOf(messengerFor({ authToken: async () => 'not-the-token' }).send(message));
      expect(error).to.be.instanceOf(TextRejectedError);
      expect(error.message).to.equal('Twilio Messages failed (HTTP 401, Twilio error 20003)');
      expect(error.cause).to.be.instanceOf(TwilioAnswerError);
      expect(error.cause).to.include({ status: 401, twilioCode: 20003 });
      expect(endpoint.messages()).to.deep.equal([]);
      expectNothingPrivateIn(error);
    });

    it('turns an account that is not the token\'s into TextRejectedError (20003)', async () => {
      const error = await failureOf(messengerFor({ accountSid: `AC${'f'.repeat(32)}` }).send(message));
      expect(error).to.be.instanceOf(TextRejectedError);
      expect(error.message).to.equal('Twilio Messages failed (HTTP 401, Twilio error 20003)');
    });

    it('turns an empty body into TextRejectedError (21602)', async () => {
      const error = await failureOf(messengerFor().send({ to: NUMBER, body: '' }));
      expect(error).to.be.instanceOf(TextRejectedError);
      expect(error.message).to.equal('Twilio Messages failed (HTTP 400, Twilio error 21602)');
    });

    it('turns a body over 1,600 characters into TextRejectedError (21617)', async () => {
      const error = await failureOf(messengerFor().send({ to: NUMBER, body: `${BODY} ${'x'.repeat(1600)}` }));
      expect(error).to.be.instanceOf(TextRejectedError);
      expect(error.message).to.equal('Twilio Messages failed (HTTP 400, Twilio error 21617)');
      expectNothingPrivateIn(error);
    });

    for (const [status, code] of [
      [400, 21211],
      [400, 21610],
      [401, 20003],
      [403, 20008],
      [404, 20404],
    ] as const) {
      it(`turns HTTP ${status} (Twilio error ${code}) into TextRejectedError, never quoting Twilio's message`, async () => {
        endpoint.behave({ kind: 'reply', status, body: twilioErrorBody(status, code, `Invalid 'To' Phone Number: ${NUMBER} (${BODY})`) });
        const error = await failureOf(messengerFor().send(message));
        expect(error).to.be.instanceOf(TextRejectedError);
        expect(error.message).to.equal(`Twilio Messages failed (HTTP ${status}, Twilio error ${code})`);
        expect(error.cause).to.include({ status, twilioCode: code });
        expectNothingPrivateIn(error);
      });
    }

    it('turns a refusal whose body is not Twilio\'s into TextRejectedError naming the status only', async () => {
      endpoint.behave({ kind: 'reply', status: 400, body: `<html>${NUMBER}</html>`, headers: { 'content-type': 'text/html' } });
      const error = await failureOf(messengerFor().send(message));
      expect(error).to.be.instanceOf(TextRejectedError);
      expect(error.message).to.equal('Twilio Messages failed (HTTP 400)');
      expectNothingPrivateIn(error);
    });

    it('follows no redirect (it would carry the credentials away): TextRejectedError', async () => {
      endpoint.behave({ kind: 'reply', status: 307, body: '', headers: { location: `${endpoint.url}/elsewhere` } });
      const error = await failureOf(messengerFor().send(message));
      expect(error).to.be.instanceOf(TextRejectedError);
      expect(error.message).to.equal('Twilio Messages failed (HTTP 307)');
      expect(endpoint.requests).to.equal(1);
    });
  });

  describe('outages', () => {
    for (const [status, code] of [
      [429, 20429],
      [500, 20500],
      [502, undefined],
      [503, 20503],
    ] as const) {
      it(`turns HTTP ${status} into TextUnavailableError`, async () => {
        endpoint.behave({ kind: 'reply', status, body: code === undefined ? 'Bad Gateway' : twilioErrorBody(status, code, `Too many requests for ${NUMBER}`) });
        const error = await failureOf(messengerFor().send(message));
        expect(error).to.be.instanceOf(TextUnavailableError);
        expect(error.message).to.equal(`Twilio Messages failed (HTTP ${status}${code === undefined ? '' : `, Twilio error ${code}`})`);
        expectNothingPrivateIn(error);
      });
    }

    it('turns an endpoint that never answers into TextUnavailableError caused by a timeout', async () => {
      endpoint.behave({ kind: 'stall' });
      const error = await failureOf(messengerFor({ timeoutMs: 200 }).send(message));
      expect(error).to.be.instanceOf(TextUnavailableError);
      expect(error.message).to.equal('Twilio Messages failed (TimeoutError)');
      expect((error.cause as Error).name).to.equal('TimeoutError');
      expect(endpoint.requests).to.equal(1);
      expectNothingPrivateIn(error);
    });

    it("cuts a request short at the invocation's deadline: TextUnavailableError", async () => {
      endpoint.behave({ kind: 'stall' });
      const error = await withDeadline(Date.now() + 300, () => failureOf(messengerFor({ timeoutMs: 60_000 }).send(message)));
      expect(error).to.be.instanceOf(TextUnavailableError);
      expect((error.cause as Error).name).to.be.oneOf(['TimeoutError', 'DeadlineExceededError']);
      expectNothingPrivateIn(error);
    });

    it('sends nothing once the invocation has no time left: TextUnavailableError', async () => {
      const error = await withDeadline(Date.now() + 5, async () => {
        await new Promise((resolve) => setTimeout(resolve, 10));
        return failureOf(messengerFor().send(message));
      });
      expect(error).to.be.instanceOf(TextUnavailableError);
      expect(error.cause).to.be.instanceOf(DeadlineExceededError);
      expect(endpoint.requests).to.equal(0);
    });

    it('turns an unreachable endpoint into TextUnavailableError', async () => {
      const error = await failureOf(messengerFor({ endpoint: 'http://127.0.0.1:9' }).send(message));
      expect(error).to.be.instanceOf(TextUnavailableError);
      expect(error.message).to.match(/^Twilio Messages failed \(network error( [A-Z_]+)?\)$/);
      expectNothingPrivateIn(error);
    });
  });

  describe('the auth token', () => {
    it('sends nothing when the token cannot be read for now: TextUnavailableError, keeping the cause', async () => {
      const outage = new StoreUnavailableError('the parameter store did not answer');
      const error = await failureOf(messengerFor({ authToken: () => Promise.reject(outage) }).send(message));
      expect(error).to.be.instanceOf(TextUnavailableError);
      expect(error.message).to.equal('Twilio auth token could not be read (StoreUnavailableError)');
      expect(error.cause).to.equal(outage);
      expect(endpoint.requests).to.equal(0);
    });

    it('turns a refused read into TextRejectedError, keeping the cause', async () => {
      const refusal = new StoreRejectedError('no permission to read the parameter');
      const error = await failureOf(messengerFor({ authToken: () => Promise.reject(refusal) }).send(message));
      expect(error).to.be.instanceOf(TextRejectedError);
      expect(error.message).to.equal('Twilio auth token could not be read (StoreRejectedError)');
      expect(error.cause).to.equal(refusal);
      expect(endpoint.requests).to.equal(0);
    });

    it('turns an empty token into TextRejectedError', async () => {
      const error = await failureOf(messengerFor({ authToken: async () => '' }).send(message));
      expect(error).to.be.instanceOf(TextRejectedError);
      expect(error.message).to.equal('Twilio auth token is empty');
      expect(endpoint.requests).to.equal(0);
    });
  });

  describe('the stand-in', () => {
    const basic = () => `Basic ${Buffer.from(`${endpoint.accountSid}:${endpoint.authToken}`).toString('base64')}`;
    const messagesUrl = () => `${endpoint.url}/2010-04-01/Accounts/${endpoint.accountSid}/Messages.json`;

    async function post(form: Record<string, string>, headers: Record<string, string> = {}): Promise<{ status: number; body: Record<string, unknown> }> {
      const response = await fetch(messagesUrl(), {
        method: 'POST',
        headers: { authorization: basic(), 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body: new URLSearchParams(form).toString(),
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    }

    it('answers 201 with a queued Message resource', async () => {
      const { status, body } = await post({ To: NUMBER, From: SENDER, Body: BODY });
      expect(status).to.equal(201);
      expect(body).to.include({ account_sid: endpoint.accountSid, to: NUMBER, from: SENDER, body: BODY, status: 'queued', direction: 'outbound-api' });
      expect(body.sid).to.match(/^SM[0-9a-f]{32}$/);
    });

    it('answers a Messaging Service send as accepted, its sender not yet chosen', async () => {
      const { status, body } = await post({ To: NUMBER, MessagingServiceSid: SERVICE, Body: BODY });
      expect(status).to.equal(201);
      expect(body).to.include({ status: 'accepted', from: null, messaging_service_sid: SERVICE });
    });

    for (const [form, code] of [
      [{ From: SENDER, Body: BODY }, 21604],
      [{ To: '07700 900123', From: SENDER, Body: BODY }, 21211],
      [{ To: NUMBER, Body: BODY }, 21603],
      [{ To: NUMBER, From: SENDER }, 21602],
    ] as const) {
      it(`refuses ${Object.keys(form).join(', ')} with Twilio error ${code}`, async () => {
        const { status, body } = await post(form);
        expect(status).to.equal(400);
        expect(body).to.include({ code, status: 400, more_info: `https://www.twilio.com/docs/errors/${code}` });
        expect(endpoint.messages()).to.deep.equal([]);
      });
    }

    it('reads only a form: a JSON body lacks every parameter (21604)', async () => {
      const response = await fetch(messagesUrl(), {
        method: 'POST',
        headers: { authorization: basic(), 'content-type': 'application/json' },
        body: JSON.stringify({ To: NUMBER, From: SENDER, Body: BODY }),
      });
      expect(response.status).to.equal(400);
      expect(await response.json()).to.include({ code: 21604 });
    });

    it('refuses a request without credentials (401, 20003)', async () => {
      const { status, body } = await post({ To: NUMBER, From: SENDER, Body: BODY }, { authorization: '' });
      expect(status).to.equal(401);
      expect(body).to.include({ code: 20003, message: 'Authenticate' });
    });
  });
});
