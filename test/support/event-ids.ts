let events = 0;

/** A fresh event id, as the handler boundary gives every invocation (Lambda's request id). */
export function nextEventId(): string {
  events += 1;
  return `event-${events}`;
}

/** An audit event without its id, for comparing what was recorded. */
export function withoutId<T extends { readonly id: string }>(event: T): Omit<T, 'id'> {
  const { id: _id, ...rest } = event;
  return rest;
}
