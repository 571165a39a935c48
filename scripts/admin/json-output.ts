import type { FoundAccount, Inspection, LoginAttempts } from '../../domain';
import { accountPartition } from '../../adapters/dynamodb/table-keys';
import type { Outcome } from './commands';

const iso = (at: number | undefined) => (at === undefined ? undefined : new Date(at).toISOString());

/** The command's outcome as JSON: times as ISO strings, keys as the table's partition keys. */
export function toJson(outcome: Outcome): unknown {
  switch (outcome.command) {
    case 'policy':
      return outcome.policy;
    case 'status':
    case 'audit':
      return { target: outcome.target, identifier: outcome.identifier, ...foundJson(outcome.found) };
    case 'unlock':
      return {
        target: outcome.target,
        identifier: outcome.identifier,
        kind: outcome.result.found.kind,
        ...(outcome.result.found.kind === 'pool-user' ? { username: outcome.result.found.user.username } : {}),
        outcome: outcome.result.outcome,
        operator: outcome.operator,
        ...(outcome.result.outcome === 'unlocked' ? { cleared: protectionJson(outcome.result.cleared) } : {}),
      };
    case 'recent-lockouts':
      return {
        target: outcome.target,
        since: iso(outcome.since),
        lockouts: outcome.lockouts.map((lockout) => ({
          partitionKey: accountPartition(lockout.account.key),
          ...(lockout.record?.username ? { username: lockout.record.username } : {}),
          ...(lockout.record?.email ? { email: lockout.record.email } : {}),
          lockedAt: iso(lockout.lockedAt),
          lockedUntil: iso(lockout.lockedUntil),
          locked: lockout.locked,
          level: lockout.level,
          resetRequired: lockout.resetRequired,
        })),
      };
  }
}

function foundJson(found: FoundAccount): Record<string, unknown> {
  return {
    kind: found.kind,
    ...(found.kind === 'pool-user' ? { user: found.user } : {}),
    ...inspectionJson(found.inspection),
    ...(found.kind === 'pool-user' && found.typedName ? { typedName: inspectionJson(found.typedName) } : {}),
  };
}

function inspectionJson(inspection: Inspection): Record<string, unknown> {
  const record = inspection.record;
  return {
    partitionKey: accountPartition(inspection.account.key),
    locked: inspection.locked,
    protection: protectionJson(inspection.protection),
    ...(record
      ? {
          record: {
            ...record,
            createdAt: iso(record.createdAt),
            confirmedAt: iso(record.confirmedAt),
            lastSignInAt: iso(record.lastSignInAt),
          },
        }
      : {}),
    audit: inspection.audit.map((entry) => ({ ...entry, at: iso(entry.at) })),
  };
}

function protectionJson(state: LoginAttempts): Record<string, unknown> {
  return { ...state, windowStartedAt: iso(state.windowStartedAt), lockedUntil: iso(state.lockedUntil), lastLockedAt: iso(state.lastLockedAt) };
}
