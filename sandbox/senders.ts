import { KMSClient } from '@aws-sdk/client-kms';
import { stackSecretParameterName } from '../infra/account-key';
import type { StackConfig } from '../infra/config';
import type { SecretConfigKey } from '../infra/config-schema';
import type { HandedCode, UndeliveredMessage } from './cognito/cognito-local';
import { encryptAsCognito } from './kms/cognito-codes';
import { KmsEndpoint } from './kms/kms-endpoint';
import type { MailboxEntry } from './mailbox';
import { SendGridEndpoint } from './sendgrid/sendgrid-endpoint';
import { SnsEndpoint } from './sms/sns-endpoint';
import { TwilioEndpoint } from './sms/twilio-endpoint';

export interface SenderPorts {
  readonly kms: number;
  readonly sns: number;
  readonly twilio: number;
  readonly sendgrid: number;
}

/**
 * The providers a stack's messages go through when they are not the pool's own, on this machine: a
 * KMS endpoint holding the stack's key (the custom senders' codes), SendGrid, SNS and Twilio stand-ins
 * with the secrets the functions read from SSM. Only those the stack uses are started.
 */
export interface SenderStandIns {
  /** SSM parameters (name → value) of the providers' secrets. */
  readonly parameters: Readonly<Record<string, string>>;
  /** The same parameters as infra names them for the functions' environment. */
  readonly secretParameters: Readonly<Partial<Record<SecretConfigKey, string>>>;
  /** The stack's key, when a custom sender needs it. */
  readonly keyArn?: string;
  /** What the functions add to infra's environment to reach the stand-ins. */
  readonly environment: Readonly<Record<string, string>>;
  readonly endpoints: { readonly kms?: string; readonly sns?: string; readonly twilio?: string; readonly sendgrid?: string };
  /** Encrypts a code as Cognito does for the pool, when the stack has a custom sender. */
  readonly encrypt?: (userPoolId: string, code: string) => Promise<string>;
  /** Texts and SendGrid mails, as mailbox entries. */
  entries(): MailboxEntry[];
  stop(): Promise<void>;
}

const LOCAL_CREDENTIALS = { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' };

export async function startSenderStandIns(config: StackConfig, prefix: string, ports: SenderPorts, region: string, account: string): Promise<SenderStandIns> {
  const stops: (() => Promise<void>)[] = [];
  const parameters: Record<string, string> = {};
  const secretParameters: Partial<Record<SecretConfigKey, string>> = {};
  const environment: Record<string, string> = {};
  const endpoints: { kms?: string; sns?: string; twilio?: string; sendgrid?: string } = {};
  const sources: (() => MailboxEntry[])[] = [];
  const stop = async () => {
    for (const each of stops.reverse()) await each().catch(() => undefined);
  };
  const secret = (key: SecretConfigKey & ('sendgridApiKey' | 'twilioAuthToken'), value: string) => {
    const name = stackSecretParameterName(prefix, key);
    parameters[name] = value;
    secretParameters[key] = name;
  };
  try {
    let keyArn: string | undefined;
    let encrypt: SenderStandIns['encrypt'];
    if (config.messages.email === 'custom-sender' || config.messages.sms === 'custom-sender') {
      const kms = new KmsEndpoint(region, account);
      keyArn = kms.createKey();
      endpoints.kms = await kms.start(ports.kms);
      environment['AWS_ENDPOINT_URL_KMS'] = endpoints.kms;
      const client = new KMSClient({ endpoint: endpoints.kms, region, credentials: LOCAL_CREDENTIALS, maxAttempts: 1 });
      stops.push(async () => {
        client.destroy();
        await kms.stop();
      });
      const key = keyArn;
      encrypt = (userPoolId, code) => encryptAsCognito(client, key, userPoolId, code);
    }
    // SendGrid carries all of Gatehouse's mail when the stack chooses it (the welcome mail too).
    if (config.email.provider === 'sendgrid') {
      const sendgrid = new SendGridEndpoint();
      endpoints.sendgrid = await sendgrid.start(ports.sendgrid);
      environment['SENDGRID_ENDPOINT'] = endpoints.sendgrid;
      secret('sendgridApiKey', sendgrid.apiKey);
      stops.push(() => sendgrid.stop());
      sources.push(() =>
        sendgrid.messages().map((mail) => ({ at: mail.at, kind: 'mail', to: mail.to.join(', '), subject: mail.subject, ...(mail.text ? { text: mail.text } : {}) })),
      );
    }
    if (config.messages.sms === 'custom-sender') {
      if (config.sms.provider === 'twilio') {
        const twilio = new TwilioEndpoint(config.sms.twilio ? { accountSid: config.sms.twilio.accountSid } : {});
        endpoints.twilio = await twilio.start(ports.twilio);
        environment['TWILIO_ENDPOINT'] = endpoints.twilio;
        secret('twilioAuthToken', twilio.authToken);
        stops.push(() => twilio.stop());
        sources.push(() => twilio.messages().map((text) => ({ at: text.at, kind: 'text', to: text.to, text: text.body })));
      } else {
        const sns = new SnsEndpoint();
        endpoints.sns = await sns.start(ports.sns);
        environment['AWS_ENDPOINT_URL_SNS'] = endpoints.sns;
        stops.push(() => sns.stop());
        sources.push(() => sns.messages().map((text) => ({ at: text.at, kind: 'text', to: text.to, text: text.body })));
      }
    }
    return {
      parameters,
      secretParameters,
      ...(keyArn ? { keyArn } : {}),
      environment,
      endpoints,
      ...(encrypt ? { encrypt } : {}),
      entries: () => sources.flatMap((source) => source()),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * The sandbox knows each code it handed a custom sender (it encrypted it): a message to the same
 * recipient that carries it shows it, as the pool's own codes are shown. Only a code the message's
 * text really contains is shown, so a sender that lost or garbled it shows none.
 */
export function withHandedCodes(entries: readonly MailboxEntry[], handed: readonly HandedCode[]): MailboxEntry[] {
  return entries.map((entry) => {
    if (entry.code !== undefined || entry.text === undefined) return entry;
    const recipients = entry.to.split(', ');
    // Not by time: the SES stand-in keeps whole seconds, so a mail can read as older than its code.
    const match = [...handed].reverse().find((each) => recipients.includes(each.destination) && entry.text?.includes(each.code));
    return match ? { ...entry, code: match.code } : entry;
  });
}

/** A message a custom sender never delivered, as the mailbox shows it (on AWS it waits in the undelivered-messages queue). */
export function undeliveredEntry(message: UndeliveredMessage): MailboxEntry {
  const attempts = `${message.attempts} attempt${message.attempts === 1 ? '' : 's'}`;
  const why = message.condition === 'EventAgeExceeded' ? `too old to try again after ${attempts}` : `not delivered after ${attempts}`;
  return {
    at: message.at,
    kind: 'undelivered',
    to: message.destination,
    subject: `${message.triggerSource}: ${why}`,
    ...(message.error ? { text: message.error } : {}),
  };
}
