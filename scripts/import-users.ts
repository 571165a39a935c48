/**
 * Imports users exported from an old database, with their password hashes, into a stack's table, for
 * `gatehouse:migration.source: imported`: each user is kept under its account's key (the same
 * normalisation and keyed hash as the functions), never under the username in clear.
 *
 *   GATEHOUSE_ACCOUNT_KEY_SECRET="$(aws ssm get-parameter --with-decryption --query Parameter.Value \
 *     --output text --name "$(pulumi stack output accountKeyParameter)")" \
 *   npm run import-users -- --table "$(pulumi stack output tableName)" [--check] users.jsonl
 *
 * One JSON object per line: {"username": "alice@example.com", "passwordHash": "$pbkdf2-sha256$…",
 * "email": "alice@example.com", "emailVerified": true, "attributes": {"given_name": "Alice"}}. Every line
 * is checked before anything is written; a problem names the line, never its hash. `--check` only checks.
 */
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { readFileSync } from 'node:fs';
import { accountKey } from '../adapters/crypto/hmac-account-keys';
import { parseImportedHash } from '../adapters/crypto/imported-password-hashes';
import type { ImportedUserItem } from '../adapters/dynamodb/dynamodb-imported-users';
import { importedUserKey } from '../adapters/dynamodb/table-keys';
import { isMigratableUsername, normaliseUsername } from '../domain';

export interface ImportedUser extends ImportedUserItem {
  /** The account key the user is kept under. */
  readonly key: string;
}

/** Reads and checks an export: the users to write, or every problem, each naming its line. */
export function readExport(text: string, secret: string): { users: ImportedUser[]; problems: string[] } {
  const users: ImportedUser[] = [];
  const problems: string[] = [];
  const seen = new Map<string, number>();
  text.split('\n').forEach((line, index) => {
    const number = index + 1;
    if (line.trim() === '') return;
    const problem = (message: string) => problems.push(`line ${number}: ${message}`);
    let record: { username?: unknown; passwordHash?: unknown; email?: unknown; emailVerified?: unknown; attributes?: unknown };
    try {
      record = JSON.parse(line) as typeof record;
    } catch {
      return problem('is not a JSON object');
    }
    if (typeof record.username !== 'string' || !isMigratableUsername(record.username)) return problem('username must be an email address (the pool signs users in with it)');
    const username = normaliseUsername(record.username);
    const first = seen.get(username);
    if (first !== undefined) return problem(`repeats the username of line ${first}`);
    seen.set(username, number);
    if (typeof record.passwordHash !== 'string') return problem('passwordHash is missing');
    const hash = parseImportedHash(record.passwordHash);
    if ('problem' in hash) return problem(`passwordHash: ${hash.problem}`);
    if (record.email !== undefined && typeof record.email !== 'string') return problem('email must be a string');
    if (record.emailVerified !== undefined && typeof record.emailVerified !== 'boolean') return problem('emailVerified must be true or false');
    const attributes = record.attributes ?? {};
    if (typeof attributes !== 'object' || attributes === null || Array.isArray(attributes) || Object.values(attributes).some((value) => typeof value !== 'string')) {
      return problem('attributes must be an object of strings');
    }
    users.push({
      key: accountKey(secret, username),
      passwordHash: record.passwordHash,
      ...(record.email !== undefined ? { email: record.email } : {}),
      emailVerified: record.emailVerified === true,
      attributes: attributes as Record<string, string>,
    });
  });
  return { users, problems };
}

/** Writes the users, one PutItem each (running the import again replaces them). */
export async function writeUsers(dynamo: DynamoDBClient, tableName: string, users: readonly ImportedUser[], now = Date.now()): Promise<void> {
  for (const { key, ...item } of users) {
    await dynamo.send(new PutItemCommand({ TableName: tableName, Item: marshall({ ...importedUserKey(key), ...item, importedAt: now }) }));
  }
}

async function main(args: readonly string[]): Promise<number> {
  const check = args.includes('--check');
  const tableAt = args.indexOf('--table');
  const table = tableAt === -1 ? undefined : args[tableAt + 1];
  const file = args.filter((arg, index) => !arg.startsWith('--') && index !== tableAt + 1).at(-1);
  const secret = process.env.GATEHOUSE_ACCOUNT_KEY_SECRET;
  if (file === undefined || !secret || (!check && table === undefined)) {
    console.error('usage: GATEHOUSE_ACCOUNT_KEY_SECRET=<the stack secret> npm run import-users -- --table <table> [--check] <users.jsonl>');
    return 2;
  }
  const { users, problems } = readExport(readFileSync(file, 'utf8'), secret);
  if (problems.length > 0) {
    console.error(`import-users: nothing imported, ${problems.length} problem(s):\n${problems.map((each) => `  ${each}`).join('\n')}`);
    return 1;
  }
  if (check || table === undefined) {
    console.log(`import-users: ${users.length} users checked, none written (--check)`);
    return 0;
  }
  const dynamo = new DynamoDBClient({});
  try {
    await writeUsers(dynamo, table, users);
  } finally {
    dynamo.destroy();
  }
  console.log(`import-users: ${users.length} users written to ${table}`);
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`import-users: ${(error as Error).message}`);
      process.exit(1);
    },
  );
}
