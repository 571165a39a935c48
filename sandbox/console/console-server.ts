import { ListUsersCommand, type CognitoIdentityProviderClient, type UserType } from '@aws-sdk/client-cognito-identity-provider';
import { ScanCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { toAuditEntry } from '../../adapters/dynamodb/dynamodb-account-administration';
import {
  DomainError,
  InspectAccount,
  normaliseUsername,
  UnlockAccount,
  type Inspection,
  type AccountAdministration,
  type AccountKeys,
  type Clock,
} from '../../domain';
import type { MailboxEntry } from '../mailbox';
import type { LocalAlarm } from '../metrics/local-alarms';
import type { MetricTotal } from '../metrics/metric-store';
import type { LocalExecution } from '../step-functions/step-functions-endpoint';

/** Who the audit trail names for an unlock from the console. */
export const CONSOLE_OPERATOR = 'sandbox console';
/** Audit entries the audit page shows at most, the newest. */
const AUDIT_PAGE_SIZE = 200;

/** What the console shows, read from the sandbox's own services. */
export interface ConsoleSources {
  readonly overview: () => Record<string, unknown>;
  readonly mailbox: () => Promise<readonly MailboxEntry[]>;
  readonly cognito: CognitoIdentityProviderClient;
  readonly userPoolId: string;
  readonly dynamo: DynamoDBClient;
  readonly tableName: string;
  readonly keys: AccountKeys;
  readonly administration: AccountAdministration;
  readonly clock: Clock;
  /** The reminder workflow's executions; none when the stack has no workflow. */
  readonly executions: () => readonly LocalExecution[];
  /** The functions' metrics as CloudWatch would hold them, and the stack's alarms evaluated on them. */
  readonly metrics?: () => { readonly totals: readonly MetricTotal[]; readonly alarms: readonly LocalAlarm[] };
  /** A token the captcha stand-in vouches for, as a solved widget gives one; absent without a captcha. */
  readonly captchaToken?: () => string;
}

export interface ConsoleServer {
  readonly endpoint: string;
  stop(): Promise<void>;
}

const STATIC_FILES: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/console.js': { file: 'console.js', type: 'text/javascript; charset=utf-8' },
  '/console.css': { file: 'console.css', type: 'text/css; charset=utf-8' },
};

class NotFound extends Error {}

/**
 * The sandbox's console: a page and the JSON it reads, on 127.0.0.1. It reads users from the pool,
 * what Gatehouse keeps for each from the table (through the same use cases an operator's command
 * uses), the mailbox and the workflow executions; its one action is an unlock, audited as the
 * console's. Requests must name this machine as their host (no DNS rebinding) and an unlock must carry
 * the console's header, which a page on another origin cannot send without a preflight this server
 * never answers.
 */
export async function startConsole(sources: ConsoleSources, port = 0): Promise<ConsoleServer> {
  const inspect = new InspectAccount(sources.keys, sources.administration, sources.clock);
  const unlock = new UnlockAccount(sources.keys, sources.administration, sources.clock);
  const staticRoot = join(__dirname, 'static');

  const poolUsers = async (): Promise<UserType[]> => {
    const found: UserType[] = [];
    let token: string | undefined;
    do {
      const page = await sources.cognito.send(new ListUsersCommand({ UserPoolId: sources.userPoolId, Limit: 60, ...(token ? { PaginationToken: token } : {}) }));
      found.push(...(page.Users ?? []));
      token = page.PaginationToken;
    } while (token);
    return found;
  };
  const userNamed = async (username: string): Promise<UserType> => {
    const user = (await poolUsers()).find((each) => each.Username === username);
    if (!user) throw new NotFound(`no user ${username} in the pool`);
    return user;
  };

  const routes = async (method: string, path: string): Promise<unknown> => {
    if (method === 'GET' && path === '/api/overview') return sources.overview();
    if (method === 'GET' && path === '/api/mailbox') return sources.mailbox();
    if (method === 'GET' && path === '/api/users') {
      const users = await poolUsers();
      return Promise.all(users.map(async (user) => describeUser(user, await inspect.execute({ username: String(user.Username), auditLimit: 0 }))));
    }
    if (method === 'GET' && path === '/api/audit') {
      // Only the keys are needed to name each entry's account: no reads of the accounts themselves.
      const users = await poolUsers();
      const keyed = await Promise.all(users.map(async (user) => [(await sources.keys.refFor(normaliseUsername(String(user.Username)))).key, String(user.Username)] as const));
      return auditAcrossAccounts(sources, new Map(keyed));
    }
    if (method === 'GET' && path === '/api/workflows') return workflows(sources.executions());
    if (method === 'GET' && path === '/api/metrics') return sources.metrics?.() ?? { totals: [], alarms: [] };
    if (method === 'POST' && path === '/api/captcha-token' && sources.captchaToken) return { token: sources.captchaToken() };
    const account = /^\/api\/users\/([^/]+)(\/unlock)?$/.exec(path);
    if (account && (account[2] ? method === 'POST' : method === 'GET')) {
      const username = decodeURIComponent(account[1] as string);
      const user = await userNamed(username);
      if (account[2]) {
        const result = await unlock.execute({ eventId: randomUUID(), username, operator: CONSOLE_OPERATOR });
        return { outcome: result.outcome };
      }
      const inspection = await inspect.execute({ username });
      return { user: describeUser(user, inspection), ...(inspection.record ? { record: inspection.record } : {}), audit: inspection.audit };
    }
    throw new NotFound(`${method} ${path} is not served here`);
  };

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const reply = (status: number, body: string, type = 'application/json') => {
      response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
      response.end(body);
    };
    const host = (request.headers.host ?? '').replace(/:\d+$/, '');
    if (host !== '127.0.0.1' && host !== 'localhost') return reply(421, JSON.stringify({ message: 'the console answers on 127.0.0.1 only' }));
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    const method = request.method ?? 'GET';
    const page = STATIC_FILES[path];
    if (page && method === 'GET') return reply(200, readFileSync(join(staticRoot, page.file), 'utf8'), page.type);
    if (method === 'POST' && request.headers['x-gatehouse-console'] !== '1') {
      return reply(403, JSON.stringify({ message: 'actions need the x-gatehouse-console header' }));
    }
    try {
      reply(200, JSON.stringify(await routes(method, path)));
    } catch (error) {
      if (error instanceof NotFound) return reply(404, JSON.stringify({ message: error.message }));
      const message = error instanceof DomainError ? error.message : 'the console could not read the sandbox (see the terminal)';
      if (!(error instanceof DomainError)) console.error('console:', error);
      reply(error instanceof DomainError && error.userFacing ? 400 : 502, JSON.stringify({ message }));
    }
  };

  const server: Server = createServer((request, response) => void handle(request, response));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A pool user as the console lists it: the directory's facts and the account's protection state. */
