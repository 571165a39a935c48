import { createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/**
 * The server side of Cognito's SRP-6a (USER_SRP_AUTH), to the byte as amazon-cognito-identity-js's
 * `AuthenticationHelper` computes the client side: the 3072-bit group of RFC 5054 (appendix A), g = 2,
 * SHA-256, every number hashed in the "padded hex" form of that helper (two's-complement bytes, so a
 * leading 00 when the top bit is set), and the key derived with HKDF ("Caldera Derived Key", 16 bytes).
 * Notation as in RFC 5054 section 2.6: https://www.rfc-editor.org/rfc/rfc5054#section-2.6
 */

const N = BigInt(
  '0x' +
    'FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD1' +
    '29024E088A67CC74020BBEA63B139B22514A08798E3404DD' +
    'EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245' +
    'E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED' +
    'EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3D' +
    'C2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F' +
    '83655D23DCA3AD961C62F356208552BB9ED529077096966D' +
    '670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B' +
    'E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9' +
    'DE2BCBF6955817183995497CEA956AE515D2261898FA0510' +
    '15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64' +
    'ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7' +
    'ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6B' +
    'F12FFA06D98A0864D87602733EC86A64521F2B18177B200C' +
    'BBE117577A615D6C770988C0BAD946E208E24FA074E5AB31' +
    '43DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF',
);
const g = 2n;
const INFO = Buffer.from('Caldera Derived Key', 'utf8');

/** The helper's `padHex` for a non-negative number: even length, and 00 in front when the top bit is set. */
export function padHex(value: bigint): string {
  let hex = value.toString(16);
  if (hex.length % 2 !== 0) hex = `0${hex}`;
  return /^[89a-f]/i.test(hex) ? `00${hex}` : hex;
}

function sha256(...parts: (Buffer | string)[]): Buffer {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest();
}

function toBigInt(bytes: Buffer): bigint {
  return BigInt(`0x${bytes.toString('hex')}`);
}

function padded(value: bigint): Buffer {
  return Buffer.from(padHex(value), 'hex');
}

function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let square = ((base % modulus) + modulus) % modulus;
  for (let rest = exponent; rest > 0n; rest >>= 1n) {
    if (rest & 1n) result = (result * square) % modulus;
    square = (square * square) % modulus;
  }
  return result;
}

/** k = H(N | g), with both padded as the client pads them. */
const k = toBigInt(sha256(padded(N), padded(g)));

/** Parses a number the client sent in hex (SRP_A); the client writes it without padding. */
export function parseHex(hex: string): bigint | undefined {
  return /^[0-9a-f]+$/i.test(hex) ? BigInt(`0x${hex}`) : undefined;
}

/**
 * The verifier v = g^x with x = H(salt | H(poolName | userIdForSrp | ":" | password)). The salt is
 * hashed as the client hashes the SALT it receives: parsed as a number, then padded.
 */
export function verifier(poolName: string, userIdForSrp: string, password: string, saltHex: string): bigint {
  const salt = BigInt(`0x${saltHex}`);
  const x = toBigInt(sha256(padded(salt), sha256(`${poolName}${userIdForSrp}:${password}`)));
  return modPow(g, x, N);
}

export interface ServerEphemeral {
  readonly b: bigint;
  readonly B: bigint;
}

/** b random, B = k·v + g^b (mod N), never 0 mod N (RFC 5054 section 2.5.3). */
export function serverEphemeral(v: bigint): ServerEphemeral {
  for (;;) {
    const b = toBigInt(randomBytes(128)) % N;
    const B = (k * v + modPow(g, b, N)) % N;
    if (b !== 0n && B !== 0n) return { b, B };
  }
}

/** A is refused when A mod N = 0 (RFC 5054 section 2.5.4): it would let anyone compute the key. */
export function acceptableA(A: bigint): boolean {
  return A % N !== 0n;
}

/**
 * The 16-byte key both sides derive: u = H(A | B), S = (A·v^u)^b (mod N), then HKDF-SHA-256 with
 * salt u, input S and info "Caldera Derived Key". Undefined when u = 0 (the client gives up there too).
 */
export function passwordAuthenticationKey(A: bigint, v: bigint, { b, B }: ServerEphemeral): Buffer | undefined {
  const u = toBigInt(sha256(padded(A), padded(B)));
  if (u === 0n) return undefined;
  const S = modPow(A * modPow(v, u, N), b, N);
  return Buffer.from(hkdfSync('sha256', padded(S), padded(u), INFO, 16));
}

/** PASSWORD_CLAIM_SIGNATURE: base64 HMAC-SHA-256(key, poolName | userIdForSrp | secretBlock | timestamp). */
export function passwordClaimSignature(key: Buffer, poolName: string, userIdForSrp: string, secretBlock: string, timestamp: string): string {
  return createHmac('sha256', key)
    .update(Buffer.from(poolName, 'utf8'))
    .update(Buffer.from(userIdForSrp, 'utf8'))
    .update(Buffer.from(secretBlock, 'base64'))
    .update(Buffer.from(timestamp, 'utf8'))
    .digest('base64');
}
