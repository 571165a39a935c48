/**
 * Prints the partition key under which the table keeps an account's items, for an operator who knows
 * the username: the same normalisation and keyed hash as the functions.
 *
 *   GATEHOUSE_ACCOUNT_KEY_SECRET="$(aws ssm get-parameter --with-decryption --query Parameter.Value \
 *     --output text --name "$(pulumi stack output accountKeyParameter)")" npm run account-key -- <username>
 */
import { accountKey } from '../adapters/crypto/hmac-account-keys';
import { accountPartition } from '../adapters/dynamodb/table-keys';
import { normaliseUsername } from '../domain';

export function partitionKeyFor(secret: string, username: string): string {
  return accountPartition(accountKey(secret, normaliseUsername(username)));
}

if (require.main === module) {
  const username = process.argv[2];
  const secret = process.env.GATEHOUSE_ACCOUNT_KEY_SECRET;
  if (username === undefined || !secret) {
    console.error('usage: GATEHOUSE_ACCOUNT_KEY_SECRET=<the stack secret> npm run account-key -- <username>');
    process.exit(2);
  }
  try {
    console.log(partitionKeyFor(secret, username));
  } catch (error) {
    console.error(`account-key: ${(error as Error).message}`);
    process.exit(2);
  }
}