function describeUser(user: UserType, inspection: Inspection): Record<string, unknown> {
  const email = user.Attributes?.find((attribute) => attribute.Name === 'email')?.Value;
  const { protection } = inspection;
  return {
    username: user.Username,
    ...(email ? { email } : {}),
    status: user.UserStatus,
    enabled: user.Enabled !== false,
    ...(user.UserCreateDate ? { createdAt: new Date(user.UserCreateDate).getTime() } : {}),
    protection: {
      attemptsInWindow: protection.attemptsInWindow,
      streak: protection.streak,
      lockouts: protection.lockouts,
      ...(protection.lockedUntil !== undefined ? { lockedUntil: protection.lockedUntil } : {}),
      resetRequired: protection.resetRequired,
      locked: inspection.locked,
    },
  };
}

/**
 * Every audit entry in the table, newest first, named by username where the key is a known user's.
 * A scan: fine for a sandbox's table, never what an operator's tool does on a real one.
 */
async function auditAcrossAccounts(sources: ConsoleSources, usernames: ReadonlyMap<string, string>): Promise<unknown[]> {
  // Unknown usernames are keyed too; the console cannot name those, only their key.
  const entries: { key: string; entry: NonNullable<ReturnType<typeof toAuditEntry>> }[] = [];
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await sources.dynamo.send(
      new ScanCommand({
        TableName: sources.tableName,
        FilterExpression: 'begins_with(sk, :audit)',
        ExpressionAttributeValues: { ':audit': { S: 'AUDIT#' } },
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    for (const raw of page.Items ?? []) {
      const item = unmarshall(raw);
      const entry = toAuditEntry(item);
      if (entry) entries.push({ key: String(item['pk']).replace(/^ACCT#/, ''), entry });
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return entries
    .sort((a, b) => b.entry.at - a.entry.at)
    .slice(0, AUDIT_PAGE_SIZE)
    .map(({ key, entry }) => {
      const username = usernames.get(key);
      return {
        at: entry.at,
        outcome: entry.outcome,
        key,
        ...(username ? { username } : {}),
        accountExists: entry.accountExists,
        ...(entry.operator ? { operator: entry.operator } : {}),
      };
    });
}

function workflows(executions: readonly LocalExecution[]): unknown[] {
  return [...executions].reverse().map((execution) => {
    let username: string | undefined;
    try {
      username = String((JSON.parse(execution.input) as { username?: unknown }).username ?? '') || undefined;
    } catch {
      username = undefined;
    }
    const output = execution.output as { outcome?: unknown } | undefined;
    return {
      name: execution.name,
      executionArn: execution.executionArn,
      status: execution.status,
      startedAt: execution.startedAt,
      ...(username ? { username } : {}),
      ...(execution.error ? { error: execution.error } : {}),
      ...(typeof output?.outcome === 'string' ? { outcome: output.outcome } : {}),
    };
  });
}
