import { randomUUID } from 'node:crypto';
import type { Clock, FoundAccount, ListedLockout, NamedUnlockResult } from '../../domain';
import { operatorPolicy, operatorResourceArns } from '../../infra/operator-policy';
import type { PolicyDocument } from '../../infra/iam-policies';
import { UsageError, type AdminArguments } from './arguments';
import type { Session } from './session';
import type { Target } from './target';

/** Audit entries `status` shows, the newest. */
export const STATUS_AUDIT_ENTRIES = 10;
/** Audit entries `audit` lists unless told otherwise. */
export const DEFAULT_AUDIT_ENTRIES = 100;

export type Outcome =
  | { readonly command: 'status'; readonly target: string; readonly identifier: string; readonly found: FoundAccount; readonly now: number }
  | { readonly command: 'audit'; readonly target: string; readonly identifier: string; readonly found: FoundAccount; readonly since?: number }
  | { readonly command: 'unlock'; readonly target: string; readonly identifier: string; readonly operator: string; readonly result: NamedUnlockResult }
  | { readonly command: 'recent-lockouts'; readonly target: string; readonly since?: number; readonly lockouts: readonly ListedLockout[]; readonly now: number }
  | { readonly command: 'policy'; readonly readOnly: boolean; readonly policy: PolicyDocument };

/** Runs one command against the target. Reads come first; an unlock writes only after all succeeded. */
export async function runCommand(args: AdminArguments, target: Target, session: () => Session, clock: Clock): Promise<Outcome> {
  if (args.command === 'policy') {
    if (target.keyArn === undefined || target.userPoolId === undefined) {
      throw new UsageError('policy needs the stack\'s key and pool: give --stack, or --key-arn and --user-pool-id');
    }
    const arns = operatorResourceArns({ keyArn: target.keyArn, tableName: target.tableName, accountKeyParameter: target.accountKeyParameter, userPoolId: target.userPoolId });
    return { command: 'policy', readOnly: args.readOnly, policy: operatorPolicy(arns, args.readOnly ? 'read' : 'unlock') };
  }
  const open = session();
  try {
    const identifier = args.identifier ?? '';
    switch (args.command) {
      case 'status': {
        const found = await open.find.execute({ identifier, auditLimit: STATUS_AUDIT_ENTRIES });
        return { command: 'status', target: target.name, identifier, found, now: clock.now() };
      }
      case 'audit': {
        const found = await open.find.execute({
          identifier,
          auditLimit: args.limit ?? DEFAULT_AUDIT_ENTRIES,
          ...(args.since === undefined ? {} : { auditSince: args.since }),
        });
        return { command: 'audit', target: target.name, identifier, found, ...(args.since === undefined ? {} : { since: args.since }) };
      }
      case 'unlock': {
        // Who runs it is known before anything is read or written: an unlock is never audited anonymously.
        const operator = await open.operator();
        const result = await open.unlock.execute({ eventId: randomUUID(), identifier, operator });
        return { command: 'unlock', target: target.name, identifier, operator, result };
      }
      case 'recent-lockouts': {
        const lockouts = await open.recentLockouts.execute({
          ...(args.since === undefined ? {} : { since: args.since }),
          ...(args.limit === undefined ? {} : { limit: args.limit }),
        });
        return { command: 'recent-lockouts', target: target.name, ...(args.since === undefined ? {} : { since: args.since }), lockouts, now: clock.now() };
      }
      default:
        throw new UsageError('name a command');
    }
  } finally {
    open.close();
  }
}
