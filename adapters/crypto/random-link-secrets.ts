import { createHash, randomBytes } from 'node:crypto';
import type { LinkSecrets } from '../../domain';

/** 256 bits from the system's CSPRNG: twice the 128 a link needs at least, and 43 URL-safe characters. */
export const SECRET_BYTES = 32;

/**
 * Tokens as `<username, base64url>.<32 random bytes, base64url>`: the username lets a browser that opens
 * the link without the asking session start a sign-in of its own (it is the pool's username, in an
 * email-address pool an opaque id); the random part is what proves the link. Only the token's SHA-256
 * is stored: a copy of the table signs nobody in. A plain hash suffices (no salt, no stretching): the
 * token has 256 bits of entropy, far beyond any guessing.
 */
export class RandomLinkSecrets implements LinkSecrets {
  create(username: string): { token: string; secretHash: string } {
    const token = `${Buffer.from(username, 'utf8').toString('base64url')}.${randomBytes(SECRET_BYTES).toString('base64url')}`;
    return { token, secretHash: this.hashOf(token) };
  }

  hashOf(token: string): string {
    return createHash('sha256').update(token, 'utf8').digest('hex');
  }
}

/** The username a token names, for the client that opens a link (undefined when it is no token of ours). */
export function usernameOfToken(token: string): string | undefined {
  const [user, secret, ...rest] = token.split('.');
  if (!user || !secret || rest.length > 0) return undefined;
  const username = Buffer.from(user, 'base64url').toString('utf8');
  return username.length > 0 ? username : undefined;
}
