import { createHmac } from 'node:crypto';
import { StoreRejectedError, type AccountKeys, type AccountRef } from '../../domain';

/** Fewer characters than this cannot be a per-stack secret generated for the purpose. */
export const MIN_SECRET_LENGTH = 32;

/**
 * Account keys as HMAC-SHA256 of the normalised username (UTF-8) under the stack's secret (the UTF-8
 * bytes of its text), in lowercase hex: an operator reproduces one with
 * `printf '%s' "$username" | openssl dgst -sha256 -hmac "$secret"`. Without the secret, the table
 * cannot be searched for a typed identifier, nor a key turned back into one.
 */
export class HmacAccountKeys implements AccountKeys {
  constructor(private readonly secret: () => Promise<string>) {}

  async refFor(normalisedUsername: string): Promise<AccountRef> {
    const secret = await this.secret();
    if (secret.length < MIN_SECRET_LENGTH) {
      throw new StoreRejectedError(`the account key secret is shorter than ${MIN_SECRET_LENGTH} characters`);
    }
    return { key: accountKey(secret, normalisedUsername) };
  }
}

export function accountKey(secret: string, normalisedUsername: string): string {
  return createHmac('sha256', secret).update(normalisedUsername, 'utf8').digest('hex');
}
