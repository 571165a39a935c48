import { pbkdf2, scrypt, timingSafeEqual, type BinaryLike } from 'node:crypto';
import { promisify } from 'node:util';

const pbkdf2Async = promisify(pbkdf2);
const scryptAsync = promisify(scrypt) as (password: BinaryLike, salt: BinaryLike, keylen: number, options: { N: number; r: number; p: number; maxmem: number }) => Promise<Buffer>;

/**
 * A password hash exported from an old user database, in one of the formats Node.js verifies without a
 * dependency: PBKDF2-HMAC (SHA-256 or SHA-512) and scrypt. bcrypt and Argon2 need native or WebAssembly
 * code this project does not ship; such hashes are refused at import, never stored unverifiable.
 */
export type ImportedHash =
  | { readonly scheme: 'pbkdf2'; readonly digest: 'sha256' | 'sha512'; readonly iterations: number; readonly salt: Buffer; readonly hash: Buffer }
  | { readonly scheme: 'scrypt'; readonly n: number; readonly r: number; readonly p: number; readonly salt: Buffer; readonly hash: Buffer };

/**
 * What one verification may cost: a migration shares Cognito's five seconds with the table and the pool,
 * on a function of `functions.memoryMb`. Above these, a hash is refused at import (rehash it, or raise the
 * limits knowingly): 1,000,000 PBKDF2 iterations, scrypt memory (128 · N · r bytes) of 64 MiB.
 */
export const MAX_PBKDF2_ITERATIONS = 1_000_000;
export const MAX_SCRYPT_MEMORY_BYTES = 64 * 1024 * 1024;

/** PHC strings use unpadded base64; passlib's "ab64" writes "." for "+". */
function base64(text: string): Buffer | undefined {
  const standard = text.replace(/\./g, '+');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(standard)) return undefined;
  const bytes = Buffer.from(standard, 'base64');
  return bytes.length === 0 ? undefined : bytes;
}

const PHC_PBKDF2 = /^\$pbkdf2-(sha256|sha512)\$i=(\d{1,7})(?:,l=\d+)?\$([A-Za-z0-9+/.]+={0,2})\$([A-Za-z0-9+/.]+={0,2})$/;
const DJANGO_PBKDF2 = /^pbkdf2_(sha256)\$(\d{1,7})\$([^$]{1,128})\$([A-Za-z0-9+/]+={0,2})$/;
const PHC_SCRYPT = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/.]+={0,2})\$([A-Za-z0-9+/.]+={0,2})$/;

/**
 * Reads a hash in one of the supported formats, or says why not (never repeating the hash):
 * `$pbkdf2-sha256$i=<iterations>$<salt>$<hash>` (PHC, passlib), `$pbkdf2-sha512$…`,
 * `pbkdf2_sha256$<iterations>$<salt>$<hash>` (Django: the salt as text) and
 * `$scrypt$ln=<log2 N>,r=<r>,p=<p>$<salt>$<hash>` (PHC, passlib).
 */
export function parseImportedHash(text: string): ImportedHash | { readonly problem: string } {
  if (/^\$2[abxy]?\$/.test(text)) return { problem: 'bcrypt hashes cannot be verified without a dependency (rehash them as PBKDF2 or scrypt, or migrate through the old system)' };
  if (/^\$argon2(id|i|d)\$/.test(text)) return { problem: 'Argon2 hashes cannot be verified without a dependency (rehash them, or migrate through the old system)' };
  let match = PHC_PBKDF2.exec(text);
  if (match) return pbkdf2Hash(match[1] as 'sha256' | 'sha512', Number(match[2]), base64(match[3] ?? ''), base64(match[4] ?? ''));
  match = DJANGO_PBKDF2.exec(text);
  if (match) return pbkdf2Hash('sha256', Number(match[2]), Buffer.from(match[3] ?? '', 'utf8'), base64(match[4] ?? ''));
  match = PHC_SCRYPT.exec(text);
  if (match) {
    const [n, r, p] = [2 ** Number(match[1]), Number(match[2]), Number(match[3])];
    const salt = base64(match[4] ?? '');
    const hash = base64(match[5] ?? '');
    if (!salt || !hash || hash.length < 16) return { problem: 'the scrypt salt or hash is not base64, or the hash is shorter than 16 bytes' };
    if (n < 2 || r < 1 || p < 1 || 128 * n * r > MAX_SCRYPT_MEMORY_BYTES) return { problem: `scrypt parameters out of bounds (128 · N · r must stay within ${MAX_SCRYPT_MEMORY_BYTES} bytes)` };
    return { scheme: 'scrypt', n, r, p, salt, hash };
  }
  return { problem: 'not a supported hash format ($pbkdf2-sha256$, $pbkdf2-sha512$, pbkdf2_sha256$ or $scrypt$)' };
}

function pbkdf2Hash(digest: 'sha256' | 'sha512', iterations: number, salt: Buffer | undefined, hash: Buffer | undefined): ImportedHash | { problem: string } {
  if (!salt || !hash || hash.length < 16) return { problem: 'the PBKDF2 salt or hash is not base64, or the hash is shorter than 16 bytes' };
  if (iterations < 1000 || iterations > MAX_PBKDF2_ITERATIONS) return { problem: `PBKDF2 iterations must lie from 1000 to ${MAX_PBKDF2_ITERATIONS}` };
  return { scheme: 'pbkdf2', digest, iterations, salt, hash };
}

/** Whether the password hashes to the imported hash; constant-time comparison, off the event loop. */
export async function verifyImportedHash(hash: ImportedHash, password: string): Promise<boolean> {
  const derived =
    hash.scheme === 'pbkdf2'
      ? await pbkdf2Async(password, hash.salt, hash.iterations, hash.hash.length, hash.digest)
      : await scryptAsync(password, hash.salt, hash.hash.length, { N: hash.n, r: hash.r, p: hash.p, maxmem: 2 * MAX_SCRYPT_MEMORY_BYTES });
  return derived.length === hash.hash.length && timingSafeEqual(derived, hash.hash);
}
