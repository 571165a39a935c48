import type { Context } from 'cognito-local/lib/services/context';
import type { Messages } from 'cognito-local/lib/services/messages';
import type { DeliveryDetails } from 'cognito-local/lib/services/messageDelivery/messageDelivery';
import { attributesToRecord, type User } from 'cognito-local/lib/services/userPoolService';
import type { LambdaInvoker, TriggerFunctions } from '../lambda';

type MessageSource = Parameters<Messages['deliver']>[1];

/** Cognito's client id in events of admin operations (no app client involved). */
const ADMIN_CLIENT_ID = 'CLIENT_ID_NOT_APPLICABLE';

/** Lambda's waits between the attempts of an asynchronous invocation that failed: 1 minute, then 2. */
export const ASYNC_RETRY_DELAYS_MS: readonly number[] = [60_000, 120_000];

/** A message a custom sender was handed but never delivered: what lands in the on-failure destination on AWS. */
export interface UndeliveredMessage {
  readonly at: number;
  readonly triggerSource: string;
  readonly destination: string;
  /** As Lambda names it in the on-failure record. */
  readonly condition: 'RetriesExhausted' | 'EventAgeExceeded';
  readonly attempts: number;
  /** The function's last error message. */
  readonly error?: string;
}

/** A code the pool handed a custom sender, encrypted; the plaintext stays in the sandbox (its mailbox shows it next to the message). */
export interface HandedCode {
  readonly at: number;
  readonly triggerSource: string;
  readonly medium: 'EMAIL' | 'SMS';
  readonly destination: string;
  readonly code: string;
}

export interface CustomSendersOptions {
  readonly invoker: LambdaInvoker;
  /** `CustomEmailSender` and/or `CustomSMSSender`: a medium without its sender goes the pool's usual way. */
  readonly functions: TriggerFunctions;
  /** Encrypts a code as Cognito does for the pool (an AWS Encryption SDK message under the stack's key, base64). */
  readonly encrypt: (userPoolId: string, code: string) => Promise<string>;
  readonly region: string;
  /** Retries after a function error (the stack's `messages.delivery.retryAttempts`, 0–2). */
  readonly retryAttempts: number;
  /** Events older than this are dropped instead of run (the stack's `messages.delivery.maxEventAgeSeconds`). */
  readonly maxEventAgeMs: number;
  /** Divides Lambda's waits between attempts (the sandbox's time scale). */
  readonly timeScale?: number;
  readonly onHanded?: (code: HandedCode) => void;
  readonly onUndelivered?: (message: UndeliveredMessage) => void;
  readonly now?: () => number;
}

/** Cognito hands custom senders temporary passwords HTML-escaped (and only those). */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/** A wait that never keeps the process alive: a stopped sandbox abandons its retries. */
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/**
 * cognito-local 5.3 encrypts the code for its CustomEmailSender its own way (a key-committing suite,
 * not the one Cognito uses), sends SMS to the email sender too, has no CustomSMSSender, and waits for
 * the function. This replaces its message path for the media whose sender the stack has, as Cognito
 * does it (https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-custom-sender-triggers.html):
 * the code encrypted under the stack's key in an AWS Encryption SDK message whose context names the
 * pool; the event `CustomEmailSender_<source>` / `CustomSMSSender_<source>` (request type
 * `customEmailSenderRequestV1` / `customSMSSenderRequestV1`); the function invoked asynchronously, so
 * the API call answers at once and a failed function is retried as Lambda retries an asynchronous
 * invocation (1 minute, then 2, divided by the time scale; the stack's retry attempts and maximum
 * event age), the message recorded as undelivered when it gives up (on AWS: the on-failure queue).
 * Other media keep the pool's usual path (CustomMessage, then the pool's own delivery).
 */
export class CustomSenderMessages implements Messages {
  private readonly pending = new Set<Promise<void>>();
  private readonly now: () => number;
  private abandoned = false;

  constructor(
    private readonly fallback: Messages,
    private readonly options: CustomSendersOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  async deliver(
    ctx: Context,
    source: MessageSource,
    clientId: string | null,
    userPoolId: string,
    user: User,
    code: string,
    clientMetadata: Record<string, string> | undefined,
    deliveryDetails: DeliveryDetails,
  ): Promise<void> {
    const email = deliveryDetails.DeliveryMedium === 'EMAIL';
    const trigger = email ? 'CustomEmailSender' : 'CustomSMSSender';
    const functionName = this.options.functions[trigger];
    if (functionName === undefined) return this.fallback.deliver(ctx, source, clientId, userPoolId, user, code, clientMetadata, deliveryDetails);

    const triggerSource = `${trigger}_${source}`;
    const encrypted = await this.options.encrypt(userPoolId, source === 'AdminCreateUser' ? escapeHtml(code) : code);
    const event = {
      version: '1',
      triggerSource,
      region: this.options.region,
      userPoolId,
      userName: user.Username,
      callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: clientId ?? ADMIN_CLIENT_ID },
      request: {
        type: email ? 'customEmailSenderRequestV1' : 'customSMSSenderRequestV1',
        code: encrypted,
        clientMetadata: clientMetadata ?? {},
        userAttributes: attributesToRecord(user.Attributes),
      },
      response: {},
    };
    const destination = deliveryDetails.Destination;
    this.options.onHanded?.({ at: this.now(), triggerSource, medium: email ? 'EMAIL' : 'SMS', destination, code });
    const running = this.invokeAsynchronously(functionName, event, { triggerSource, destination });
    this.pending.add(running);
    void running.finally(() => this.pending.delete(running));
  }

  /** Stops retrying: what is still waiting for an attempt is dropped (the sandbox stops). */
  abandon(): void {
    this.abandoned = true;
  }

  /** Resolves once every invocation under way has ended (delivered or given up). */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  private async invokeAsynchronously(functionName: string, event: object, about: { triggerSource: string; destination: string }): Promise<void> {
    const queuedAt = this.now();
    const scale = this.options.timeScale ?? 1;
    let error: string | undefined;
    for (let attempt = 1; attempt <= this.options.retryAttempts + 1; attempt += 1) {
      if (attempt > 1) {
        await sleep((ASYNC_RETRY_DELAYS_MS[attempt - 2] ?? 0) / scale);
        if (this.abandoned) return;
        // The event waited in Lambda's queue all along: past its age it is dropped, not run.
        if ((this.now() - queuedAt) * scale > this.options.maxEventAgeMs) return this.giveUp(about, 'EventAgeExceeded', attempt - 1, error);
      }
      try {
        const outcome = await this.options.invoker.invoke(functionName, event);
        if ('result' in outcome) return;
        error = outcome.error.errorMessage;
      } catch (failure) {
        // Lambda itself did not run the function (a system error): retried the same way here.
        error = failure instanceof Error ? failure.message : String(failure);
      }
    }
    this.giveUp(about, 'RetriesExhausted', this.options.retryAttempts + 1, error);
  }

  private giveUp(about: { triggerSource: string; destination: string }, condition: UndeliveredMessage['condition'], attempts: number, error?: string) {
    this.options.onUndelivered?.({ at: this.now(), ...about, condition, attempts, ...(error === undefined ? {} : { error }) });
  }
}
