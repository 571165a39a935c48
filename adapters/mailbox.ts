import { parseEmailAddress } from '../domain';

/** An address with an optional display name, as in `Gatehouse <no-reply@example.com>`. */
export interface Mailbox {
  readonly name?: string;
  /** The domain in its ASCII (punycode) form: SES and SMTP servers without SMTPUTF8 take no other. */
  readonly address: string;
}

/** Characters no address or display name of ours may hold: line breaks would start a new header. */
const CONTROL = /[\u0000-\u001f\u007f]/;
/** A local part without quoting: no spaces, no specials of RFC 5322 other than dots. */
const LOCAL_PART = /^[^\s"(),:;<>@[\\\]]+$/;

/**
 * Parses `address` or `Display Name <address>` (the name may be quoted). Undefined for anything else,
 * so that a misspelt sender is refused when the adapter is built, not when the first user signs up.
 */
export function parseMailbox(text: string): Mailbox | undefined {
  const trimmed = text.trim();
  if (trimmed.length === 0 || CONTROL.test(trimmed)) return undefined;
  const named = /^(.*?)\s*<([^<>]*)>$/.exec(trimmed);
  const rawAddress = named ? (named[2] ?? '').trim() : trimmed;
  const address = parseAddress(rawAddress);
  if (address === undefined) return undefined;
  const name = named ? unquote((named[1] ?? '').trim()) : '';
  if (name === undefined) return undefined;
  return name.length > 0 ? { name, address } : { address };
}

/** A bare address (a recipient): undefined when it is not one, or carries a display name. */
export function parseAddress(text: string): string | undefined {
  if (CONTROL.test(text)) return undefined;
  const parsed = parseEmailAddress(text.trim());
  if (parsed === undefined || !LOCAL_PART.test(parsed.local)) return undefined;
  return `${parsed.local}@${parsed.domain}`;
}

function unquote(name: string): string | undefined {
  if (!name.startsWith('"')) return name.includes('"') ? undefined : name;
  if (name.length < 2 || !name.endsWith('"')) return undefined;
  return name.slice(1, -1).replace(/\\(.)/g, '$1');
}

/** Printable ASCII that may stand unquoted in a display name (RFC 5322 atext and spaces). */
const ATOMS = /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~ ]+$/;
/** Bytes of UTF-8 per encoded word: 45 bytes make 60 base64 characters, inside the 75 RFC 2047 allows. */
const BYTES_PER_WORD = 45;

/**
 * The mailbox as a header value: `address`, `Name <address>`, `"Name, Inc." <address>`, or with RFC 2047
 * encoded words for names outside ASCII (`=?UTF-8?B?…?= <address>`), which SES requires of `Source`.
 */
export function formatMailbox(mailbox: Mailbox): string {
  const name = mailbox.name;
  if (name === undefined || name.length === 0) return mailbox.address;
  if (ATOMS.test(name)) return `${name} <${mailbox.address}>`;
  if (/^[\x20-\x7e]*$/.test(name)) return `"${name.replace(/(["\\])/g, '\\$1')}" <${mailbox.address}>`;
  return `${encodedWords(name).join(' ')} <${mailbox.address}>`;
}

function encodedWords(text: string): string[] {
  const words: string[] = [];
  let chunk = '';
  for (const character of text) {
    // Never split a character across two words: each word must decode on its own.
    if (Buffer.byteLength(chunk + character) > BYTES_PER_WORD) {
      words.push(chunk);
      chunk = '';
    }
    chunk += character;
  }
  if (chunk.length > 0) words.push(chunk);
  return words.map((word) => `=?UTF-8?B?${Buffer.from(word, 'utf8').toString('base64')}?=`);
}
