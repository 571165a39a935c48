import type { AuditEntry, FoundAccount, Inspection, ListedLockout } from '../../domain';
import { accountPartition } from '../../adapters/dynamodb/table-keys';
import type { Outcome } from './commands';

const iso = (at: number | undefined) => (at === undefined ? undefined : new Date(at).toISOString());

function relative(at: number, now: number): string {
  const minutes = Math.round(Math.abs(at - now) / 60_000);
  const span = minutes < 1 ? 'under a minute' : minutes < 120 ? `${minutes} min` : minutes < 2880 ? `${Math.round(minutes / 60)} h` : `${Math.round(minutes / 1440)} days`;
  return at >= now ? `in ${span}` : `${span} ago`;
}

/** The command's outcome for a person at a terminal. */
export function toText(outcome: Outcome): string {
  switch (outcome.command) {
    case 'policy':
      return JSON.stringify(outcome.policy, null, 2);
    case 'status':
      return statusText(outcome.identifier, outcome.found, outcome.target, outcome.now).join('\n');
    case 'audit':
      return [heading(outcome.identifier, outcome.found, outcome.target), ...auditLines(outcome.found.inspection.audit, outcome.since)].join('\n');
    case 'unlock':
      return unlockText(outcome);
    case 'recent-lockouts':
      return lockoutsText(outcome.lockouts, outcome.target, outcome.now, outcome.since).join('\n');
  }
}

function heading(identifier: string, found: FoundAccount, target: string): string {
  switch (found.kind) {
    case 'pool-user': {
      const { user } = found;
      const details = [user.status, user.enabled ? 'enabled' : 'disabled', user.email ? `email ${user.email}` : undefined].filter(Boolean).join(', ');
      return `${identifier} — user ${user.username} of the pool (${details}) · ${target}`;
    }
    case 'unknown-name':
      return `${identifier} — no user of the pool has this name · ${target}\n  Attempts typed under a name nobody has are counted and locked like any account's, and lock no one out.`;
    case 'keyed-name':
      return `${identifier} — taken as the username the triggers receive (no pool given to look up an address) · ${target}`;
  }
}

function statusText(identifier: string, found: FoundAccount, target: string, now: number): string[] {
  const { inspection } = found;
  const lines = [heading(identifier, found, target), `  table key       ${accountPartition(inspection.account.key)}`, ...protectionLines(inspection, now)];
  const record = inspection.record;
  if (record) {
    const facts = [
      record.confirmedAt !== undefined ? `confirmed ${iso(record.confirmedAt)}` : undefined,
      record.lastSignInAt !== undefined ? `last sign-in ${iso(record.lastSignInAt)} (${relative(record.lastSignInAt, now)})` : 'no sign-in recorded',
      record.signInCount !== undefined ? `${record.signInCount} sign-in${record.signInCount === 1 ? '' : 's'}` : undefined,
    ].filter(Boolean);
    lines.push(`  record          ${facts.join(', ')}`);
  } else {
    lines.push('  record          none kept (one is written at a confirmed sign-up or a successful sign-in)');
  }
  lines.push(...auditLines(inspection.audit, undefined, `latest ${inspection.audit.length}`));
  if (found.kind === 'pool-user' && found.typedName) {
    lines.push(`  under "${identifier.trim()}" as typed (attempts made while the pool did not know the name):`);
    lines.push(...protectionLines(found.typedName, now).map((line) => `  ${line}`));
  }
  return lines;
}

function protectionLines(inspection: Inspection, now: number): string[] {
  const state = inspection.protection;
  const lock = inspection.locked && state.lockedUntil !== undefined ? `LOCKED until ${iso(state.lockedUntil)} (${relative(state.lockedUntil, now)})` : 'not locked';
  const window = state.windowStartedAt !== undefined ? ` in the window opened ${iso(state.windowStartedAt)}` : '';
  return [
    `  protection      ${lock}${state.resetRequired ? ', password reset required' : ''}`,
    `  attempts        ${state.attemptsInWindow}${window}, ${state.streak} since the last success or recovery`,
    `  backoff level   ${state.lockouts}${state.lastLockedAt !== undefined ? ` (last lockout ${iso(state.lastLockedAt)})` : ''}`,
  ];
}

function auditLines(audit: readonly AuditEntry[], since: number | undefined, label = 'newest first'): string[] {
  if (audit.length === 0) return [`  audit           no entries${since === undefined ? '' : ` since ${iso(since)}`}`];
  return [
    `  audit (${label}${since === undefined ? '' : `, since ${iso(since)}`})`,
    ...audit.map(
      (entry) =>
        `    ${iso(entry.at)}  ${entry.outcome.padEnd(19)}${entry.operator ? ` by ${entry.operator}` : ''}${entry.accountExists ? '' : ' (unknown username)'}`.trimEnd(),
    ),
  ];
}

function unlockText(outcome: Extract<Outcome, { command: 'unlock' }>): string {
  const { result } = outcome;
  const who = result.found.kind === 'pool-user' ? `${outcome.identifier} (user ${result.found.user.username})` : outcome.identifier;
  if (result.outcome === 'nothing-to-unlock') {
    return `Nothing to unlock: ${who} has no lock, attempts or backoff kept · ${outcome.target}. Nothing was written.`;
  }
  const cleared = result.cleared;
  const facts = [
    cleared.lockedUntil !== undefined ? `a lock until ${iso(cleared.lockedUntil)}` : undefined,
    `backoff level ${cleared.lockouts}`,
    `${cleared.streak} attempt${cleared.streak === 1 ? '' : 's'} since the last success`,
    cleared.resetRequired ? 'a password reset requirement' : undefined,
  ].filter(Boolean);
  return [`Unlocked ${who} · ${outcome.target}`, `  cleared        ${facts.join(', ')}`, `  audit entry    unlocked, by ${outcome.operator}`].join('\n');
}

function lockoutsText(lockouts: readonly ListedLockout[], target: string, now: number, since: number | undefined): string[] {
  const period = `since ${iso(since ?? now - 86_400_000)}`;
  if (lockouts.length === 0) return [`No lockouts ${period} · ${target}.`];
  const rows = lockouts.map((lockout) => [
    iso(lockout.lockedAt) ?? '',
    lockout.locked ? `until ${iso(lockout.lockedUntil)}` : 'over',
    String(lockout.level),
    lockout.resetRequired ? 'yes' : 'no',
    lockout.record?.email ?? lockout.record?.username ?? `unknown username (${accountPartition(lockout.account.key).slice(0, 17)}…)`,
  ]);
  const header = ['locked at', 'lock', 'level', 'reset', 'account'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[]) => `  ${cells.map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column] ?? 0))).join('  ')}`;
  return [`Lockouts ${period}, newest first · ${target}`, line(header), ...rows.map(line)];
}
