import { incidentFrom, type Incident } from '../model/incident';
import type { CodeMessageName, CodeMessageTemplates } from '../ports/message-templates';

export interface CodeMessageRequest {
  readonly message: CodeMessageName;
  /** What Cognito puts in place of the code (CustomMessage's `codeParameter`, `{####}`). */
  readonly codeParameter?: string;
  /** What Cognito puts in place of the username, for admin-created users (`usernameParameter`). */
  readonly usernameParameter?: string;
  /** The user's `locale` attribute, if any. */
  readonly locale?: string;
  /** How the message greets the user: their `name` or `given_name`, if any. */
  readonly name?: string;
}

export interface PersonalisedMessage {
  readonly emailSubject?: string;
  readonly emailMessage?: string;
  readonly smsMessage?: string;
}

export interface PersonalisationResult {
  /** `default`: Cognito's own message goes out (personalisation off for every channel, or not possible). */
  readonly outcome: 'personalised' | 'default';
  readonly message: PersonalisedMessage;
  readonly locale?: string;
  readonly incidents: readonly Incident[];
}

export interface PersonalisationOptions {
  readonly appName: string;
  readonly email: boolean;
  readonly sms: boolean;
}

/**
 * CustomMessage: the pool's own message (a code, a temporary password) written from the stack's
 * templates, in the user's language. Cognito refuses a message without its placeholders; a message
 * that cannot be written as Cognito requires falls back to Cognito's own, with an incident: a
 * template never stops a user from getting their code.
 */
export class PersonaliseCodeMessage {
  constructor(
    private readonly templates: CodeMessageTemplates,
    private readonly options: PersonalisationOptions,
  ) {}

  execute(request: CodeMessageRequest): PersonalisationResult {
    if (!this.options.email && !this.options.sms) return { outcome: 'default', message: {}, incidents: [] };
    const required = [request.codeParameter, ...(request.message === 'admin-create-user' ? [request.usernameParameter] : [])];
    if (required.some((parameter) => parameter === undefined || parameter.length === 0)) {
      return fallBack(new Error(`the event has no ${request.codeParameter ? 'usernameParameter' : 'codeParameter'} for ${request.message}`));
    }
    let rendered;
    try {
      rendered = this.templates.renderCodeMessage(request.message, request.locale, {
        code: request.codeParameter as string,
        username: request.usernameParameter ?? '',
        name: request.name ?? '',
        appName: this.options.appName,
      });
    } catch (error) {
      return fallBack(error);
    }
    const missing = (text: string) => required.find((parameter) => !text.includes(parameter as string));
    const message: { -readonly [K in keyof PersonalisedMessage]: PersonalisedMessage[K] } = {};
    const incidents: Incident[] = [];
    if (this.options.email) {
      const absent = missing(rendered.html);
      if (absent === undefined) {
        message.emailSubject = rendered.subject;
        message.emailMessage = rendered.html;
      } else incidents.push(incidentFrom('MESSAGE_TEMPLATE_INVALID', 'error', new Error(`the ${request.message} email lacks ${absent}`)));
    }
    if (this.options.sms) {
      const absent = missing(rendered.sms);
      if (absent === undefined) message.smsMessage = rendered.sms;
      else incidents.push(incidentFrom('MESSAGE_TEMPLATE_INVALID', 'error', new Error(`the ${request.message} SMS lacks ${absent}`)));
    }
    const personalised = Object.keys(message).length > 0;
    return { outcome: personalised ? 'personalised' : 'default', message, locale: rendered.locale, incidents };
  }
}

function fallBack(cause: unknown): PersonalisationResult {
  return { outcome: 'default', message: {}, incidents: [incidentFrom('MESSAGE_NOT_PERSONALISED', 'error', cause)] };
}
