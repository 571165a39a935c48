import type { Account } from '../../domain';

function optionalNumber(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined;
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** An account item as the account store writes it; unknown attributes are left out. */
export function toRecord(item: Record<string, unknown>): Partial<Account> {
  const record: Record<string, unknown> = {
    username: optionalString(item.username),
    sub: optionalString(item.sub),
    email: optionalString(item.email),
    status: optionalString(item.status),
    createdAt: optionalNumber(item.createdAt),
    confirmedAt: optionalNumber(item.confirmedAt),
    lastSignInAt: optionalNumber(item.lastSignInAt),
    signInCount: optionalNumber(item.signInCount),
  };
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as Partial<Account>;
}
