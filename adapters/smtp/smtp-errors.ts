import { MailRejectedError, MailUnavailableError, type DomainError } from '../../domain';
import { errorName } from '../aws-errors';

/** What nodemailer attaches to its errors. */
interface SmtpErrorFields {
  readonly code?: unknown;
  readonly responseCode?: unknown;
  readonly response?: unknown;
  readonly command?: unknown;
  readonly originalCode?: unknown;
  readonly timeoutType?: unknown;
}

/** Codes nodemailer gives a connection that broke, timed out or could not be made. */
const TRANSIENT_CODES = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'EABORT']);
/** Node.js codes of a certificate the client refused: wrapped as ESOCKET, yet no retry fixes them. */
const CERTIFICATE_FAILURE = /CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|ERR_TLS_|ERR_SSL_/;

/**
 * A failed send as a domain error. Unavailable: a 4xx reply (the server asks to try later), a broken,
 * refused or timed-out connection, the deadline. Rejected: a 5xx reply (permanent), a failed login, a
 * TLS failure (an untrusted certificate, no STARTTLS: configuration or interference, neither fixed by a
 * retry), a reply that is not SMTP, anything else. The message names the SMTP command, the reply code
 * and nodemailer's code; the cause keeps those fields, and the original message only when it cannot
 * quote the server (replies name addresses).
 */
export function smtpFailure(error: unknown, budgetMs?: number): DomainError {
  const fields = (error ?? {}) as SmtpErrorFields;
  const code = typeof fields.code === 'string' ? fields.code : undefined;
  const responseCode = typeof fields.responseCode === 'number' ? fields.responseCode : undefined;
  const command = typeof fields.command === 'string' ? fields.command : 'send';
  const originalCode = typeof fields.originalCode === 'string' ? fields.originalCode : undefined;
  const timeoutType = typeof fields.timeoutType === 'string' ? fields.timeoutType : undefined;
  const aborted = error instanceof Error && error.name === 'AbortError';

  let transient: boolean;
  if (responseCode !== undefined && responseCode >= 400 && responseCode < 600) transient = responseCode < 500;
  else if (aborted) transient = true;
  else if (originalCode !== undefined && CERTIFICATE_FAILURE.test(originalCode)) transient = false;
  else transient = code !== undefined && TRANSIENT_CODES.has(code);

  const enhanced = typeof fields.response === 'string' ? /^\d{3}[ -]([245]\.\d{1,3}\.\d{1,3})\b/.exec(fields.response)?.[1] : undefined;
  const details = [
    responseCode === undefined ? undefined : [responseCode, enhanced].filter(Boolean).join(' '),
    code ?? errorName(error),
    originalCode,
    timeoutType,
    aborted && budgetMs !== undefined ? `no answer within ${Math.round(budgetMs)} ms` : undefined,
  ].filter((part) => part !== undefined);
  const Failure = transient ? MailUnavailableError : MailRejectedError;
  return new Failure(`SMTP ${command} failed (${details.join(', ')})`, { cause: safeCause(error, fields) });
}

function safeCause(error: unknown, fields: SmtpErrorFields): Error {
  if (!(error instanceof Error)) return new Error(`not an error: ${typeof error}`);
  // Replies quote addresses; envelope and message errors name them even without a reply.
  const quotes = fields.response !== undefined || fields.code === 'EENVELOPE' || fields.code === 'EMESSAGE';
  const cause = new Error(quotes ? 'the server reply is withheld (it may name an address)' : error.message);
  cause.name = error.name;
  const kept: Record<string, unknown> = {};
  for (const key of ['code', 'responseCode', 'command', 'originalCode', 'timeoutType'] as const) {
    if (fields[key] !== undefined) kept[key] = fields[key];
  }
  return Object.assign(cause, kept);
}
