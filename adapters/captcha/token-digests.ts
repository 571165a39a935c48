import { createHash } from 'node:crypto';

/**
 * What the verifier keeps or sends in place of a captcha token: one-way digests, so the token itself is
 * never held beyond the call that verifies it. Each use has its own label, so the digest kept in memory
 * is not also the key sent to the provider.
 */

function digest(label: string, token: string): Buffer {
  return createHash('sha256').update(`gatehouse/captcha/${label}\0`, 'utf8').update(token, 'utf8').digest();
}

/** The key under which a token that passed is remembered. */
export function tokenDigest(token: string): string {
  return digest('passed', token).toString('hex');
}

/**
 * Turnstile's `idempotency_key` for a token: a UUID, as siteverify requires, derived from the token rather
 * than drawn at random, so every invocation Cognito retries (on whichever execution environment) sends the
 * same key and may verify the token again. Shaped as a version-4 UUID, the form every UUID parser accepts.
 */
export function idempotencyKey(token: string): string {
  const bytes = digest('idempotency-key', token).subarray(0, 16);
  bytes.writeUInt8((bytes.readUInt8(6) & 0x0f) | 0x40, 6); // version 4
  bytes.writeUInt8((bytes.readUInt8(8) & 0x3f) | 0x80, 8); // RFC 9562 variant
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
