import { generateKeyPairSync, randomBytes, sign, X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import { getCACertificates, setDefaultCACertificates } from 'node:tls';

export interface SelfSignedCertificate {
  /** PEM: what a TLS server presents, and what a test client adds to its trusted certificates. */
  readonly cert: string;
  readonly key: string;
}

/**
 * A self-signed X.509 certificate (ECDSA P-256, SHA-256) for the given host names and IP addresses,
 * valid for a day. node:crypto signs and parses certificates but cannot make one, so the DER is
 * written here: the few structures of RFC 5280 a TLS server certificate needs.
 */
export function selfSignedCertificate(hosts: readonly string[] = ['127.0.0.1', 'localhost']): SelfSignedCertificate {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const ecdsaWithSha256 = sequence(oid('1.2.840.10045.4.3.2'));
  const name = sequence(set(sequence(oid('2.5.4.3'), tlv(0x0c, Buffer.from(hosts[0] ?? 'localhost')))));
  const now = Date.now();
  const alternativeNames = hosts.map((host) =>
    isIP(host) === 4 ? tlv(0x87, Buffer.from(host.split('.').map(Number))) : tlv(0x82, Buffer.from(host, 'ascii')),
  );
  const extensions = sequence(
    sequence(oid('2.5.29.19'), tlv(0x01, Buffer.from([0xff])), octetString(sequence(tlv(0x01, Buffer.from([0xff]))))),
    sequence(oid('2.5.29.17'), octetString(sequence(...alternativeNames))),
  );
  const serial = randomBytes(16);
  // A positive INTEGER in DER's minimal form: high bit clear (positive), first byte never 0 (a leading
  // zero before a byte under 0x80 is "illegal padding", one certificate in 256).
  serial[0] = ((serial[0] ?? 0) & 0x7f) | 0x01;
  const tbs = sequence(
    tlv(0xa0, integer(Buffer.from([2]))), // version 3
    integer(serial),
    ecdsaWithSha256,
    name,
    sequence(utcTime(new Date(now - 60_000)), utcTime(new Date(now + 86_400_000))),
    name,
    publicKey.export({ type: 'spki', format: 'der' }),
    tlv(0xa3, extensions),
  );
  const signature = sign('sha256', tbs, privateKey); // DER-encoded ECDSA signature
  const der = sequence(tbs, ecdsaWithSha256, tlv(0x03, Buffer.concat([Buffer.from([0]), signature])));
  const cert = `-----BEGIN CERTIFICATE-----\n${der.toString('base64').replace(/(.{64})/g, '$1\n').trimEnd()}\n-----END CERTIFICATE-----\n`;
  new X509Certificate(cert); // fails here, not in a handshake, if the encoding is wrong
  return { cert, key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
}

function tlv(tag: number, content: Buffer): Buffer {
  const length = content.length;
  let header: Buffer;
  if (length < 0x80) header = Buffer.from([tag, length]);
  else {
    const bytes: number[] = [];
    for (let rest = length; rest > 0; rest >>= 8) bytes.unshift(rest & 0xff);
    header = Buffer.from([tag, 0x80 | bytes.length, ...bytes]);
  }
  return Buffer.concat([header, content]);
}

const sequence = (...items: Buffer[]) => tlv(0x30, Buffer.concat(items));
const set = (...items: Buffer[]) => tlv(0x31, Buffer.concat(items));
const octetString = (content: Buffer) => tlv(0x04, content);
const integer = (bytes: Buffer) => tlv(0x02, bytes);

function oid(dotted: string): Buffer {
  const [first = 0, second = 0, ...rest] = dotted.split('.').map(Number);
  const bytes = [first * 40 + second];
  for (const arc of rest) {
    const groups = [arc & 0x7f];
    for (let value = arc >> 7; value > 0; value >>= 7) groups.unshift(0x80 | (value & 0x7f));
    bytes.push(...groups);
  }
  return tlv(0x06, Buffer.from(bytes));
}

function utcTime(date: Date): Buffer {
  const text = date.toISOString().replace(/[-:T]/g, '').slice(2, 14) + 'Z'; // YYMMDDhhmmssZ
  return tlv(0x17, Buffer.from(text, 'ascii'));
}

/**
 * Adds a certificate to what this process's TLS clients trust when they name no `ca` of their own (as
 * SmtpMailer does not); returns the undo.
 */
export function trustInThisProcess(cert: string): () => void {
  const previous = getCACertificates('default');
  setDefaultCACertificates([...previous, cert]);
  return () => setDefaultCACertificates(previous);
}
