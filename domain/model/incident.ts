import { DirectoryRejectedError, MailRejectedError, StoreRejectedError } from '../errors';

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
    cause instanceof StoreRejectedError || cause instanceof DirectoryRejectedError || cause instanceof MailRejectedError;
  return { code, severity: rejected ? 'error' : severity, cause };
}
