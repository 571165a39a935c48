import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import {
  acceptableA,
  padHex,
  parseHex,
  passwordAuthenticationKey,
  passwordClaimSignature,
  serverEphemeral,
  verifier,
} from '../../../sandbox/cognito/srp';

/**
 * The server side of SRP against the client amazon-cognito-identity-js ships: both must derive the same
 * key from a right password, and different keys from a wrong one.
 */

interface ClientHelper {
  getLargeAValue(callback: (error: unknown, A: { toString(radix: number): string }) => void): void;
  getPasswordAuthenticationKey(
    username: string,
    password: string,
    B: unknown,
    salt: unknown,
    callback: (error: unknown, key: Uint8Array) => void,
  ): void;
}
const unwrap = <T>(module: unknown): T => ((module as { default?: T }).default ?? module) as T;
// The package declares types for its entry point only: its SRP helper and big integers are loaded as they are.
/* eslint-disable @typescript-eslint/no-require-imports */
const AuthenticationHelper = unwrap<new (poolName: string) => ClientHelper>(require('amazon-cognito-identity-js/lib/AuthenticationHelper.js'));
const BigInteger = unwrap<new (hex: string, radix: number) => unknown>(require('amazon-cognito-identity-js/lib/BigInteger.js'));
/* eslint-enable @typescript-eslint/no-require-imports */

const POOL_NAME = 'AbCd1234';
const USER_ID = '0b3c2f9e-6a41-4c8e-9a57-2f1d4e5b6c7d';

/** The client's key for a challenge, as CognitoUser.authenticateUser derives it; and its A. */
function clientKey(password: string, saltHex: string, B: bigint): Promise<{ A: bigint; key: Buffer }> {
  const helper = new AuthenticationHelper(POOL_NAME);
  return new Promise((resolve, reject) => {
    helper.getLargeAValue((error, A) => {
      if (error) return reject(error as Error);
      helper.getPasswordAuthenticationKey(USER_ID, password, new BigInteger(B.toString(16), 16), new BigInteger(saltHex, 16), (keyError, key) =>
        keyError ? reject(keyError as Error) : resolve({ A: BigInt(`0x${A.toString(16)}`), key: Buffer.from(key) }),
      );
    });
  });
}

describe('sandbox cognito: SRP, the server side of amazon-cognito-identity-js', function () {
  it('pads hex as the client does: even length, 00 before a set top bit', function () {
    expect(padHex(0x14n)).to.equal('14');
    expect(padHex(0xecn)).to.equal('00ec');
    expect(padHex(0xc8n)).to.equal('00c8');
    expect(padHex(0x1abn)).to.equal('01ab');
  });

  it('derives the key the client derives, for salts with and without leading zeros', async function () {
    for (const salt of ['00' + randomBytes(15).toString('hex'), '8f' + randomBytes(15).toString('hex'), randomBytes(16).toString('hex')]) {
      const v = verifier(POOL_NAME, USER_ID, 'the right password', salt);
      const ephemeral = serverEphemeral(v);
      const client = await clientKey('the right password', salt, ephemeral.B);
      expect(passwordAuthenticationKey(client.A, v, ephemeral)?.toString('hex')).to.equal(client.key.toString('hex'));
    }
  });

  it('derives another key from a wrong password, so the signature cannot match', async function () {
    const salt = randomBytes(16).toString('hex');
    const v = verifier(POOL_NAME, USER_ID, 'the right password', salt);
    const ephemeral = serverEphemeral(v);
    const client = await clientKey('a wrong password', salt, ephemeral.B);
    const serverKey = passwordAuthenticationKey(client.A, v, ephemeral);
    expect(serverKey).to.not.equal(undefined);
    const block = randomBytes(32).toString('base64');
    const timestamp = 'Mon Mar 2 09:30:15 UTC 2026';
    expect(passwordClaimSignature(serverKey!, POOL_NAME, USER_ID, block, timestamp)).to.not.equal(
      passwordClaimSignature(client.key, POOL_NAME, USER_ID, block, timestamp),
    );
  });

  it('signs pool name, user id, secret block and timestamp: changing any one changes the signature', function () {
    const key = randomBytes(16);
    const block = randomBytes(32).toString('base64');
    const base = passwordClaimSignature(key, POOL_NAME, USER_ID, block, 'Mon Mar 2 09:30:15 UTC 2026');
    expect(passwordClaimSignature(key, 'Other', USER_ID, block, 'Mon Mar 2 09:30:15 UTC 2026')).to.not.equal(base);
    expect(passwordClaimSignature(key, POOL_NAME, 'someone-else', block, 'Mon Mar 2 09:30:15 UTC 2026')).to.not.equal(base);
    expect(passwordClaimSignature(key, POOL_NAME, USER_ID, randomBytes(32).toString('base64'), 'Mon Mar 2 09:30:15 UTC 2026')).to.not.equal(base);
    expect(passwordClaimSignature(key, POOL_NAME, USER_ID, block, 'Mon Mar 2 09:30:16 UTC 2026')).to.not.equal(base);
  });

  it('refuses an A that is 0 mod N, and hex that is not hex', function () {
    expect(acceptableA(0n)).to.equal(false);
    expect(acceptableA(2n)).to.equal(true);
    expect(parseHex('zz')).to.equal(undefined);
    expect(parseHex('')).to.equal(undefined);
    expect(parseHex('0aFF')).to.equal(0xaffn);
  });
});
