/**
 * Something a use case tolerated but an operator should hear about. Use cases do not log: they return
 * incidents and the handler boundary logs them.
 */
export interface Incident {
  readonly code: string;
  readonly severity: 'warn' | 'error';
  readonly cause: unknown;
}

export function incidentFrom(code: string, severity: Incident['severity'], cause: unknown): Incident {
  return { code, severity, cause };
}
