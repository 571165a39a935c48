import {
  CodeRejectedError,
  LegacyDirectoryRejectedError,
  DirectoryRejectedError,
  MailRejectedError,
  ReminderRejectedError,
  StoreRejectedError,
  TextRejectedError,
} from '../errors';

/**
 * Something a use case tolerated but an operator should hear about. Use cases do not log: they return
 * incidents and the handler boundary logs them.
 */
export interface Incident {
  readonly code: string;
  readonly severity: 'warn' | 'error';
  readonly cause: unknown;
}

/** A refusal (a defect or misconfiguration) is always an error, whatever the step it failed. */
export function incidentFrom(code: string, severity: Incident['severity'], cause: unknown): Incident {
  const rejected =
    [StoreRejectedError, DirectoryRejectedError, MailRejectedError, TextRejectedError, ReminderRejectedError, CodeRejectedError, LegacyDirectoryRejectedError].some((rejection) => cause instanceof rejection);
  return { code, severity: rejected ? 'error' : severity, cause };
}
